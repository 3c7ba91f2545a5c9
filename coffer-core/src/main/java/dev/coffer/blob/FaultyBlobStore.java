package dev.coffer.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A store that misbehaves on purpose, for tests of everything above it: calls fail at a chosen
 * rate, take a random extra time, and a {@link #crash()} drops the writes still on their way.
 *
 * <p>A failing put fails in one of two ways, half of each: before anything is stored, or after
 * the blob was stored but before the answer (the acknowledgement lost on the way back). Both
 * happen to real stores, and the second is the one that leaves unreferenced blobs behind.
 *
 * <p>A put is "on its way" during its delay; {@link #crash()} makes every such put fail without
 * storing anything, and every call fail until {@link #recover()}, as a store that lost power
 * would. A put whose bytes already reached the inner store when the crash came is kept there
 * (it was durable) but still answers with an error, since its answer never left.
 *
 * <p>Listing fails, when it fails, before visiting any key. Settings may change while calls run.
 */
public final class FaultyBlobStore implements BlobStore {
    private final BlobStore inner;
    private final Random random;
    private volatile double errorRate;
    private volatile long maxDelayNanos;
    private volatile boolean crashed;
    private final AtomicLong crashes = new AtomicLong();
    private final LongAdder injected = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    /** A store that behaves until told otherwise; {@code seed} makes its choices repeatable. */
    public FaultyBlobStore(BlobStore inner, long seed) {
        this.inner = inner;
        this.random = new Random(seed);
    }

    /** Fails this fraction of calls (0 to 1). */
    public FaultyBlobStore failing(double rate) {
        if (rate < 0 || rate > 1) throw new IllegalArgumentException("rate must be between 0 and 1, not " + rate);
        this.errorRate = rate;
        return this;
    }

    /** Adds a random delay of up to {@code max} to every call. */
    public FaultyBlobStore slowedBy(Duration max) {
        this.maxDelayNanos = max.toNanos();
        return this;
    }

    /** From now on every call fails, and the puts on their way are dropped, until {@link #recover()}. */
    public void crash() {
        crashed = true;
        crashes.incrementAndGet();
    }

    /** The store is back: calls reach the inner store again. */
    public void recover() {
        crashed = false;
    }

    /** Failures made up so far (not counting those of a crash). */
    public long injectedFailures() {
        return injected.sum();
    }

    /** Puts that a crash dropped before their bytes were stored. */
    public long droppedWrites() {
        return dropped.sum();
    }

    public BlobStore inner() {
        return inner;
    }

    private void delay() throws IOException {
        long max = maxDelayNanos;
        if (max <= 0) return;
        long nanos;
        synchronized (random) {
            nanos = (long) (random.nextDouble() * max);
        }
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted in an injected delay");
        }
    }

    /** True with probability {@code p}. */
    private boolean roll(double p) {
        if (p <= 0) return false;
        synchronized (random) {
            return random.nextDouble() < p;
        }
    }

    private void checkUp(String what, String key) throws IOException {
        if (crashed) throw new IOException("injected: the store is down (" + what + " " + key + ")");
    }

    /** Delay, then an injected failure or the go-ahead. */
    private void before(String what, String key) throws IOException {
        delay();
        checkUp(what, key);
        if (roll(errorRate)) {
            injected.increment();
            throw new IOException("injected: " + what + " " + key + " failed");
        }
    }

    @Override
    public void put(String key, byte[] data) throws IOException {
        long era = crashes.get();
        delay(); // the bytes are on their way
        if (crashes.get() != era || crashed) {
            dropped.increment();
            throw new IOException("injected: the store went down while " + key + " was on its way; nothing stored");
        }
        boolean fail = roll(errorRate);
        boolean afterStoring = fail && roll(0.5);
        if (fail && !afterStoring) {
            injected.increment();
            throw new IOException("injected: put " + key + " failed; nothing stored");
        }
        inner.put(key, data);
        if (crashes.get() != era) throw new IOException("injected: the store went down before answering put " + key);
        if (afterStoring) {
            injected.increment();
            throw new IOException("injected: put " + key + " was stored but its answer was lost");
        }
    }

    @Override
    public byte[] get(String key) throws IOException {
        before("get", key);
        return inner.get(key);
    }

    @Override
    public byte[] getRange(String key, long offset, int length) throws IOException {
        before("get range of", key);
        return inner.getRange(key, offset, length);
    }

    @Override
    public InputStream open(String key) throws IOException {
        before("open", key);
        return inner.open(key);
    }

    @Override
    public long size(String key) throws IOException {
        before("size of", key);
        return inner.size(key);
    }

    @Override
    public void delete(String key) throws IOException {
        before("delete", key);
        inner.delete(key);
    }

    @Override
    public void list(String prefix, Consumer<String> visitor) throws IOException {
        before("list", prefix);
        inner.list(prefix, visitor);
    }

    @Override
    public void checkReachable() throws IOException {
        checkUp("check", "reachability");
        inner.checkReachable();
    }

    @Override
    public String describe() {
        return inner.describe() + " (with injected faults)";
    }

    @Override
    public void close() {
        inner.close();
    }
}
