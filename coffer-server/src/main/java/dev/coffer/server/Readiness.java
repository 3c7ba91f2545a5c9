package dev.coffer.server;

/**
 * Whether this server wants new work: it stops wanting it when it begins to shut down, before it
 * stops listening, so a load balancer that asks {@code /readyz} sends new requests elsewhere
 * while the ones in flight still finish here.
 */
public final class Readiness {
    private volatile boolean stopping;

    public boolean stopping() {
        return stopping;
    }

    void stop() {
        stopping = true;
    }
}
