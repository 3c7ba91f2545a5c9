package dev.coffer.server.config;

import java.time.Duration;

/**
 * How long records that only grow are kept before a periodic job purges them.
 *
 * @param audit         audit events older than this are deleted
 * @param loginFailures a name's failed sign-in count is forgotten this long after its first
 *                      failure (never while the name is locked or inside the counting window)
 */
public record Retention(Duration audit, Duration loginFailures) {
    public static final Retention DEFAULT = new Retention(Duration.ofDays(400), Duration.ofDays(1));

    public Retention {
        if (audit == null || audit.isNegative() || audit.isZero())
            throw new IllegalArgumentException("audit.retention must be positive");
        if (loginFailures == null || loginFailures.isNegative() || loginFailures.isZero()) {
            throw new IllegalArgumentException("login.failureRetention must be positive");
        }
    }
}
