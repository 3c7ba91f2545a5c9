package dev.coffer.server.config;

import java.time.Duration;

/**
 * How much one caller (one API token, or one user's web sessions) may ask of the server: at most
 * {@code requestsPerSecond} requests and {@code bytesPerSecond} of request and response bodies on
 * average, with up to {@code burst} worth of either spent at once. Zero turns a limit off. Past a
 * limit the answer is 429 with {@code Retry-After}; a transfer that runs past the byte limit
 * finishes, and the caller's next requests wait for the debt.
 */
public record CallerLimits(long requestsPerSecond, long bytesPerSecond, Duration burst) {
    /**
     * On by default for requests at a rate no client of Coffer reaches in normal work (a mount
     * creating small files makes a few hundred a second), so that only a runaway loop meets it.
     */
    public static final CallerLimits DEFAULT = new CallerLimits(1000, 0, Duration.ofSeconds(10));

    public CallerLimits {
        if (requestsPerSecond < 0 || bytesPerSecond < 0)
            throw new IllegalArgumentException("limits are zero (off) or positive");
        if (burst.isNegative() || burst.isZero()) throw new IllegalArgumentException("limits.burst must be positive");
    }
}
