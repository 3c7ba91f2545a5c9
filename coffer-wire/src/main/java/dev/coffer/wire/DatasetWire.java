package dev.coffer.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Datasets, their versions, tags and diffs. Times are epoch milliseconds; sizes are bytes. */
public final class DatasetWire {
    private DatasetWire() {}

    public enum VersionState implements Coded {
        DRAFT("draft"), COMMITTED("committed");

        private final String code;

        VersionState(String code) {
            this.code = code;
        }

        @Override
        public String code() {
            return code;
        }

        @Override
        public String toString() {
            return code;
        }
    }

    public enum ChangeKind implements Coded {
        ADDED("added"), REMOVED("removed"), CHANGED("changed");

        private final String code;

        ChangeKind(String code) {
            this.code = code;
        }

        @Override
        public String code() {
            return code;
        }

        @Override
        public String toString() {
            return code;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CreateDataset(String name, String description) {}

    /** Give {@code name} (a rename) and/or {@code description}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UpdateDataset(String name, String description) {}

    /** {@code owner}: the owning team, null for public datasets. */
    public record Dataset(String name, @Nullable String description, @JsonProperty("public") boolean isPublic,
                          @Nullable String owner, long createdAt) {}

    public record DatasetList(List<Dataset> datasets) {}

    /**
     * A dataset with its versions and tags: {@code latest} is the newest committed version's
     * number (null before the first commit), {@code size} its size, {@code newBytes} what all
     * versions store.
     */
    public record DatasetDescription(String name, @Nullable String description, @JsonProperty("public") boolean isPublic,
                                     @Nullable String owner, long createdAt, @Nullable Long latest, long size, long newBytes,
                                     List<Version> versions, List<Tag> tags) {}

    /**
     * A version ({@code ref} is NAME:N). A draft has no digest, file count or sizes yet;
     * {@code newBytes} is what it stores that its parent does not.
     */
    public record Version(long number, String ref, VersionState state, @Nullable Long parent, @Nullable String digest,
                          @Nullable Long files, @Nullable Long size, @Nullable Long newBytes, @Nullable String message,
                          long createdAt, @Nullable Long committedAt, List<String> tags) {}

    public record VersionList(List<Version> versions) {}

    /** The message of a commit (optional). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CommitRequest(String message) {}

    public record Tag(String name, long version) {}

    public record TagList(List<Tag> tags) {}

    /** A file added, removed or changed; {@code oldSize} is null when added, {@code newSize} when removed. */
    public record Change(String path, ChangeKind change, @Nullable Long oldSize, @Nullable Long newSize) {}

    /**
     * The changes from version {@code from} (null: from nothing) to {@code to}; the counts are
     * complete even when {@code changes} was cut at the limit ({@code truncated}).
     */
    public record Diff(@Nullable Long from, long to, long added, long removed, long changed, boolean truncated, List<Change> changes) {}
}
