package dev.coffer.server.config;

import java.time.Duration;

/**
 * How fast a request body must arrive (and a download be taken): after {@code grace}, a
 * connection must have moved at least {@code minBytesPerSecond} for every second past it. A
 * client that trickles a few bytes a second is cut off soon after the grace period (408 for a
 * body), so it cannot hold a thread, a buffer or a place in a queue for long.
 *
 * @param minBytesPerSecond the slowest pace accepted once the grace period has passed
 * @param grace             time every request gets before the pace counts (start-up, small bodies)
 */
public record BodyPace(long minBytesPerSecond, Duration grace) {
    public static final BodyPace DEFAULT = new BodyPace(16_000, Duration.ofSeconds(10));

    public BodyPace {
        if (minBytesPerSecond < 1)
            throw new IllegalArgumentException("http.minDataRate must be at least 1 byte per second");
        if (grace == null || grace.isNegative())
            throw new IllegalArgumentException("http.dataGrace must not be negative");
    }

    /** True when {@code bytes} moved in {@code elapsedNanos} is behind the pace. */
    public boolean behind(long elapsedNanos, long bytes) {
        double allowedSeconds = grace.toNanos() / 1e9 + (double) bytes / minBytesPerSecond;
        return elapsedNanos / 1e9 > allowedSeconds;
    }
}
