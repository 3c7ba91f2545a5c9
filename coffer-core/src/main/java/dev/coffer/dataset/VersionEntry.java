package dev.coffer.dataset;

/**
 * A file or folder of a dataset version. For a file, {@code contentId} names its stored content
 * and {@code digest} is its content digest (ETag); both are null for a folder, whose size is 0.
 */
public record VersionEntry(String name, boolean directory, Long contentId, String digest, long size, long mtime) {}
