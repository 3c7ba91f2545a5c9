package dev.coffer.imports;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * One import from a URL, as stored. {@code state}: {@code queued}, {@code running},
 * {@code cancelling} (asked to stop; the worker stops at its next checkpoint), {@code cancelled},
 * {@code done}, {@code failed} (with {@code error}, a reason for people).
 */
public record ImportJob(
        long id,
        long teamId,
        long createdBy,
        String url,
        String targetKind,
        long targetId,
        String targetPath,
        String state,
        long bytesDone,
        Long bytesTotal,
        String validator,
        String error,
        String resultDigest,
        long createdAt,
        Long startedAt,
        Long finishedAt) {
    /** Every state a job can be in, in the order a job passes through them. */
    public static final List<String> STATES = List.of("queued", "running", "cancelling", "cancelled", "done", "failed");

    public static final String COLUMNS =
            "id, team_id, created_by, url, target_kind, target_id, target_path, state, bytes_done, "
                    + "bytes_total, validator, error, result_digest, created_at, started_at, finished_at";

    public boolean finished() {
        return state.equals("done") || state.equals("failed") || state.equals("cancelled");
    }

    /** Average speed since the job (last) started, bytes per second. */
    public long rate(long now) {
        if (startedAt == null || now <= startedAt) return 0;
        long end = finishedAt == null ? now : finishedAt;
        return end <= startedAt ? 0 : bytesDone * 1000 / (end - startedAt);
    }

    static ImportJob map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ImportJob(
                rs.getLong(1),
                rs.getLong(2),
                rs.getLong(3),
                rs.getString(4),
                rs.getString(5),
                rs.getLong(6),
                rs.getString(7),
                rs.getString(8),
                rs.getLong(9),
                nullableLong(rs, 10),
                rs.getString(11),
                rs.getString(12),
                rs.getString(13),
                rs.getLong(14),
                nullableLong(rs, 15),
                nullableLong(rs, 16));
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
