package dev.coffer.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * One statement run for many rows of positional values, bound with plain JDBC setters. The hot
 * write paths (a draft's rows, tree entries, chunk and content rows) bind tens of thousands of
 * values per request; jdbi's batch looks up an argument factory for every single value, which a
 * profile of a 100,000-file push showed as about a seventh of the server's sampled time. Values are
 * {@code String}, {@code Long}, {@code Integer}, {@code Boolean}, {@code byte[]} or null.
 */
public final class RowBatch {
    private final Handle handle;
    private final String sql;
    private final List<Object[]> rows = new ArrayList<>();

    private RowBatch(Handle handle, String sql) {
        this.handle = handle;
        this.sql = sql;
    }

    /**
     * A batch of {@code sql} (with {@code ?} placeholders) in the handle's transaction; the statement
     * is prepared, run and closed by {@link #execute}, which can be called again for more rows.
     */
    public static RowBatch prepare(Handle handle, String sql) {
        return new RowBatch(handle, sql);
    }

    public RowBatch add(Object... values) {
        rows.add(values);
        return this;
    }

    public int size() {
        return rows.size();
    }

    /** Runs every row added since the last run; per row, the count of rows it changed. */
    public int[] execute() {
        if (rows.isEmpty()) return new int[0];
        Connection c = handle.getConnection();
        try (PreparedStatement st = c.prepareStatement(sql)) {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) bind(st, i + 1, row[i]);
                st.addBatch();
            }
            return st.executeBatch();
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        } finally {
            rows.clear();
        }
    }

    private static void bind(PreparedStatement st, int index, Object value) throws SQLException {
        switch (value) {
            case null -> st.setNull(index, Types.NULL);
            case String s -> st.setString(index, s);
            case Long l -> st.setLong(index, l);
            case Integer i -> st.setInt(index, i);
            case Boolean b -> st.setBoolean(index, b);
            case byte[] bytes -> st.setBytes(index, bytes);
            default ->
                throw new IllegalArgumentException(
                        "a batch value must be a string, a number, a boolean or bytes: " + value.getClass());
        }
    }
}
