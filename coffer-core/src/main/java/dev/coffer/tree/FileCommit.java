package dev.coffer.tree;

import dev.coffer.content.Manifest;

/** One file of a commit: where it goes, its content (chunks already stored) and its modification time. */
public record FileCommit(VolumePath path, Manifest manifest, long mtime) {}
