package dev.coffer.server.config;

import java.time.Duration;

/**
 * How a server stops on SIGTERM: it answers {@code /readyz} with 503 for {@code unready} first, so
 * a load balancer stops sending it new work while it still answers, then stops listening and gives
 * the requests in flight up to {@code grace} to finish (new requests on open connections get 503).
 */
public record ShutdownTiming(Duration unready, Duration grace) {
    public static final ShutdownTiming DEFAULT = new ShutdownTiming(Duration.ofSeconds(5), Duration.ofSeconds(30));
}
