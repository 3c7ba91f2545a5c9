package dev.coffer.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigInteger;
import java.util.List;

/** Datasets, their versions, tags and diffs. Times are epoch milliseconds; sizes are bytes. */
public final class DatasetWire {
    private DatasetWire() {}

    public enum VersionState implements Coded {
        DRAFT,
        COMMITTED;

        @Override
        public String toString() {
            return code();
        }
    }

    public enum ChangeKind implements Coded {
        ADDED,
        REMOVED,
        CHANGED;

        @Override
        public String toString() {
            return code();
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CreateDataset(String name, String description) {}

    /** Give {@code name} (a rename) and/or {@code description}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UpdateDataset(String name, String description) {}

    /** {@code owner}: the owning team, null for public datasets. */
    public record Dataset(
            String name,
            @Nullable String description,
            @JsonProperty("public") boolean isPublic,
            @Nullable String owner,
            long createdAt) {}

    public record DatasetList(List<Dataset> datasets) {}

    /**
     * A dataset with its versions and tags: {@code latest} is the newest committed version's
     * number (null before the first commit), {@code size} its size, {@code newBytes} what all
     * versions store.
     */
    public record DatasetDescription(
            String name,
            @Nullable String description,
            @JsonProperty("public") boolean isPublic,
            @Nullable String owner,
            long createdAt,
            @Nullable Long latest,
            long size,
            long newBytes,
            List<Version> versions,
            List<Tag> tags) {}

    /**
     * A version ({@code ref} is NAME:N). A draft has no digest, file count or sizes yet;
     * {@code newBytes} is what it stores that its parent does not.
     */
    public record Version(
            long number,
            String ref,
            VersionState state,
            @Nullable Long parent,
            @Nullable String digest,
            @Nullable Long files,
            @Nullable Long size,
            @Nullable Long newBytes,
            @Nullable String message,
            long createdAt,
            @Nullable Long committedAt,
            List<String> tags) {}

    public record VersionList(List<Version> versions) {}

    /** The message of a commit (optional). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CommitRequest(String message) {}

    /**
     * Starts a draft from {@code parent} (the latest version when left out, none with
     * {@code "none"}), with an optional message.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DraftRequest(
            @Nullable VersionSelector parent, @Nullable String message) {}

    /** Puts a tag on {@code version}; a tag on another version moves only with {@code move}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TagRequest(
            VersionSelector version, @Nullable Boolean move) {}

    /**
     * A version named by number ({@code 3}), by tag ({@code "v1.0"}) or {@code "latest"}; a
     * draft's parent may also be {@code "none"}. A number or a string on the wire.
     */
    public record VersionSelector(String text) {
        /** What a user typed: digits name a number, anything else a tag or word. */
        public static VersionSelector parse(String text) {
            return new VersionSelector(text);
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static VersionSelector fromJson(Object value) {
            if (value instanceof String text) return new VersionSelector(text);
            if (value instanceof Integer || value instanceof Long || value instanceof BigInteger)
                return new VersionSelector(value.toString());
            throw new IllegalArgumentException("a version is a number, a tag or \"latest\"");
        }

        @JsonValue
        Object json() {
            if (!text.isEmpty() && text.length() < 19 && text.chars().allMatch(c -> c >= '0' && c <= '9'))
                return Long.parseLong(text);
            return text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    public record Tag(String name, long version) {}

    public record TagList(List<Tag> tags) {}

    /** A file added, removed or changed; {@code oldSize} is null when added, {@code newSize} when removed. */
    public record Change(
            String path,
            ChangeKind change,
            @Nullable Long oldSize,
            @Nullable Long newSize) {}

    /**
     * The changes from version {@code from} (null: from nothing) to {@code to}; the counts are
     * complete even when {@code changes} was cut at the limit ({@code truncated}).
     */
    public record Diff(
            @Nullable Long from,
            long to,
            long added,
            long removed,
            long changed,
            boolean truncated,
            List<Change> changes) {}
}
