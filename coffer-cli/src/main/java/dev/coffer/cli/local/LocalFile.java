package dev.coffer.cli.local;

import java.nio.file.Path;

/**
 * A regular file of a local folder as one {@code stat} saw it: what the local index compares to
 * decide, without reading the file, that it has not changed since its digest was taken.
 */
public record LocalFile(String relative, Path path, long size, long mtimeNanos, long inode, long ctimeNanos, int mode) {
    /** Files made with the usual umask have these bits: they are sent as "none given". */
    public static final int USUAL_MODE = 0644;

    public LocalFile(String relative, Path path, long size, long mtimeNanos, long inode, long ctimeNanos) {
        this(relative, path, size, mtimeNanos, inode, ctimeNanos, USUAL_MODE);
    }

    /** The permission bits worth keeping: those other than the usual ones (an executable script's 755). */
    public int modeToKeep() {
        int perm = mode & 07777;
        return perm == USUAL_MODE ? 0 : perm;
    }

    /** The modification time in the server's unit. */
    public long mtimeMillis() {
        return Math.floorDiv(mtimeNanos, 1_000_000L);
    }
}
