package dev.coffer.user;

import java.time.Duration;

/**
 * How sign-ins are slowed and locked, and how long web sessions live.
 *
 * @param maxFailures failed sign-ins for one name within {@code window} that lock the name
 * @param window      the period in which failures are counted
 * @param lockFor     how long a locked name is refused, even with the right password
 * @param delay       the pause after a first failure; it doubles with each further failure, up to {@link #MAX_DELAY}
 * @param sessionIdle a web session ends after this long without a request
 * @param sessionMaxAge a web session ends this long after sign-in, however busy
 */
public record LoginPolicy(
        int maxFailures,
        Duration window,
        Duration lockFor,
        Duration delay,
        Duration sessionIdle,
        Duration sessionMaxAge) {
    public static final Duration MAX_DELAY = Duration.ofSeconds(1);
    public static final LoginPolicy DEFAULT = new LoginPolicy(
            5,
            Duration.ofMinutes(15),
            Duration.ofMinutes(15),
            Duration.ofMillis(250),
            Duration.ofHours(12),
            Duration.ofDays(7));

    public LoginPolicy {
        if (maxFailures < 1) throw new IllegalArgumentException("login.maxFailures must be at least 1");
        for (Duration d : new Duration[] {window, lockFor, delay, sessionIdle, sessionMaxAge}) {
            if (d == null || d.isNegative())
                throw new IllegalArgumentException("login and session durations must not be negative");
        }
    }

    /** The pause after the {@code failures}-th failure in a row: growing, capped at one second. */
    public Duration delayAfter(int failures) {
        if (failures <= 0 || delay.isZero()) return Duration.ZERO;
        long ms = delay.toMillis() << Math.min(failures - 1, 20);
        return Duration.ofMillis(Math.min(ms, Math.max(MAX_DELAY.toMillis(), delay.toMillis())));
    }
}
