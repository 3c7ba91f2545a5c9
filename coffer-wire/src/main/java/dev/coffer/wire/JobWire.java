package dev.coffer.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Imports from URLs and the background jobs that run them. Times are epoch milliseconds. */
public final class JobWire {
    private JobWire() {}

    public enum JobState implements Coded {
        QUEUED,
        RUNNING,
        CANCELLING,
        CANCELLED,
        DONE,
        FAILED;

        @Override
        public String toString() {
            return code();
        }

        /** Whether the job has ended (it will not change again). */
        public boolean ended() {
            return this == DONE || this == FAILED || this == CANCELLED;
        }
    }

    /** A volume an import lands in: {@code kind} storage (name: a cluster) or notebooks (name: a notebook). */
    public record VolumeRef(String kind, String name) {}

    /** A dataset draft an import lands in: {@code ref} is NAME:N; {@code public} for public datasets. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DraftRef(
            String ref, @JsonProperty("public") Boolean isPublic) {}

    /** Give either {@code volume} or {@code dataset}; {@code path} is the folder, {@code name} the file (default: from the URL). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ImportRequest(String url, VolumeRef volume, DraftRef dataset, String path, String name) {}

    /**
     * A job: {@code url} with any credentials removed, {@code path} where the file lands,
     * {@code bytesTotal} when the source said, {@code error} a reason for people when it failed,
     * {@code digest} the file's when done.
     */
    public record Job(
            long id,
            String kind,
            String url,
            String path,
            JobState state,
            long bytesDone,
            @Nullable Long bytesTotal,
            long bytesPerSecond,
            @Nullable String error,
            @Nullable String digest,
            long createdAt,
            @Nullable Long finishedAt) {}

    public record JobList(List<Job> jobs) {}
}
