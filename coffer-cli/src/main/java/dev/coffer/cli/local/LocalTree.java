package dev.coffer.cli.local;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import dev.coffer.cli.transfer.Futures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Walks a local folder taking one {@code stat} per entry (size, mtime, inode, ctime), never
 * reading a file. Symbolic links and special files are left out: a dataset holds regular files.
 */
public final class LocalTree {
    private static final int THREADS = 4;
    private static final String ATTRS = "unix:isDirectory,isRegularFile,size,lastModifiedTime,ino,ctime";

    private LocalTree() {}

    /**
     * The regular files under {@code root}, keyed by their '/'-separated path relative to it; empty
     * when {@code root} is absent. Folders are read several at a time: on a tree of many folders
     * the stat calls of one wait on the disk while another's are made.
     */
    public static Map<String, LocalFile> files(Path root) throws IOException {
        Map<String, LocalFile> out = new ConcurrentHashMap<>();
        if (!Files.isDirectory(root)) return new TreeMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "coffer-walk");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Map.Entry<Path, String>> level = List.of(Map.entry(root, ""));
            while (!level.isEmpty()) {
                List<Future<List<Map.Entry<Path, String>>>> listed = new ArrayList<>();
                for (Map.Entry<Path, String> dir : level) listed.add(pool.submit(() -> readFolder(dir.getKey(), dir.getValue(), out)));
                List<Map.Entry<Path, String>> next = new ArrayList<>();
                for (Future<List<Map.Entry<Path, String>>> f : listed) next.addAll(Futures.await(f));
                level = next;
            }
        } finally {
            pool.shutdownNow();
        }
        return new TreeMap<>(out);
    }

    /** Stats the entries of one folder; returns its sub-folders. */
    private static List<Map.Entry<Path, String>> readFolder(Path dir, String prefix, Map<String, LocalFile> out) throws IOException {
        List<Map.Entry<Path, String>> folders = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.endsWith(".coffer-part")) continue; // an interrupted download's leftover
                Map<String, Object> a = Files.readAttributes(p, ATTRS, LinkOption.NOFOLLOW_LINKS);
                String rel = prefix + name;
                if ((Boolean) a.get("isDirectory")) {
                    folders.add(Map.entry(p, rel + "/"));
                } else if ((Boolean) a.get("isRegularFile")) {
                    out.put(rel, new LocalFile(rel, p, (Long) a.get("size"), nanos(a.get("lastModifiedTime")),
                            (Long) a.get("ino"), nanos(a.get("ctime"))));
                }
            }
        }
        return folders;
    }

    /** Stats one file the same way as the walk (after a download, to index what was written). */
    public static LocalFile stat(Path root, String relative) throws IOException {
        Path p = root.resolve(relative);
        Map<String, Object> a = Files.readAttributes(p, ATTRS, LinkOption.NOFOLLOW_LINKS);
        return new LocalFile(relative, p, (Long) a.get("size"), nanos(a.get("lastModifiedTime")), (Long) a.get("ino"), nanos(a.get("ctime")));
    }

    private static long nanos(Object time) {
        return ((FileTime) time).to(TimeUnit.NANOSECONDS);
    }
}
