package dev.coffer.imports;

import dev.coffer.content.Manifest;

/**
 * Where an import's file lands: a folder of a volume, or a dataset draft. The target checks
 * access again and commits the file in one transaction (usage and quota included).
 */
@FunctionalInterface
public interface ImportTarget {
    /** Commits {@code manifest} (all chunks stored) as the job's file; returns a short description of where it landed. */
    String commit(ImportJob job, Manifest manifest);
}
