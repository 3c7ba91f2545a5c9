package dev.coffer.cli.local;

import dev.coffer.cli.client.TreeListing;
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
 * Walks a local folder taking one {@code stat} per entry (size, mtime, inode, ctime, mode), never
 * reading a file. Symbolic links are kept as links (their target read as text, never followed),
 * every folder is listed (so empty ones are kept too), and what cannot be stored (FIFOs, sockets,
 * devices) is named so the caller can warn about it.
 */
public final class LocalTree {
    /**
     * Folders read at once. On a warm page cache a stat is CPU work, so more threads than cores
     * only compete (with the parent's listing, which runs at the same time); a few more than one
     * still help when stats wait on a disk or a network file system.
     */
    private static final int THREADS = Math.clamp(Runtime.getRuntime().availableProcessors(), 2, 4);

    private static final String ATTRS = "unix:mode,size,lastModifiedTime,ino,ctime";
    /** Each walk thread's statx buffers (see {@link Statx}); unused when statx is not available. */
    private static final ThreadLocal<Statx> STATX = ThreadLocal.withInitial(Statx::new);

    private LocalTree() {}

    /** What one folder held: its regular files, links, things that cannot be stored, and its sub-folders to read next. */
    private record Folder(
            List<LocalFile> files,
            Map<String, TreeListing.Link> links,
            List<String> unsupported,
            List<Map.Entry<Path, String>> folders,
            Map<String, Long> folderTimes) {}

    /**
     * Everything under a folder: regular files, symbolic links (target and time), every folder
     * with its modification time in milliseconds (relative paths without a trailing slash; empty
     * ones included) and the paths of things that cannot be stored, with what they are.
     */
    public record Scan(
            Map<String, LocalFile> files,
            Map<String, TreeListing.Link> links,
            Map<String, Long> folders,
            List<String> unsupported) {}

    /**
     * The regular files under {@code root}, keyed by their '/'-separated path relative to it (in
     * no particular order); empty when {@code root} is absent. Folders are read several at a
     * time: on a tree of many folders the stat calls of one wait on the disk while another's are
     * made.
     */
    public static Map<String, LocalFile> files(Path root) throws IOException {
        return scan(root).files();
    }

    /** Walks {@code root} as {@link #files} does, keeping links, folders and what cannot be stored too. */
    public static Scan scan(Path root) throws IOException {
        Map<String, LocalFile> out = new HashMap<>();
        Map<String, TreeListing.Link> links = new HashMap<>();
        Map<String, Long> folders = new HashMap<>();
        List<String> unsupported = new ArrayList<>();
        Scan scan = new Scan(out, links, folders, unsupported);
        if (!Files.isDirectory(root)) return scan;
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "coffer-walk");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Map.Entry<Path, String>> level = List.of(Map.entry(root, ""));
            while (!level.isEmpty()) {
                List<Future<Folder>> listed = new ArrayList<>();
                for (Map.Entry<Path, String> dir : level)
                    listed.add(pool.submit(() -> readFolder(dir.getKey(), dir.getValue())));
                List<Map.Entry<Path, String>> next = new ArrayList<>();
                for (Future<Folder> f : listed) {
                    Folder folder = Futures.await(f);
                    // One thread fills the map: no concurrent map, no locking per file.
                    for (LocalFile file : folder.files()) out.put(file.relative(), file);
                    links.putAll(folder.links());
                    unsupported.addAll(folder.unsupported());
                    folders.putAll(folder.folderTimes());
                    next.addAll(folder.folders());
                }
                level = next;
            }
        } finally {
            pool.shutdownNow();
        }
        return scan;
    }

    /** Stats the entries of one folder. */
    private static Folder readFolder(Path dir, String prefix) throws IOException {
        List<LocalFile> files = new ArrayList<>();
        Map<String, TreeListing.Link> links = new HashMap<>();
        List<String> unsupported = new ArrayList<>();
        List<Map.Entry<Path, String>> folders = new ArrayList<>();
        Map<String, Long> folderTimes = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.endsWith(".coffer-part")) continue; // an interrupted download's leftover
                String rel = prefix + name;
                Stat s = stat(p);
                if (s.kind() == Statx.DIRECTORY) {
                    folders.add(Map.entry(p, rel + "/"));
                    folderTimes.put(rel, Math.floorDiv(s.mtimeNanos(), 1_000_000L));
                } else if (s.kind() == Statx.REGULAR) {
                    files.add(new LocalFile(rel, p, s.size(), s.mtimeNanos(), s.inode(), s.ctimeNanos(), s.mode()));
                } else if (s.kind() == Statx.LINK) {
                    links.put(
                            rel,
                            new TreeListing.Link(
                                    Files.readSymbolicLink(p).toString(), Math.floorDiv(s.mtimeNanos(), 1_000_000L)));
                } else {
                    unsupported.add(rel + " (" + describe(s.mode()) + ")");
                }
            }
        }
        return new Folder(files, links, unsupported, folders, folderTimes);
    }

    /** What a file that cannot be stored is, for the warning that names it. */
    private static String describe(int mode) {
        return switch (mode & 0xF000) {
            case 0x1000 -> "a FIFO";
            case 0xC000 -> "a socket";
            case 0x2000 -> "a character device";
            case 0x6000 -> "a block device";
            default -> "a special file";
        };
    }

    /** Stats one file the same way as the walk (after a download, to index what was written). */
    public static LocalFile stat(Path root, String relative) throws IOException {
        Path p = root.resolve(relative);
        Stat s = stat(p);
        return new LocalFile(relative, p, s.size(), s.mtimeNanos(), s.inode(), s.ctimeNanos(), s.mode());
    }

    /** One entry's stat, not following a final symbolic link. */
    record Stat(int kind, long size, long mtimeNanos, long inode, long ctimeNanos, int mode) {}

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
        int mode = (Integer) a.get("mode");
        int kind = switch (mode & 0xF000) {
            case 0x8000 -> Statx.REGULAR;
            case 0x4000 -> Statx.DIRECTORY;
            case 0xA000 -> Statx.LINK;
            default -> Statx.OTHER;
        };
        return new Stat(
                kind,
                (Long) a.get("size"),
                nanos(a.get("lastModifiedTime")),
                (Long) a.get("ino"),
                nanos(a.get("ctime")),
                mode);
    }

    private static long nanos(Object time) {
        return ((FileTime) time).to(TimeUnit.NANOSECONDS);
    }
}
