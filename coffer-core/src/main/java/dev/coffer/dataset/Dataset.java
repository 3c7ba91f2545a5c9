package dev.coffer.dataset;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.statement.StatementContext;

/** A dataset: owned by team {@code teamId}, or public when {@code teamId} is null. */
public record Dataset(DatasetId id, Long teamId, String name, String description, Long createdBy, long createdAt) {
    public boolean isPublic() {
        return teamId == null;
    }

    static final String COLUMNS = "d.id, d.team_id, d.name, d.description, d.created_by, d.created_at";

    static Dataset map(ResultSet rs, StatementContext ctx) throws SQLException {
        long team = rs.getLong(2);
        Long teamId = rs.wasNull() ? null : team;
        long by = rs.getLong(5);
        Long createdBy = rs.wasNull() ? null : by;
        return new Dataset(
                new DatasetId(rs.getLong(1)), teamId, rs.getString(3), rs.getString(4), createdBy, rs.getLong(6));
    }
}
