package dev.coffer.cli.mount;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The content of a file open for writing: in memory while it is small, in a local file once it
 * grows past {@link #IN_MEMORY}. Most files a program writes through the mount are small, and a
 * spool file of their own costs a create, a second open, a read back and a delete on the local
 * disk for each of them; a large file needs the disk (a file of any size must fit).
 */
final class Spool implements AutoCloseable {
    /** Largest content kept in memory: what is sent in one request (see {@link RemoteTree#ONE_REQUEST}). */
    static final long IN_MEMORY = RemoteTree.ONE_REQUEST;

    private final Path dir;
    private byte[] memory = new byte[0];
    private long size;
    private Path path;
    private FileChannel file;

    Spool(Path dir) {
        this.dir = dir;
    }

    long size() {
        return size;
    }

    boolean inMemory() {
        return file == null;
    }

    int read(ByteBuffer dst, long offset, int want) throws IOException {
        if (offset >= size) return 0;
        int n = (int) Math.min(want, size - offset);
        if (file == null) {
            dst.put(dst.position(), memory, (int) offset, n);
            return n;
        }
        ByteBuffer slice = dst.slice(dst.position(), n);
        int done = 0;
        while (done < n) {
            int r = file.read(slice, offset + done);
            if (r < 0) break;
            done += r;
        }
        return done;
    }

    void write(ByteBuffer src, long offset, int count) throws IOException {
        long end = offset + count;
        if (file == null && end > IN_MEMORY) spill();
        if (file == null) {
            ensure((int) end);
            src.get(src.position(), memory, (int) offset, count);
        } else {
            ByteBuffer slice = src.slice(src.position(), count);
            int done = 0;
            while (done < count) done += file.write(slice, offset + done);
        }
        size = Math.max(size, end);
    }

    void truncate(long newSize) throws IOException {
        if (file == null && newSize > IN_MEMORY) spill();
        if (file == null) {
            if (newSize > size) ensure((int) newSize);
            // Bytes past a cut read as zeros when the file grows again, as in any file.
            if (newSize < size) Arrays.fill(memory, (int) newSize, (int) Math.min(size, memory.length), (byte) 0);
        } else if (newSize < size) {
            file.truncate(newSize);
        } else if (newSize > size) {
            file.write(ByteBuffer.allocate(1), newSize - 1);
        }
        size = newSize;
    }

    /** The whole content; only while it is in memory. */
    byte[] bytes() {
        if (file != null) throw new IllegalStateException("the spool is on disk");
        return Arrays.copyOf(memory, (int) size);
    }

    /** The local file holding the content, written out first when it was in memory. */
    Path path() throws IOException {
        if (file == null) spill();
        return path;
    }

    private void ensure(int capacity) {
        if (capacity <= memory.length) return;
        memory =
                Arrays.copyOf(memory, Math.max(capacity, Math.min((int) IN_MEMORY, Math.max(4096, memory.length * 2))));
    }

    private void spill() throws IOException {
        path = Files.createTempFile(dir, "open-", ".spool");
        file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        ByteBuffer data = ByteBuffer.wrap(memory, 0, (int) size);
        while (data.hasRemaining()) file.write(data, data.position());
        memory = null;
    }

    @Override
    public void close() throws IOException {
        if (file != null) {
            file.close();
            Files.deleteIfExists(path);
            file = null;
        }
        memory = null;
    }
}
