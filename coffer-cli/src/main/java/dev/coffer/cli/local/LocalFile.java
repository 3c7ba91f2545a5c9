package dev.coffer.cli.local;

import java.nio.file.Path;

/**
 * A regular file of a local folder as one {@code stat} saw it: what the local index compares to
 * decide, without reading the file, that it has not changed since its digest was taken.
 */
public record LocalFile(String relative, Path path, long size, long mtimeNanos, long inode, long ctimeNanos) {
    /** The modification time in the server's unit. */
    public long mtimeMillis() {
        return Math.floorDiv(mtimeNanos, 1_000_000L);
    }
}
