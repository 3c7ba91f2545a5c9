package dev.coffer.tree;

import java.nio.charset.StandardCharsets;

/**
 * A file, folder or symbolic link as every tree shows it (a volume, a draft, a committed
 * version). For a file, {@code contentId} names its stored content and {@code digest} is its
 * content digest (its ETag); both are null otherwise. {@code mode} holds the permission bits
 * that were given ({@code 0}: none given, read as the usual defaults); {@code target} is a
 * link's target, as text, never followed.
 */
public record FileEntry(
        String name, Kind kind, Long contentId, String digest, long size, long mtime, int mode, String target) {
    /** What an entry is; {@code wire} is how the API names it, {@code code} how the database does. */
    public enum Kind {
        FILE("file", 'f'),
        FOLDER("folder", 'd'),
        SYMLINK("symlink", 'l');

        public final String wire;
        public final char code;

        Kind(String wire, char code) {
            this.wire = wire;
            this.code = code;
        }

        public static Kind ofCode(char code) {
            for (Kind k : values()) if (k.code == code) return k;
            throw new IllegalStateException("unknown entry kind '" + code + "'");
        }
    }

    public static FileEntry folder(String name, long mtime) {
        return new FileEntry(name, Kind.FOLDER, null, null, 0, mtime, 0, null);
    }

    public static FileEntry file(String name, long contentId, String digest, long size, long mtime) {
        return file(name, contentId, digest, size, mtime, 0);
    }

    public static FileEntry file(String name, long contentId, String digest, long size, long mtime, int mode) {
        return new FileEntry(name, Kind.FILE, contentId, digest, size, mtime, mode, null);
    }

    public static FileEntry symlink(String name, String target, long mtime) {
        return new FileEntry(
                name, Kind.SYMLINK, null, null, target.getBytes(StandardCharsets.UTF_8).length, mtime, 0, target);
    }

    public boolean directory() {
        return kind == Kind.FOLDER;
    }

    public boolean symlink() {
        return kind == Kind.SYMLINK;
    }
}
