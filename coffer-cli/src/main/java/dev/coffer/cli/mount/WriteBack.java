package dev.coffer.cli.mount;

import dev.coffer.cli.client.ApiClient;
import dev.coffer.cli.client.RelPath;
import dev.coffer.cli.transfer.BatchUploader;
import dev.coffer.wire.FileWire;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mount's write-back ({@code --write-back}): a small file closed in the mount is kept here,
 * in memory, and {@code close} returns at once; one sender thread takes whatever has been closed
 * meanwhile and sends it as one batch (one question for the missing chunks, one request with
 * their bytes, one commit of every file in one transaction), so copying a thousand small files
 * costs a few round trips instead of a thousand synced commits. Files wait in the order they
 * were closed and are committed in that order.
 *
 * <p>What is waiting is still seen by this mount ({@link #pending}, {@link #namesIn}); anything
 * that must see the server's state first (an open of that file, a rename, a delete, an
 * {@code fsync}, an unmount) calls {@link #drain}. A batch the server refuses is sent again file
 * by file, so one bad file does not hold back the others; a file the server refuses is logged
 * and its bytes are kept under {@code CACHE_DIR/unsent/}, never silently dropped.
 */
final class WriteBack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("dev.coffer.mount");

    /** Files and bytes in one batch: a commit of a thousand files is one short transaction. */
    private static final int MOST_FILES = 1000;

    private static final long MOST_BATCH_BYTES = 8L << 20;
    /** Bytes waiting at most; a close beyond it waits for the sender (memory stays bounded). */
    private static final long MOST_WAITING_BYTES = 64L << 20;
    /** Attempts of a batch that fails in transit (a dropped connection, a 5xx, a 503 while busy). */
    private static final int ATTEMPTS = 4;

    /** A closed file waiting to be sent, or ({@code folder}) a folder made in the mount waiting to be made on the server. */
    record Waiting(RemoteTree tree, String rel, byte[] data, long mtime, int mode, long seq, boolean folder) {}

    private static final byte[] NO_BYTES = new byte[0];

    private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
    /** The newest waiting version of each path ({@link MetaCache#key}). */
    private final Map<String, Waiting> newest = new HashMap<>();

    private final MetaCache meta;
    private final MountLayout layout;
    private final PlanRoom room;
    private final Path unsentDir;
    private final Thread sender;
    private long added;
    private long sent;
    private long waitingBytes;
    private boolean stopping;

    WriteBack(MetaCache meta, MountLayout layout, PlanRoom room, Path unsentDir) {
        this.meta = meta;
        this.layout = layout;
        this.room = room;
        this.unsentDir = unsentDir;
        this.sender = new Thread(this::run, "coffer-mount-write-back");
        sender.setDaemon(true);
        sender.start();
    }

    /**
     * Whether a closed file of {@code size} bytes may wait here: it must be small (a large one
     * is sent at its close with the chunk protocol), and on a hard-limited plan the room left
     * must hold it with everything waiting, so that a full plan is still answered to the close
     * that overfills it (EDQUOT), not found out after the close returned.
     */
    synchronized boolean accepts(long size) {
        return !stopping && size <= RemoteTree.ONE_REQUEST && room.holds(waitingBytes + size);
    }

    /** Keeps a closed file to be sent; waits while too many bytes are waiting already. */
    void add(RemoteTree tree, String rel, byte[] data, long mtime, int mode) throws IOException {
        synchronized (this) {
            while (waitingBytes > MOST_WAITING_BYTES && !stopping) waitQuietly();
            enqueue(new Waiting(tree, rel, data, mtime, mode, ++added, false));
        }
        meta.creating(tree, rel);
    }

    /**
     * Keeps a folder made in the mount to be made on the server, in order with the files closed
     * around it: {@code mkdir} returns at once instead of waiting for the server's commit (which
     * waits behind the batch being committed), and the files closed in it after it follow it.
     */
    void addFolder(RemoteTree tree, String rel, long mtime) {
        synchronized (this) {
            enqueue(new Waiting(tree, rel, NO_BYTES, mtime, 0, ++added, true));
        }
    }

    private void enqueue(Waiting w) {
        queue.add(w);
        newest.put(MetaCache.key(w.tree(), w.rel()), w);
        waitingBytes += w.data().length;
        notifyAll();
    }

    /** The newest waiting version of the file at {@code rel}, or null. */
    synchronized Waiting pending(RemoteTree tree, String rel) {
        return newest.isEmpty() ? null : newest.get(MetaCache.key(tree, rel));
    }

    /** Names of waiting files directly in folder {@code dir}. */
    synchronized Set<String> namesIn(RemoteTree tree, String dir) {
        Set<String> out = new HashSet<>();
        if (newest.isEmpty()) return out;
        String prefix = dir.isEmpty() ? "" : dir + "/";
        for (Waiting w : newest.values()) {
            if (w.tree() == tree && w.rel().startsWith(prefix) && w.rel().indexOf('/', prefix.length()) < 0)
                out.add(w.rel().substring(prefix.length()));
        }
        return out;
    }

    synchronized boolean idle() {
        return sent == added;
    }

    /** Returns once every file closed before this call has been sent (or kept as unsent). */
    void drain() {
        synchronized (this) {
            long target = added;
            while (sent < target) waitQuietly();
        }
    }

    private void waitQuietly() {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the mount's write-back", e);
        }
    }

    private void run() {
        while (true) {
            List<Waiting> batch;
            synchronized (this) {
                while (queue.isEmpty() && !stopping) waitQuietly();
                if (queue.isEmpty()) return;
                batch = takeBatch();
            }
            try {
                send(batch);
            } catch (RuntimeException e) {
                LOG.error("write-back: {}", e.toString());
                for (Waiting w : batch) keepUnsent(w, e.getMessage());
            }
            synchronized (this) {
                for (Waiting w : batch) {
                    waitingBytes -= w.data().length;
                    newest.remove(MetaCache.key(w.tree(), w.rel()), w);
                }
                sent += batch.size();
                notifyAll();
            }
        }
    }

    /**
     * The oldest waiting files of one tree, each path once (a second version waits for the next
     * batch), up to the next folder; or that folder alone.
     */
    private List<Waiting> takeBatch() {
        List<Waiting> batch = new ArrayList<>();
        if (queue.peek().folder()) {
            batch.add(queue.poll());
            return batch;
        }
        Set<String> paths = new HashSet<>();
        long bytes = 0;
        RemoteTree tree = queue.peek().tree();
        while (!queue.isEmpty() && batch.size() < MOST_FILES) {
            Waiting next = queue.peek();
            if (next.folder() || next.tree() != tree || paths.contains(next.rel())) break;
            if (!batch.isEmpty() && bytes + next.data().length > MOST_BATCH_BYTES) break;
            batch.add(queue.poll());
            paths.add(next.rel());
            bytes += next.data().length;
        }
        return batch;
    }

    private void send(List<Waiting> batch) {
        if (batch.getFirst().folder()) {
            makeFolder(batch.getFirst());
            return;
        }
        RemoteTree tree = batch.getFirst().tree();
        List<BatchUploader.SmallContent> contents = new ArrayList<>(batch.size());
        for (Waiting w : batch) contents.add(new BatchUploader.SmallContent(w.rel(), w.data(), w.mtime(), w.mode()));
        List<String> digests = null;
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS && digests == null; attempt++) {
            try {
                digests = tree.uploadBatch(contents);
            } catch (RuntimeException e) {
                last = e;
                if (!worthRetrying(e)) break;
                pause(attempt);
            }
        }
        if (digests == null) {
            if (batch.size() == 1) {
                keepUnsent(batch.getFirst(), last.getMessage());
                return;
            }
            // One file the server refuses (a name that became a folder, a full plan) fails the
            // whole transaction: send each alone, so only what is refused stays behind.
            LOG.warn(
                    "write-back: a batch of {} files was refused ({}); sending them one by one",
                    batch.size(),
                    last.getMessage());
            for (Waiting w : batch) send(List.of(w));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            Waiting w = batch.get(i);
            meta.committed(
                    w.tree(),
                    w.rel(),
                    new FileWire.FileEntry(
                            RelPath.name(w.rel()),
                            FileWire.EntryType.FILE,
                            w.data().length,
                            w.mtime(),
                            digests.get(i),
                            w.mode() == 0 ? null : Integer.toOctalString(w.mode()),
                            null));
            layout.settingsTouched(w.rel());
        }
        room.spent(batch.stream().mapToLong(w -> w.data().length).sum());
    }

    /**
     * Makes a waiting folder on the server (one that is there already counts as made). A folder
     * the server refuses is logged and forgotten by the mount; the files closed in it then fail
     * too, and are kept under {@code unsent/}.
     */
    private void makeFolder(Waiting w) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                meta.committed(w.tree(), w.rel(), w.tree().mkdir(w.rel()));
                return;
            } catch (RuntimeException e) {
                last = e;
                if (e instanceof ApiClient.ProblemException p && p.status() == 409 && isFolder(w)) return;
                if (!worthRetrying(e)) break;
                pause(attempt);
            }
        }
        LOG.error("write-back: folder {}/{} was not made: {}", w.tree().label(), w.rel(), last.getMessage());
        meta.changedFolder(w.tree(), w.rel());
    }

    private static boolean isFolder(Waiting w) {
        try {
            FileWire.FileEntry e = w.tree().stat(w.rel());
            return e != null && e.type() == FileWire.EntryType.FOLDER;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A refusal by the server is final unless it says to come back; anything else (a lost connection) is tried again. */
    private static boolean worthRetrying(RuntimeException e) {
        if (e instanceof ApiClient.ProblemException p)
            return p.status() >= 500 || p.status() == 429 || p.status() == 408;
        return true;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(250L << attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A file the server would not take: logged, and its bytes kept where the user can find them. */
    private void keepUnsent(Waiting w, String reason) {
        if (w.folder()) {
            LOG.error("write-back: folder {}/{} was not made: {}", w.tree().label(), w.rel(), reason);
            meta.changedFolder(w.tree(), w.rel());
            return;
        }
        Path kept = unsentDir.resolve(w.tree().label().replace('/', '_')).resolve(w.rel());
        try {
            Files.createDirectories(kept.getParent());
            Files.write(kept, w.data());
            LOG.error(
                    "write-back: {}/{} was not stored: {}; its bytes are kept at {}",
                    w.tree().label(),
                    w.rel(),
                    reason,
                    kept);
        } catch (IOException e) {
            LOG.error(
                    "write-back: {}/{} was not stored: {}; keeping its bytes failed too: {}",
                    w.tree().label(),
                    w.rel(),
                    reason,
                    e.getMessage());
        }
        meta.changed(w.tree(), w.rel());
    }

    /** Sends everything waiting, then stops the sender. */
    @Override
    public void close() {
        drain();
        synchronized (this) {
            stopping = true;
            notifyAll();
        }
        try {
            sender.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
