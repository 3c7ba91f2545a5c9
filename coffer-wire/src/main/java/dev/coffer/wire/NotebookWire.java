package dev.coffer.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Locale;

/** Notebooks, their states as the platform reports them, and notebook tokens. Times are epoch milliseconds. */
public final class NotebookWire {
    private NotebookWire() {}

    public enum NotebookState implements Coded {
        STOPPED,
        STARTING,
        RUNNING,
        STOPPING;

        /** Capitalized ({@code "Running"}), as notebook platforms report a notebook's state. */
        @Override
        public String code() {
            return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
        }

        @Override
        public String toString() {
            return code();
        }
    }

    /** {@code cluster}: default when left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CreateNotebook(String name, String cluster) {}

    /** {@code state}: Stopped, Starting, Running or Stopping. */
    public record StateReport(String state) {}

    public record Notebook(String name, String cluster, NotebookState state) {}

    public record NotebookList(List<Notebook> notebooks) {}

    /** A new token's lifetime: hours or days (not both); the default when neither is given. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CreateNotebookToken(Integer expiresInHours, Integer expiresInDays) {}

    /** {@code token} is shown only in this answer. */
    public record CreatedNotebookToken(long id, String notebook, String token, long expiresAt) {}

    /** {@code createdBy}: the maker's name. */
    public record NotebookTokenInfo(
            long id,
            @Nullable String createdBy,
            long createdAt,
            long expiresAt,
            @Nullable Long lastUsedAt,
            boolean revoked,
            boolean expired) {}

    public record NotebookTokenList(String notebook, List<NotebookTokenInfo> tokens) {}

    /**
     * A mount a notebook's settings file declares: {@code type} dataset or s3, {@code source} the
     * dataset's name or the bucket's URL, {@code version} the pinned version (null: latest),
     * {@code file} the settings file that declares it.
     */
    public record Mount(
            String name,
            String type,
            String source,
            @Nullable String version,
            String file) {}

    public record MountList(List<Mount> mounts) {}

    /** Mount dataset {@code dataset} (the team's, else a public one) at {@code version} (null: latest). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DatasetMountRequest(
            String dataset, @Nullable String version) {}
}
