package dev.coffer.gc;

import dev.coffer.blob.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A real store whose first delete stops until the test lets it go: the moment between "the
 * collector removed the rows" and "the collector deletes the blobs", held open so that a test
 * can store the same bytes again in it. Everything else goes straight to the store underneath.
 */
final class PausingBlobStore implements BlobStore {
    private final BlobStore store;
    final CountDownLatch deleting = new CountDownLatch(1);
    final CountDownLatch go = new CountDownLatch(1);

    PausingBlobStore(BlobStore store) {
        this.store = store;
    }

    @Override
    public void delete(String key) throws IOException {
        deleting.countDown();
        try {
            if (!go.await(30, TimeUnit.SECONDS)) throw new IOException("the test never let the delete go");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        store.delete(key);
    }

    @Override
    public void put(String key, byte[] data) throws IOException {
        store.put(key, data);
    }

    @Override
    public byte[] get(String key) throws IOException {
        return store.get(key);
    }

    @Override
    public byte[] getRange(String key, long offset, int length) throws IOException {
        return store.getRange(key, offset, length);
    }

    @Override
    public InputStream open(String key) throws IOException {
        return store.open(key);
    }

    @Override
    public long size(String key) throws IOException {
        return store.size(key);
    }

    @Override
    public void list(String prefix, Consumer<String> visitor) throws IOException {
        store.list(prefix, visitor);
    }

    @Override
    public void checkReachable() throws IOException {
        store.checkReachable();
    }

    @Override
    public String describe() {
        return "pausing " + store.describe();
    }

    @Override
    public void close() {
        store.close();
    }
}
