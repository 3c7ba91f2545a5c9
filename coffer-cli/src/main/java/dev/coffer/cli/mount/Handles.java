package dev.coffer.cli.mount;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.coffer.cli.client.RelPath;
import dev.coffer.wire.FileWire;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mount's open files by handle number, and which paths they stand for: a file being written
 * is answered from its spool (size, time, listing) until it reaches the server, and a rename or an
 * unlink while it is open follows it.
 */
final class Handles {
    private static final Logger LOG = LoggerFactory.getLogger("dev.coffer.mount");

    private final Map<Long, OpenFile> open = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong(1);
    private final ChunkCache cache;
    private final ExecutorService fetchers;
    private final Path spoolDir;
    private final MetaCache meta;
    private final MountLayout layout;
    /** The content digest each path's last open served, by {@link MetaCache#key} (see {@link #open}). */
    private final Cache<String, String> served =
            Caffeine.newBuilder().maximumSize(100_000).build();
    /** Small closed files waiting to be sent ({@code --write-back}), or null: every close sends its file. */
    private final WriteBack writeBack;

    Handles(
            ChunkCache cache,
            ExecutorService fetchers,
            Path spoolDir,
            MetaCache meta,
            MountLayout layout,
            WriteBack writeBack) {
        this.cache = cache;
        this.fetchers = fetchers;
        this.spoolDir = spoolDir;
        this.meta = meta;
        this.layout = layout;
        this.writeBack = writeBack;
    }

    OpenFile get(long fh) {
        return open.get(fh);
    }

    private long register(OpenFile f) {
        long fh = next.getAndIncrement();
        open.put(fh, f);
        return fh;
    }

    /**
     * An open file's handle, and whether the pages the kernel may hold of it are still its content
     * ({@code keepCache}): its content is the one the last open of the same path here served.
     */
    record Opened(long fh, boolean keepCache) {}

    /**
     * Opens an existing file as it is now on the server ({@code truncate}: as an empty file).
     * The kernel keeps a file's pages across opens only while its content's digest stays what
     * an earlier open served (not its size and time: another mount may write other bytes of the
     * same size, or keep the time), so a second read of an unchanged file comes from memory and
     * a changed one is read afresh: close-to-open.
     */
    Opened open(MountLayout.Place p, boolean truncate) throws IOException {
        if (waiting(p.tree(), p.rel()) != null) writeBack.drain();
        // With --write-back, a listing made within the metadata lifetime may have brought it.
        FileWire.FileManifest m = meta.listedManifest(p.tree(), p.rel());
        if (m == null) {
            m = p.tree().manifest(p.rel());
            meta.keepManifest(p.tree(), p.rel(), m);
        }
        if (m.type() != FileWire.EntryType.FILE) throw new IOException(p.rel() + " is not a file");
        if (m.content() != null) cache.seed(m.chunks(), m.content());
        // What a later stat of this path sees is what this open read: close-to-open.
        meta.put(
                p.tree(),
                p.rel(),
                new FileWire.FileEntry(
                        RelPath.name(p.rel()), m.type(), m.size(), m.mtime(), m.digest(), m.mode(), null));
        String k = MetaCache.key(p.tree(), p.rel());
        if (truncate) {
            served.invalidate(k);
            int mode = m.mode() == null ? 0 : Integer.parseInt(m.mode(), 8);
            return new Opened(register(OpenFile.empty(p.tree(), p.rel(), mode, cache, fetchers, spoolDir)), false);
        }
        // A bucket's object has no digest here: its size and time name it, as its pieces' ids do.
        String content = m.digest() != null ? m.digest() : m.size() + "@" + m.mtime();
        String before = served.asMap().put(k, content);
        boolean keep = content.equals(before);
        return new Opened(register(OpenFile.of(p.tree(), p.rel(), m, cache, fetchers, spoolDir)), keep);
    }

    long create(MountLayout.Place p, int mode) throws IOException {
        long fh = register(OpenFile.empty(p.tree(), p.rel(), mode, cache, fetchers, spoolDir));
        meta.creating(p.tree(), p.rel());
        return fh;
    }

    /** Sends {@code f} when it holds changes, then forgets what the cache knew of its path. */
    void upload(OpenFile f) throws IOException {
        upload(f, false);
    }

    /**
     * A close of one descriptor ({@code closing}, FUSE's flush) or of the file's last
     * ({@code release}): with write-back, a small file is handed to it and the close returns;
     * otherwise the file is sent now.
     */
    void closed(OpenFile f, boolean closing) throws IOException {
        if (writeBack != null) {
            OpenFile.Snapshot s = f.takeForWriteBack(closing, writeBack::accepts);
            if (s != null) {
                writeBack.add(f.tree, f.rel, s.data(), s.mtime(), s.mode());
                return;
            }
        }
        upload(f, closing);
    }

