package dev.coffer.cli.local;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Walks a local folder taking one {@code stat} per entry (size, mtime, inode, ctime), never
 * reading a file. Symbolic links and special files are left out: a dataset holds regular files.
 */
public final class LocalTree {
    private static final String ATTRS = "unix:isDirectory,isRegularFile,size,lastModifiedTime,ino,ctime";

    private LocalTree() {}

    /** The regular files under {@code root}, keyed by their '/'-separated path relative to it; empty when {@code root} is absent. */
    public static Map<String, LocalFile> files(Path root) throws IOException {
        Map<String, LocalFile> out = new TreeMap<>();
        if (!Files.isDirectory(root)) return out;
        Deque<Map.Entry<Path, String>> dirs = new ArrayDeque<>();
        dirs.add(Map.entry(root, ""));
        while (!dirs.isEmpty()) {
            Map.Entry<Path, String> dir = dirs.poll();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir.getKey())) {
                for (Path p : entries) {
                    String name = p.getFileName().toString();
                    if (name.endsWith(".coffer-part")) continue; // an interrupted download's leftover
                    Map<String, Object> a = Files.readAttributes(p, ATTRS, LinkOption.NOFOLLOW_LINKS);
                    String rel = dir.getValue() + name;
                    if ((Boolean) a.get("isDirectory")) {
                        dirs.add(Map.entry(p, rel + "/"));
                    } else if ((Boolean) a.get("isRegularFile")) {
                        out.put(rel, new LocalFile(rel, p, (Long) a.get("size"), nanos(a.get("lastModifiedTime")),
                                (Long) a.get("ino"), nanos(a.get("ctime"))));
                    }
                }
            }
        }
        return out;
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
