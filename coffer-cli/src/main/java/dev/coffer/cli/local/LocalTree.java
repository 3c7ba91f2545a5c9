package dev.coffer.cli.local;

import dev.coffer.cli.transfer.Futures;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Walks a local folder taking one {@code stat} per entry (size, mtime, inode, ctime), never
 * reading a file. Symbolic links and special files are left out: a dataset holds regular files.
 */
public final class LocalTree {
    /**
     * Folders read at once. On a warm page cache a stat is CPU work, so more threads than cores
     * only compete (with the parent's listing, which runs at the same time); a few more than one
     * still help when stats wait on a disk or a network file system.
     */
    private static final int THREADS = Math.clamp(Runtime.getRuntime().availableProcessors(), 2, 4);
    private static final String ATTRS = "unix:isDirectory,isRegularFile,size,lastModifiedTime,ino,ctime";
    /** Each walk thread's statx buffers (see {@link Statx}); unused when statx is not available. */
    private static final ThreadLocal<Statx> STATX = ThreadLocal.withInitial(Statx::new);

    private LocalTree() {}

    /** What one folder held: its regular files, and its sub-folders to read next. */
    private record Folder(List<LocalFile> files, List<Map.Entry<Path, String>> folders) {}

    /**
     * The regular files under {@code root}, keyed by their '/'-separated path relative to it (in
     * no particular order); empty when {@code root} is absent. Folders are read several at a
     * time: on a tree of many folders the stat calls of one wait on the disk while another's are
     * made.
     */
    public static Map<String, LocalFile> files(Path root) throws IOException {
        Map<String, LocalFile> out = new HashMap<>();
        if (!Files.isDirectory(root)) return out;
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "coffer-walk");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Map.Entry<Path, String>> level = List.of(Map.entry(root, ""));
            while (!level.isEmpty()) {
                List<Future<Folder>> listed = new ArrayList<>();
                for (Map.Entry<Path, String> dir : level) listed.add(pool.submit(() -> readFolder(dir.getKey(), dir.getValue())));
                List<Map.Entry<Path, String>> next = new ArrayList<>();
                for (Future<Folder> f : listed) {
                    Folder folder = Futures.await(f);
                    // One thread fills the map: no concurrent map, no locking per file.
                    for (LocalFile file : folder.files()) out.put(file.relative(), file);
                    next.addAll(folder.folders());
                }
                level = next;
            }
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    /** Stats the entries of one folder. */
    private static Folder readFolder(Path dir, String prefix) throws IOException {
        List<LocalFile> files = new ArrayList<>();
        List<Map.Entry<Path, String>> folders = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.endsWith(".coffer-part")) continue; // an interrupted download's leftover
                String rel = prefix + name;
                Stat s = stat(p);
                if (s.kind() == Statx.DIRECTORY) {
                    folders.add(Map.entry(p, rel + "/"));
                } else if (s.kind() == Statx.REGULAR) {
                    files.add(new LocalFile(rel, p, s.size(), s.mtimeNanos(), s.inode(), s.ctimeNanos()));
                }
            }
        }
        return new Folder(files, folders);
    }

    /** Stats one file the same way as the walk (after a download, to index what was written). */
    public static LocalFile stat(Path root, String relative) throws IOException {
        Path p = root.resolve(relative);
        Stat s = stat(p);
        return new LocalFile(relative, p, s.size(), s.mtimeNanos(), s.inode(), s.ctimeNanos());
    }

    /** One entry's stat, not following a final symbolic link. */
    record Stat(int kind, long size, long mtimeNanos, long inode, long ctimeNanos) {}

    /** statx when this JVM can call it, else (or when it cannot answer for this path) NIO. */
    static Stat stat(Path p) throws IOException {
        if (Statx.available()) {
            Stat s = STATX.get().stat(p.toAbsolutePath().toString());
            if (s != null) return s;
        }
        return statNio(p);
    }

    /** The portable way, and the reference the statx path is tested against. */
    static Stat statNio(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, ATTRS, LinkOption.NOFOLLOW_LINKS);
        int kind = (Boolean) a.get("isDirectory") ? Statx.DIRECTORY : (Boolean) a.get("isRegularFile") ? Statx.REGULAR : Statx.OTHER;
        return new Stat(kind, (Long) a.get("size"), nanos(a.get("lastModifiedTime")), (Long) a.get("ino"), nanos(a.get("ctime")));
    }

    private static long nanos(Object time) {
        return ((FileTime) time).to(TimeUnit.NANOSECONDS);
    }
}
