package dev.coffer.gc;

import dev.coffer.blob.BlobStore;
import dev.coffer.blob.ForwardingBlobStore;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real store whose first delete stops until the test lets it go: the moment between "the
 * collector removed the rows" and "the collector deletes the blobs", held open so that a test
 * can store the same bytes again in it. Everything else goes straight to the store underneath.
 */
final class PausingBlobStore extends ForwardingBlobStore {
    final CountDownLatch deleting = new CountDownLatch(1);
    final CountDownLatch go = new CountDownLatch(1);

    PausingBlobStore(BlobStore store) {
        super(store);
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
        inner.delete(key);
    }

    @Override
    public String describe() {
        return "pausing " + inner.describe();
    }
}