    /** Sends {@code f} now, when it holds changes ({@link OpenFile#upload(boolean)}), after what waits before it. */
    void upload(OpenFile f, boolean closing) throws IOException {
        if (writeBack != null && f.dirty()) writeBack.drain();
        if (f.upload(closing)) {
            FileWire.FileEntry committed = f.committed();
            if (committed != null) meta.committed(f.tree, f.rel, committed);
            else meta.changed(f.tree, f.rel);
            layout.settingsTouched(f.rel);
        }
    }

    void release(long fh) {
        OpenFile f = open.remove(fh);
        if (f == null) return;
        try {
            f.close();
        } catch (IOException e) {
            LOG.warn("could not remove the spool of {}: {}", f.rel, e.getMessage());
        }
    }

    /** Returns once every file closed so far is on the server (or kept as unsent): before a change that must see them. */
    void settle() {
        if (writeBack != null && !writeBack.idle()) writeBack.drain();
    }

    /** The newest version of {@code rel} closed and waiting to be sent, or null. */
    WriteBack.Waiting waiting(RemoteTree tree, String rel) {
        return writeBack == null ? null : writeBack.pending(tree, rel);
    }

    /** Whether folders made here wait to be made on the server ({@code --write-back}) instead of being made at once. */
    boolean defersFolders() {
        return writeBack != null;
    }

    /** A folder made here, to be made on the server in order with what waits (see {@link WriteBack#addFolder}). */
    FileWire.FileEntry makeFolderLater(MountLayout.Place p) {
        long now = System.currentTimeMillis();
        writeBack.addFolder(p.tree(), p.rel(), now);
        return new FileWire.FileEntry(RelPath.name(p.rel()), FileWire.EntryType.FOLDER, 0, now, null, null, null);
    }

    /** Whether {@code rel} is a folder made here and not yet on the server. */
    boolean pendingFolder(RemoteTree tree, String rel) {
        return pendingFolderTime(tree, rel) != null;
    }

    /** The time of folder {@code rel} made here and not yet on the server; null when it is no such folder. */
    Long pendingFolderTime(RemoteTree tree, String rel) {
        WriteBack.Waiting w = waiting(tree, rel);
        return w != null && w.folder() ? w.mtime() : null;
    }

    /** Names of files closed and waiting to be sent in folder {@code dir}. */
    Set<String> waitingIn(RemoteTree tree, String dir) {
        return writeBack == null ? Set.of() : writeBack.namesIn(tree, dir);
    }

    /** An open file at {@code rel} with changes not yet on the server, or null. */
    OpenFile dirtyAt(RemoteTree tree, String rel) {
        for (OpenFile f : open.values()) if (f.tree == tree && f.rel.equals(rel) && f.dirty()) return f;
        return null;
    }

    /** Names of files in folder {@code dir} that are open with changes (possibly not on the server yet). */
    List<String> newFilesIn(RemoteTree tree, String dir) {
        List<String> out = new ArrayList<>();
        String prefix = dir.isEmpty() ? "" : dir + "/";
        for (OpenFile f : open.values()) {
            if (f.tree == tree && f.rel.startsWith(prefix) && f.rel.indexOf('/', prefix.length()) < 0 && f.dirty())
                out.add(f.rel.substring(prefix.length()));
        }
        return out;
    }

    /** Marks the open files at {@code rel} deleted; true when one of them was a new file the server never had. */
    boolean unlinked(RemoteTree tree, String rel) {
        boolean any = false;
        for (OpenFile f : open.values()) {
            if (f.tree == tree && f.rel.equals(rel)) {
                any |= f.dirty();
                f.unlinked();
            }
        }
        return any;
    }

    /** Sends every changed open file at or below {@code rel}: a rename moves what the server has. */
    void uploadBelow(RemoteTree tree, String rel) throws IOException {
        for (OpenFile f : open.values()) {
            if (f.tree == tree && (f.rel.equals(rel) || f.rel.startsWith(rel + "/"))) upload(f);
        }
    }

    /** Open files at or below {@code from} now live below {@code to}. */
    void moved(RemoteTree tree, String from, String to) {
        for (OpenFile f : open.values()) {
            if (f.tree != tree) continue;
            if (f.rel.equals(from)) f.rel = to;
            else if (f.rel.startsWith(from + "/")) f.rel = to + f.rel.substring(from.length());
        }
    }

    /** truncate(2) of a file nobody has open: read, cut, send. */
    void truncateClosed(MountLayout.Place p, long size) throws IOException {
        long fh = open(p, size == 0).fh();
        try {
            OpenFile f = get(fh);
            f.truncate(size);
            upload(f);
        } finally {
            release(fh);
        }
    }

    /** At unmount: every changed open file and every closed one waiting goes to the server before the process ends. */
    void uploadAll() {
        for (var e : open.entrySet()) {
            try {
                upload(e.getValue());
            } catch (IOException | RuntimeException ex) {
                LOG.error("could not send {} at unmount: {}", e.getValue().rel, ex.getMessage());
            }
        }
        if (writeBack != null) writeBack.close();
    }
}
