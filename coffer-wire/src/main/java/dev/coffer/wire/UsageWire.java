package dev.coffer.wire;

import java.util.List;

/** The Storage view: sizes, files and what deleting something would free (content shared elsewhere is not freed). */
public final class UsageWire {
    private UsageWire() {}

    public enum VolumeKind implements Coded {
        STORAGE,
        NOTEBOOKS;

        @Override
        public String toString() {
            return code();
        }
    }

    /** Every volume and dataset of a team; {@code usageBytes} counts content shared between them once. */
    public record StorageView(String team, long usageBytes, List<VolumeUsage> volumes, List<DatasetUsage> datasets) {}

    public record VolumeUsage(
            VolumeKind kind, String name, @Nullable String cluster, long logicalBytes, long files, long freesBytes) {}

    public record DatasetUsage(String name, long freesBytes, List<VersionUsage> versions) {}

    /** A draft has no size or file count yet. */
    public record VersionUsage(
            long number,
            DatasetWire.VersionState state,
            @Nullable Long logicalBytes,
            @Nullable Long files,
            @Nullable Long newBytes,
            long freesBytes) {}

    /** A folder's (or a file's) figures. */
    public record FolderUsage(String path, long logicalBytes, long files, long freesBytes) {}
}
