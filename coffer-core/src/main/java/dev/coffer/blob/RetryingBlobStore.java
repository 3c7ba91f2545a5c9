package dev.coffer.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries a failed store call again, after a growing random pause, so that a short outage of a
 * bucket's server (a dropped connection, a 503 "slow down", a restart behind a load balancer)
 * costs a little time instead of a failed upload.
 *
 * <p>Every call of the {@link BlobStore} contract may be repeated safely: a put writes the same
 * bytes under the same key (content addressing), a delete of a missing key is not an error, reads
 * change nothing. Not retried: {@link BlobNotFoundException} (an answer, not a failure),
 * {@link IllegalArgumentException} (a mistake that repeats), and a listing that already handed
 * keys to its visitor (a second pass would visit them twice, which the contract forbids). The
 * bytes of a stream from {@link #open} are not retried either: only the opening is.
 *
 * <p>A call that fails on every attempt throws {@link StoreUnavailableException} (its cause the
 * last failure), which the HTTP layer answers with 503 and {@code Retry-After}.
 *
 * <p>Pauses are "full jitter" (a random time between zero and an exponentially growing cap), so
 * that many uploads that failed together do not all come back at the same moment.
 */
public final class RetryingBlobStore implements BlobStore {
    private static final Logger log = LoggerFactory.getLogger(RetryingBlobStore.class);

    private final BlobStore inner;
    private final int attempts;
    private final long firstPauseNanos;
    private final long maxPauseNanos;
    private final LongAdder retries = new LongAdder();
    private final LongAdder failures = new LongAdder();

    /**
     * @param attempts how many times a call is tried in all (at least 1)
     * @param firstPause the cap of the first pause; each further pause's cap doubles
     * @param maxPause no pause is longer than this
     */
    public RetryingBlobStore(BlobStore inner, int attempts, Duration firstPause, Duration maxPause) {
        if (attempts < 1) throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
        if (firstPause.isNegative() || maxPause.compareTo(firstPause) < 0)
            throw new IllegalArgumentException("pauses must satisfy 0 <= firstPause <= maxPause");
        this.inner = inner;
        this.attempts = attempts;
        this.firstPauseNanos = firstPause.toNanos();
        this.maxPauseNanos = maxPause.toNanos();
    }

    /** The server's default: 5 attempts, pauses from up to 50 ms to at most 2 s (about 3.5 s in all). */
    public static RetryingBlobStore around(BlobStore inner) {
        return new RetryingBlobStore(inner, 5, Duration.ofMillis(50), Duration.ofSeconds(2));
    }

    /**
     * The retrying store that {@code store} is, or that its metering wraps (a test's decorated
     * store may retry underneath it); null when its calls are not retried.
     */
    public static RetryingBlobStore of(BlobStore store) {
        BlobStore s = store instanceof MeteredBlobStore metered ? metered.inner() : store;
        return s instanceof RetryingBlobStore retrying ? retrying : null;
    }

    /** Calls that failed at least once and were tried again (one count per repeat). */
    public long retries() {
        return retries.sum();
    }

    /** Calls that failed on every attempt and whose error reached the caller. */
    public long failures() {
        return failures.sum();
    }

    public BlobStore inner() {
        return inner;
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws IOException;
    }

    private <T> T withRetries(String what, String key, Call<T> call) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (BlobNotFoundException | InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                if (attempt >= attempts) {
                    failures.increment();
                    throw new StoreUnavailableException(
                            what + " " + key + " failed " + attempts + " times: " + e.getMessage(), e);
                }
                retries.increment();
                long pause = pauseBefore(attempt + 1);
                log.debug(
                        "{} {} failed (attempt {} of {}), trying again in {} ms: {}",
                        what,
                        key,
                        attempt,
                        attempts,
                        pause / 1_000_000,
                        e.toString());
                sleep(pause, e);
            }
        }
    }

    /** A random pause up to {@code firstPause × 2^(attempt-2)}, capped at {@code maxPause}. */
    private long pauseBefore(int attempt) {
        int doublings = Math.min(attempt - 2, 30);
        long cap = Math.min(maxPauseNanos, firstPauseNanos << doublings);
        if (cap < 0) cap = maxPauseNanos; // the shift overflowed
        return cap <= 0 ? 0 : ThreadLocalRandom.current().nextLong(cap + 1);
    }

    private static void sleep(long nanos, IOException cause) throws IOException {
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            InterruptedIOException stop = new InterruptedIOException("interrupted while waiting to try again");
            stop.addSuppressed(cause);
            throw stop;
        }
    }

    @Override
    public void put(String key, byte[] data) throws IOException {
        withRetries("put", key, () -> {
            inner.put(key, data);
            return null;
        });
    }

    @Override
    public byte[] get(String key) throws IOException {
        return withRetries("get", key, () -> inner.get(key));
    }

    @Override
    public byte[] getRange(String key, long offset, int length) throws IOException {
        return withRetries("get range of", key, () -> inner.getRange(key, offset, length));
    }

    @Override
    public InputStream open(String key) throws IOException {
        return withRetries("open", key, () -> inner.open(key));
    }

    @Override
    public long size(String key) throws IOException {
        return withRetries("size of", key, () -> inner.size(key));
    }

    @Override
    public void delete(String key) throws IOException {
        withRetries("delete", key, () -> {
            inner.delete(key);
            return null;
        });
    }

    @Override
    public void list(String prefix, Consumer<String> visitor) throws IOException {
        boolean[] visited = {false};
        Consumer<String> counting = key -> {
            visited[0] = true;
            visitor.accept(key);
        };
        for (int attempt = 1; ; attempt++) {
            try {
                inner.list(prefix, counting);
                return;
            } catch (IOException e) {
                if (visited[0] || e instanceof InterruptedIOException) {
                    failures.increment();
                    throw e;
                }
                if (attempt >= attempts) {
                    failures.increment();
                    throw new StoreUnavailableException(
                            "list " + prefix + " failed " + attempts + " times: " + e.getMessage(), e);
                }
                retries.increment();
                sleep(pauseBefore(attempt + 1), e);
            }
        }
    }

    @Override
    public void checkReachable() throws IOException {
        // Not retried: readiness must report an outage as it is, not hide it for seconds.
        inner.checkReachable();
    }

    @Override
    public String describe() {
        return inner.describe() + " (calls tried up to " + attempts + " times)";
    }

    @Override
    public void close() {
        inner.close();
    }
}
