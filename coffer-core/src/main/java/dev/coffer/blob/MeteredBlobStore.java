package dev.coffer.blob;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Reports every call that reaches a store, its outcome and its time, to a {@link Calls} listener
 * (the server's metrics), and changes nothing else: the bytes, the answers and the errors pass
 * through as they are. An interface of its own keeps the core free of any metrics library.
 *
 * <p>The server puts it directly around the real store, inside {@link RetryingBlobStore}, so that
 * each attempt of a retried call counts as a call of its own (a failed one, then perhaps a good
 * one): what the bucket really answered, and how long it took each time.
 *
 * <p>What a time covers: {@link #open} until the stream is open (reading it is the caller's);
 * {@link #list} the whole listing, including what the visitor does with each key.
 */
public final class MeteredBlobStore implements BlobStore {
    /** The store's calls, with the names their metric labels carry. */
    public enum Op {
        PUT("put"),
        GET("get"),
        GET_RANGE("getRange"),
        OPEN("open"),
        SIZE("size"),
        DELETE("delete"),
        LIST("list"),
        CHECK_REACHABLE("checkReachable");

        public final String label;

        Op(String label) {
            this.label = label;
        }
    }

    /** How a call ended: an answer, "no such blob" (an answer too, not a failure), or an error. */
    public enum Outcome {
        OK("ok"),
        NOT_FOUND("not_found"),
        ERROR("error");

        public final String label;

        Outcome(String label) {
            this.label = label;
        }
    }

    /** Told of each call once it ended; must be quick and must not throw. */
    @FunctionalInterface
    public interface Calls {
        void called(Op op, Outcome outcome, long nanos);
    }

    private final BlobStore inner;
    private final Calls calls;

    public MeteredBlobStore(BlobStore inner, Calls calls) {
        this.inner = inner;
        this.calls = calls;
    }

    public BlobStore inner() {
        return inner;
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws IOException;
    }

    private <T> T timed(Op op, Call<T> call) throws IOException {
        long start = System.nanoTime();
        Outcome outcome = Outcome.ERROR;
        try {
            T result = call.run();
            outcome = op == Op.SIZE && (Long) result < 0 ? Outcome.NOT_FOUND : Outcome.OK;
            return result;
        } catch (BlobNotFoundException e) {
            outcome = Outcome.NOT_FOUND;
            throw e;
        } finally {
            // Runtime errors (a refused key, a range past the end) are reported as errors too.
            calls.called(op, outcome, System.nanoTime() - start);
        }
    }

    @Override
    public void put(String key, byte[] data) throws IOException {
        timed(Op.PUT, () -> {
            inner.put(key, data);
            return null;
        });
    }

    @Override
    public byte[] get(String key) throws IOException {
        return timed(Op.GET, () -> inner.get(key));
    }

    @Override
    public byte[] getRange(String key, long offset, int length) throws IOException {
        return timed(Op.GET_RANGE, () -> inner.getRange(key, offset, length));
    }

    @Override
    public InputStream open(String key) throws IOException {
        return timed(Op.OPEN, () -> inner.open(key));
    }

    @Override
    public long size(String key) throws IOException {
        return timed(Op.SIZE, () -> inner.size(key));
    }

    @Override
    public void delete(String key) throws IOException {
        timed(Op.DELETE, () -> {
            inner.delete(key);
            return null;
        });
    }

    @Override
    public void list(String prefix, Consumer<String> visitor) throws IOException {
        timed(Op.LIST, () -> {
            inner.list(prefix, visitor);
            return null;
        });
    }

    @Override
    public void checkReachable() throws IOException {
        timed(Op.CHECK_REACHABLE, () -> {
            inner.checkReachable();
            return null;
        });
    }

    @Override
    public String describe() {
        return inner.describe();
    }

    @Override
    public void close() {
        inner.close();
    }
}
