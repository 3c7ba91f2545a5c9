package dev.coffer.user;

import dev.coffer.error.CofferException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Bounds how many Argon2id computations run at once in this process. Each one holds
 * {@link #COST_BYTES} of heap while it runs, and sign-in is open to anyone: without a bound, a
 * dozen anonymous sign-ins sent together fill a 256 MiB heap. A caller that cannot get a slot
 * within a short wait is refused with {@link CofferException.Busy} (HTTP 429 with
 * {@code Retry-After}) before anything is recorded, rather than queued without end.
 *
 * <p>The gate is re-entrant per thread, so a caller may hold it across a few steps (count the
 * attempt, then check the hash) while the hashing code below takes it again without waiting on
 * itself.
 */
public final class HashGate {
    /** Argon2id's memory (m=19456 KiB) plus a little for its working arrays. */
    static final long COST_BYTES = 20L * 1024 * 1024;
    /** At most this many at once, however large the heap: more only queue on the CPUs. */
    static final int MAX_SLOTS = 4;

    static final Duration WAIT = Duration.ofSeconds(2);
    static final long RETRY_AFTER_SECONDS = 1;

    /** The process-wide gate, sized from the maximum heap. */
    public static final HashGate SHARED =
            new HashGate(slotsFor(Runtime.getRuntime().maxMemory()), WAIT);

    private final Semaphore slots;
    private final int size;
    private final Duration wait;
    private final ThreadLocal<Integer> depth = ThreadLocal.withInitial(() -> 0);

    HashGate(int size, Duration wait) {
        if (size < 1) throw new IllegalArgumentException("a hash gate needs at least one slot");
        this.slots = new Semaphore(size, true);
        this.size = size;
        this.wait = wait;
    }

    /**
     * Slots for a heap of {@code maxHeap} bytes: hashing may take about a quarter of it, so the
     * rest (uploads, downloads, the database) keeps its room. 256 MiB gives 3 slots.
     */
    static int slotsFor(long maxHeap) {
        long quarter = maxHeap / 4;
        return (int) Math.max(1, Math.min(MAX_SLOTS, quarter / COST_BYTES));
    }

    public int size() {
        return size;
    }

    /** Runs {@code work} holding a slot; refuses with {@link CofferException.Busy} when none frees up in time. */
    public <T> T run(Supplier<T> work) {
        int held = depth.get();
        if (held > 0) {
            depth.set(held + 1);
            try {
                return work.get();
            } finally {
                depth.set(held);
            }
        }
        boolean got;
        try {
            got = slots.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            got = false;
        }
        if (!got) {
            throw new CofferException.Busy(
                    "the server is checking too many passwords at once; try again in " + RETRY_AFTER_SECONDS + " s",
                    RETRY_AFTER_SECONDS);
        }
        depth.set(1);
        try {
            return work.get();
        } finally {
            depth.remove();
            slots.release();
        }
    }
}
