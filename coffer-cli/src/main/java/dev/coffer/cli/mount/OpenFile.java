package dev.coffer.cli.mount;

import dev.coffer.wire.FileWire;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.LongPredicate;

/**
 * A file opened through the mount. Until it is written it reads from its chunk list (taken fresh
 * at open: close-to-open consistency; for a bucket, ranges of the object), each piece through the cache, with the next chunks fetched
 * ahead in parallel while reads go forward. The first write copies it into a local spool file;
 * from then on reads and writes go to the spool, and {@link #upload} sends it with the
 * deduplicating protocol, so an edit in the middle of a big file sends only the chunks around it.
 */
final class OpenFile {
    /** Chunks fetched ahead of a sequential reader (about 1 MiB each). */
    private static final int READ_AHEAD = 6;

    final RemoteTree tree;
    /** Where the file is now; a rename while it is open moves it. */
    volatile String rel;

    private final ChunkCache cache;
    private final ExecutorService fetchers;
    private final Path spoolDir;

    private List<FileWire.ChunkRef> chunks;
    private long[] starts;
    private long size;
    private long mtime;
    private int mode;

    private Spool spool;
    private boolean dirty;
    private FileWire.FileEntry committed;
    /** Whether anything was written or cut since open: a new or truncated file alone is sent at release only. */
    private boolean written;

    private boolean unlinked;
    private long lastReadEnd = -1;
    private final Set<String> prefetching = new HashSet<>();

    private OpenFile(RemoteTree tree, String rel, ChunkCache cache, ExecutorService fetchers, Path spoolDir) {
        this.tree = tree;
        this.rel = rel;
        this.cache = cache;
        this.fetchers = fetchers;
        this.spoolDir = spoolDir;
    }

    /** An existing file, as {@code manifest} says it is now. */
    static OpenFile of(
            RemoteTree tree,
            String rel,
            FileWire.FileManifest manifest,
            ChunkCache cache,
            ExecutorService fetchers,
            Path spoolDir) {
        OpenFile f = new OpenFile(tree, rel, cache, fetchers, spoolDir);
        f.setChunks(manifest.chunks());
        f.mtime = manifest.mtime();
        f.mode = manifest.mode() == null ? 0 : Integer.parseInt(manifest.mode(), 8);
        return f;
    }

    /** A new, empty file (created, or opened with O_TRUNC): it reaches the server at its first flush. */
    static OpenFile empty(
            RemoteTree tree, String rel, int mode, ChunkCache cache, ExecutorService fetchers, Path spoolDir)
            throws IOException {
        OpenFile f = new OpenFile(tree, rel, cache, fetchers, spoolDir);
        f.setChunks(List.of());
        f.mode = mode;
        f.mtime = System.currentTimeMillis();
        f.openSpool();
        f.dirty = true;
        return f;
    }

    private void setChunks(List<FileWire.ChunkRef> list) {
        chunks = list;
        starts = new long[list.size() + 1];
        for (int i = 0; i < list.size(); i++)
            starts[i + 1] = starts[i] + list.get(i).size();
        size = starts[list.size()];
    }

    synchronized long size() {
        return size;
    }

    synchronized long mtime() {
        return mtime;
    }

    synchronized int mode() {
        return mode;
    }

    synchronized boolean dirty() {
        return dirty;
    }

    synchronized int read(ByteBuffer buf, long count, long offset) throws IOException {
        if (offset >= size) return 0;
        int want = (int) Math.min(Math.min(count, buf.remaining()), size - offset);
        if (spool != null) return spool.read(buf, offset, want);
        int i = chunkAt(offset);
        int done = 0;
        while (done < want && i < chunks.size()) {
            byte[] data = chunkBytes(i);
            int from = (int) (offset + done - starts[i]);
            int n = Math.min(want - done, data.length - from);
            buf.put(buf.position() + done, data, from, n);
            done += n;
            i++;
        }
        if (offset == lastReadEnd || offset == 0) readAhead(chunkAt(offset + done));
        lastReadEnd = offset + done;
        return done;
    }

    private int chunkAt(long offset) {
        int lo = 0;
        int hi = chunks.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= offset) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    private byte[] chunkBytes(int i) {
        return tree.piece(cache, rel, chunks.get(i));
    }

