package dev.coffer.cli.mount;

import dev.coffer.wire.FileWire;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.cryptomator.jfuse.api.Stat;

/**
 * Fills the kernel's stat for what the mount shows: entries of a tree, files still open here, and
 * the mount's own folders. Every file belongs to whoever runs the mount; a read-only tree shows no
 * write bits, so programs see EROFS coming before they try.
 */
final class EntryStats {
    private final int uid;
    private final int gid;
    /** The time the mount's own folders (the root, datasets/) show: when it was mounted. */
    private final long started = System.currentTimeMillis();

    EntryStats(int uid, int gid) {
        this.uid = uid;
        this.gid = gid;
    }

    /** An entry as the tree lists it. */
    void entry(Stat stat, MountLayout.Place p, FileWire.FileEntry e) {
        long ino = Inodes.of(p.tree().label(), p.rel());
        switch (e.type()) {
            case FOLDER -> folder(stat, ino, e.mtime(), p.tree().writable());
            case SYMLINK -> {
                common(stat, ino, e.mtime());
                stat.setMode(Stat.S_IFLNK | 0777);
                stat.setNLink((short) 1);
                stat.setSize(e.target().getBytes(StandardCharsets.UTF_8).length);
            }
            default -> file(stat, p, e.size(), e.mtime(), e.mode() == null ? 0 : Integer.parseInt(e.mode(), 8));
        }
    }

    /** A regular file; {@code mode} 0 means the tree recorded none (shown as 0644). */
    void file(Stat stat, MountLayout.Place p, long size, long mtime, int mode) {
        common(stat, Inodes.of(p.tree().label(), p.rel()), mtime);
        int bits = mode == 0 ? 0644 : mode & 07777;
        if (!p.tree().writable()) bits &= ~0222;
        stat.setMode(Stat.S_IFREG | bits);
        stat.setNLink((short) 1);
        stat.setSize(size);
    }

    /** {@code .} or {@code ..} in a listing: a folder with inode number {@code ino}. */
    void dot(Stat stat, long ino) {
        Inodes.set(stat, ino);
        stat.setMode(Stat.S_IFDIR | 0755);
    }

    /** A folder made in the mount and not yet on the server. */
    void pendingFolder(Stat stat, MountLayout.Place p, long mtime) {
        folder(stat, Inodes.of(p.tree().label(), p.rel()), mtime, p.tree().writable());
    }

    /** One of the mount's own folders (the root, notebooks/, storage/, datasets/ and a dataset's root). */
    void mountFolder(Stat stat, String label, String name, boolean writable) {
        folder(stat, Inodes.of(label, name), started, writable);
    }

    private void folder(Stat stat, long ino, long mtime, boolean writable) {
        common(stat, ino, mtime);
        stat.setMode(Stat.S_IFDIR | (writable ? 0755 : 0555));
        stat.setNLink((short) 2);
        stat.setSize(4096);
    }

    private void common(Stat stat, long ino, long mtime) {
        Inodes.set(stat, ino);
        stat.setUid(uid);
        stat.setGid(gid);
        Instant t = Instant.ofEpochMilli(mtime);
        stat.mTime().set(t);
        stat.aTime().set(t);
        stat.cTime().set(t);
    }
}
