package dev.coffer.server.http;

import java.util.Map;

/**
 * A request refused at the HTTP edge for how it arrives rather than what it asks: a body too
 * large or too slow, or a server with no room for it right now. {@link Problems} turns it into
 * a problem answer; {@code retryAfterSeconds} (when positive) becomes {@code Retry-After}.
 * When the body was left half read, the connection is closed after the answer instead of being
 * drained, since draining a slow client is what the refusal avoids.
 */
final class Refusal extends RuntimeException {
    final int status;
    final String kind;
    final long retryAfterSeconds;
    final Map<String, Object> details;

    private Refusal(int status, String kind, String message, long retryAfterSeconds, Map<String, Object> details) {
        super(message, null, false, false);
        this.status = status;
        this.kind = kind;
        this.retryAfterSeconds = retryAfterSeconds;
        this.details = details;
    }

    /** 413: past a size or count limit, named in {@code limit} with its value. */
    static Refusal tooLarge(String message, String limit, long value) {
        return new Refusal(413, "too-large", message, 0, Map.of("limit", limit, "max", value));
    }

    /** 408: the body did not arrive at the minimum data rate (or stopped arriving). */
    static Refusal tooSlow(String message) {
        return new Refusal(408, "too-slow", message, 0, Map.of());
    }

    /** 503: the server has no room for this request now; the client should come back soon. */
    static Refusal saturated(String message, long retryAfterSeconds) {
        return new Refusal(503, "busy", message, retryAfterSeconds, Map.of("retryAfter", retryAfterSeconds));
    }
}
