package dev.coffer.tree;

/**
 * A file or folder as every tree shows it (a volume, a draft, a committed version). For a file,
 * {@code contentId} names its stored content and {@code digest} is its content digest (its ETag);
 * both are null for a folder, whose size is 0.
 */
public record FileEntry(String name, Kind kind, Long contentId, String digest, long size, long mtime) {
    /** What an entry is; {@code wire} is how the API and archives name it. */
    public enum Kind {
        FILE("file"),
        FOLDER("folder");

        public final String wire;

        Kind(String wire) {
            this.wire = wire;
        }
    }

    public static FileEntry folder(String name, long mtime) {
        return new FileEntry(name, Kind.FOLDER, null, null, 0, mtime);
    }

    public static FileEntry file(String name, long contentId, String digest, long size, long mtime) {
        return new FileEntry(name, Kind.FILE, contentId, digest, size, mtime);
    }

    public boolean directory() {
        return kind == Kind.FOLDER;
    }
}
