package dev.coffer.bench.data;

import java.nio.file.Path;

/**
 * The input of an ingest: one file or one folder tree, with its totals for throughput figures.
 *
 * @param key     short name used in the JSON ("large", "small")
 * @param folder  true when it is a folder tree (copied with -r)
 */
public record DataSet(String key, String description, Path path, long files, long bytes, boolean folder) {}
