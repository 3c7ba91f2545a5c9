package dev.coffer.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Waits for another thread or process to get somewhere (a server to start, a background job to
 * finish, a collector to run) by asking again every few milliseconds, up to a timeout. This is
 * waiting, not letting time pass: a test that needs a timestamp to move uses {@link TestClock}.
 * A timeout is a test failure ({@link AssertionError}) that says what was last seen.
 */
public final class Await {
    /** Short enough that a test goes on soon after the condition holds, long enough not to hog a core. */
    private static final Duration POLL = Duration.ofMillis(20);

    private Await() {}

    /** A condition to ask about; it may do I/O (an HTTP request, a query). */
    @FunctionalInterface
    public interface Condition {
        boolean met() throws Exception;
    }

    /** Something to look at again and again; it may do I/O. */
    @FunctionalInterface
    public interface Probe<T> {
        T look() throws Exception;
    }

    /** Returns once {@code condition} holds; fails after {@code timeout}, saying {@code what} did not happen. */
    public static void until(Duration timeout, String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.met()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + timeout + ": " + what);
            Thread.sleep(POLL);
        }
    }

    /** Returns the first value of {@code probe} that {@code done} accepts; fails after {@code timeout}, naming the last value. */
    public static <T> T until(Duration timeout, Probe<T> probe, Predicate<? super T> done) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T seen = probe.look();
            if (done.test(seen)) return seen;
            if (System.nanoTime() > deadline)
                throw new AssertionError("not there within " + timeout + "; last seen: " + seen);
            Thread.sleep(POLL);
        }
    }

    /**
     * Returns the value of {@code probe} once it has stayed the same for {@code quiet}: for another
     * process that goes on a little after being told to stop (requests in flight finishing).
     * Fails if it is still changing after {@code timeout}.
     */
    public static <T> T steady(Duration timeout, Duration quiet, Probe<T> probe) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = probe.look();
        long since = System.nanoTime();
        while (true) {
            Thread.sleep(POLL);
            T seen = probe.look();
            long now = System.nanoTime();
            if (!Objects.equals(seen, last)) {
                last = seen;
                since = now;
            } else if (now - since >= quiet.toNanos()) {
                return seen;
            }
            if (now > deadline) throw new AssertionError("still changing after " + timeout + "; last seen: " + seen);
        }
    }
}
