package dev.coffer.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it: give it to the code under test, then
 * {@link #advance} past an expiry, a grace period or the end of a month instead of sleeping.
 * Safe to read and move from several threads (a server's request threads read it while the test
 * moves it). Clocks made by {@link #withZone} share the same time.
 */
public final class TestClock extends Clock {
    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    /** Starts at the current wall time (to the millisecond), so times the code stores look real, and stands still there. */
    public TestClock() {
        this(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    public TestClock(Instant start) {
        this(new AtomicReference<>(start), ZoneOffset.UTC);
    }

    private TestClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /**
     * Moves the time forward by {@code by} and returns the new time. Only forward: code under
     * test may rely on time never going back, and no test here is about a clock that does.
     */
    public Instant advance(Duration by) {
        if (by.isNegative()) throw new IllegalArgumentException("a test clock only moves forward; got " + by);
        return now.updateAndGet(t -> t.plus(by));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new TestClock(now, zone);
    }

    @Override
    public String toString() {
        return "TestClock[" + now.get() + ", " + zone + "]";
    }
}
