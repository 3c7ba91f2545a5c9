package dev.coffer.blob;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/** Passes every call to a real store; a test overrides the one call it bends. */
public class ForwardingBlobStore implements BlobStore {
    protected final BlobStore inner;

    public ForwardingBlobStore(BlobStore inner) {
        this.inner = inner;
    }

    @Override
    public void put(String key, byte[] data) throws IOException {
        inner.put(key, data);
    }

    @Override
    public byte[] get(String key) throws IOException {
        return inner.get(key);
    }

    @Override
    public byte[] getRange(String key, long offset, int length) throws IOException {
        return inner.getRange(key, offset, length);
    }

    @Override
    public InputStream open(String key) throws IOException {
        return inner.open(key);
    }

    @Override
    public long size(String key) throws IOException {
        return inner.size(key);
    }

    @Override
    public void delete(String key) throws IOException {
        inner.delete(key);
    }

    @Override
    public void list(String prefix, Consumer<String> visitor) throws IOException {
        inner.list(prefix, visitor);
    }

    @Override
    public void checkReachable() throws IOException {
        inner.checkReachable();
    }

    @Override
    public String describe() {
        return "forwarding to " + inner.describe();
    }

    @Override
    public void close() {
        inner.close();
    }
}
