package dev.coffer.server.http;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The heap that request bodies held in memory (uploaded chunks) may take together, shared by
 * every client. A request takes its share as its bytes arrive, never ahead of them, so a client
 * that trickles holds almost nothing while it waits; a request that cannot get room within a
 * short wait is answered 503 with {@code Retry-After} instead of queueing behind the others.
 */
final class MemoryBudget {
    private static final int UNIT = 1024;
    static final Duration WAIT = Duration.ofSeconds(2);
    static final long RETRY_AFTER_SECONDS = 1;
    /** A quarter of the heap: 64 MiB at -Xmx256m, room for 8 chunks of 4 MiB being stored at once. */
    static final MemoryBudget SHARED =
            new MemoryBudget(Math.max(16L << 20, Runtime.getRuntime().maxMemory() / 4), WAIT);

    private final Semaphore units;
    private final long bytes;
    private final Duration wait;

    MemoryBudget(long bytes, Duration wait) {
        this.units = new Semaphore((int) Math.min(Integer.MAX_VALUE, bytes / UNIT), true);
        this.bytes = bytes;
        this.wait = wait;
    }

    long bytes() {
        return bytes;
    }

    /** Bytes not taken at the moment (for tests and diagnostics). */
    long available() {
        return (long) units.availablePermits() * UNIT;
    }

    Lease lease() {
        return new Lease();
    }

    /** One request's share; closing it gives everything back. */
    final class Lease implements AutoCloseable {
        private int held;

        /** Takes {@code more} bytes, waiting a little; refuses with 503 when the budget stays full. */
        void reserve(long more) {
            int want = (int) ((more + UNIT - 1) / UNIT);
            boolean got;
            try {
                got = units.tryAcquire(want, wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                got = false;
            }
            if (!got) {
                throw Refusal.saturated(
                        "the server is holding as many uploads in memory as it can; try again in " + RETRY_AFTER_SECONDS
                                + " s",
                        RETRY_AFTER_SECONDS);
            }
            held += want;
        }

        /** Gives back {@code fewer} bytes that this request no longer holds. */
        void release(long fewer) {
            int give = (int) Math.min(held, fewer / UNIT);
            held -= give;
            units.release(give);
        }

        @Override
        public void close() {
            units.release(held);
            held = 0;
        }
    }
}
