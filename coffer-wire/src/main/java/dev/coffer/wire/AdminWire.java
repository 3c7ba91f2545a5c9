package dev.coffer.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** Operator maintenance: garbage collection, the consistency check, usage recounts. */
public final class AdminWire {
    private AdminWire() {}

    /** What a collection removed (or, with {@code dryRun}, would remove). */
    public record GcReport(boolean dryRun, long graceSeconds, long contents, long chunks, long bytes) {}

    public record FsckReport(
            boolean clean,
            long chunksChecked,
            long bytesChecked,
            long contentsChecked,
            long treesChecked,
            long unreferencedBlobs,
            List<String> problems) {}

    /** A team's kept usage; with a recount also the counted figure, whether they agree, and where they differ. */
    public record TeamUsage(
            String team,
            long bytes,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long counted,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean agrees,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<String> mismatches) {}

    public record UsageReport(List<TeamUsage> teams) {}

    /** {@code GET /api/v1/admin/traffic}: content bytes (chunks and streamed file bodies) this server received since it started. */
    public record Traffic(long contentBytesIn) {}

    public record UsageRepair(String team, long bytes) {}

    /**
     * {@code GET /api/v1/admin/status}: what an operator checks first. {@code gcPending} is what a
     * collection would remove now; {@code importJobs} counts jobs by state.
     */
    public record Status(
            String version,
            long uptimeSeconds,
            DatabaseStatus database,
            StoreStatus store,
            GcReport gcPending,
            Map<String, Long> importJobs,
            long teams,
            long users) {}

    /** {@code problem} says why when it is not reachable. */
    public record DatabaseStatus(
            String dialect,
            String schemaVersion,
            boolean reachable,
            @JsonInclude(JsonInclude.Include.NON_NULL) String problem) {}

    /** {@code retries} and {@code failures}: calls tried again and given up since start (stores that retry). */
    public record StoreStatus(
            String description,
            boolean reachable,
            @JsonInclude(JsonInclude.Include.NON_NULL) String problem,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long retries,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long failures) {}

    /**
     * {@code POST /api/v1/admin/backup-check}: whether every blob the database names is in the
     * store ({@code missingKeys}: the first 100 of {@code missing}); {@code unreferenced} blobs
     * are counted only (a copy taken after a dump holds newer ones).
     */
    public record BackupCheck(
            boolean consistent,
            long blobsNamed,
            long blobsStored,
            long missing,
            List<String> missingKeys,
            long unreferenced) {}
}