    /** Starts fetching the chunks after {@code next} that are not cached yet, several at once. */
    private void readAhead(int next) {
        for (int i = next; i < Math.min(chunks.size(), next + READ_AHEAD); i++) {
            FileWire.ChunkRef ref = chunks.get(i);
            String id = ref.id();
            if (tree.hasPiece(cache, rel, ref) || !prefetching.add(id)) continue;
            fetchers.execute(() -> {
                try {
                    tree.piece(cache, rel, ref);
                } catch (RuntimeException e) {
                    // The reader fetches it again when it gets there, and reports what fails then.
                } finally {
                    synchronized (this) {
                        prefetching.remove(id);
                    }
                }
            });
        }
    }

    synchronized int write(ByteBuffer buf, long count, long offset) throws IOException {
        materialize();
        int want = (int) Math.min(count, buf.remaining());
        spool.write(buf, offset, want);
        size = Math.max(size, offset + want);
        touch();
        return want;
    }

    synchronized void truncate(long newSize) throws IOException {
        if (newSize == size && spool != null) return;
        materialize();
        spool.truncate(newSize);
        size = newSize;
        touch();
    }

    private void touch() {
        dirty = true;
        written = true;
        mtime = System.currentTimeMillis();
    }

    /** Keeps {@code millis} as the time the file is committed with (utimens on an open, changed file). */
    synchronized void setMtime(long millis) {
        mtime = millis;
    }

    synchronized void setMode(int bits) {
        mode = bits;
    }

    /** The file was deleted while open: what is written to it from now on is never sent. */
    synchronized void unlinked() {
        unlinked = true;
    }

    /**
     * Sends the spool when it holds changes; returns true when it did. Returns only when the server
     * has it all. {@code closing}: a close of one descriptor (FUSE's flush), where a file only
     * created or truncated is not sent yet: a shell runs {@code cmd > file} by opening the file,
     * closing that descriptor and writing through a copy, and sending the empty file then would
     * replace the old content before the write could be refused.
     */
    synchronized boolean upload(boolean closing) throws IOException {
        if (!dirty || unlinked || (closing && !written)) return false;
        // The spool is not forced to disk: it is read back from the page cache at once, and one
        // left by a crash is never replayed (see docs/design/mount.md); the server forces the file.
        committed = spool.inMemory()
                ? tree.upload(spool.bytes(), rel, mtime, mode)
                : tree.upload(spool.path(), rel, mtime, mode);
        dirty = false;
        return true;
    }

    /** A closed file's bytes and attributes, taken for the write-back. */
    record Snapshot(byte[] data, long mtime, int mode) {}

    /**
     * The file's bytes when it holds changes to send (as {@link #upload} would) and {@code
     * accepts} takes its size; it then counts as sent. Null when there is nothing to send or
     * the write-back does not take it (it is then sent with {@link #upload}).
     */
    synchronized Snapshot takeForWriteBack(boolean closing, LongPredicate accepts) throws IOException {
        if (!dirty || unlinked || (closing && !written) || !accepts.test(size)) return null;
        byte[] data;
        if (spool.inMemory()) {
            data = spool.bytes();
        } else {
            data = new byte[(int) size];
            if (spool.read(ByteBuffer.wrap(data), 0, data.length) != data.length)
                throw new IOException("the spool of " + rel + " is shorter than the file");
        }
        dirty = false;
        committed = null;
        return new Snapshot(data, mtime, mode);
    }

    /** What the server committed at the last {@link #upload}, when it said (null for a large file). */
    synchronized FileWire.FileEntry committed() {
        return committed;
    }

    /** Drops the spool; call after the last {@link #upload}. */
    synchronized void close() throws IOException {
        if (spool != null) {
            spool.close();
            spool = null;
        }
    }

    private void openSpool() {
        spool = new Spool(spoolDir);
    }

    /** Copies the file's current content into the spool: the first write's cost, once per open. */
    private void materialize() throws IOException {
        if (spool != null) return;
        openSpool();
        long at = 0;
        for (int i = 0; i < chunks.size(); i++) {
            byte[] data = chunkBytes(i);
            spool.write(ByteBuffer.wrap(data), at, data.length);
            at += data.length;
        }
    }
}
