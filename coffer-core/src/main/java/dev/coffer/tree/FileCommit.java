package dev.coffer.tree;

import dev.coffer.content.Manifest;

/**
 * One file of a commit: where it goes, its content (chunks already stored), its modification
 * time and its permission bits (0: none given).
 */
public record FileCommit(VolumePath path, Manifest manifest, long mtime, int mode) {
    public FileCommit {
        FileModes.check(mode);
    }

    public FileCommit(VolumePath path, Manifest manifest, long mtime) {
        this(path, manifest, mtime, 0);
    }
}
