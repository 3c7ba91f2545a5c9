package dev.coffer.db;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilderFactory;
import org.jdbi.v3.core.statement.StatementContext;
import org.sqlite.SQLiteConnection;

/**
 * Keeps SQLite's prepared statements per connection, so a statement's SQL is parsed and planned
 * once per connection instead of once per use. sqlite-jdbc caches nothing and the pool does not
 * either; a profile of small-file uploads showed {@code sqlite3_prepare} as about a fifth of the
 * server's CPU. (PostgreSQL's driver keeps server-side prepared statements itself.)
 *
 * <p>Statements are kept on the physical connection, outside the pool's proxy (which would close
 * them when the connection goes back to the pool), in an LRU of {@value #PER_CONNECTION} per
 * connection. A statement handed out is marked in use until jdbi closes it: its parameters are
 * cleared (its result set was already closed, which resets it, so it holds no read snapshot) and
 * it waits for the next use. When the same SQL is wanted while its statement is in use (a query
 * run inside the loop over another's rows), a fresh one is made and closed as usual. Statements
 * that return generated keys are never kept. The pool closing a connection finalizes its
 * statements with it.
 */
final class CachedStatements implements StatementBuilderFactory {
    static final int PER_CONNECTION = 256;

    /** Physical connection → its kept statements; weak, so a closed connection's entry goes with it. */
    private final Map<Connection, Kept> byConnection = Collections.synchronizedMap(new WeakHashMap<>());

    @Override
    public StatementBuilder createStatementBuilder(Connection conn) {
        return new Builder(this);
    }

    private Kept kept(Connection conn) throws SQLException {
        Connection physical = conn.isWrapperFor(SQLiteConnection.class) ? conn.unwrap(SQLiteConnection.class) : conn;
        return byConnection.computeIfAbsent(physical, Kept::new);
    }

    /** One connection's statements, most recently used last. */
    private static final class Kept {
        private final Connection physical;
        private final Map<String, PreparedStatement> bySql = new LinkedHashMap<>(64, 0.75f, true);
        private final Map<Statement, Boolean> inUse = new IdentityHashMap<>();

        Kept(Connection physical) {
            this.physical = physical;
        }

        synchronized PreparedStatement take(String sql) throws SQLException {
            PreparedStatement s = bySql.get(sql);
            if (s != null && s.isClosed()) {
                bySql.remove(sql);
                s = null;
            }
            if (s == null) {
                s = physical.prepareStatement(sql);
                bySql.put(sql, s);
                evictBeyondLimit();
            } else if (inUse.containsKey(s)) {
                return null;
            }
            inUse.put(s, Boolean.TRUE);
            return s;
        }

        /** True when {@code s} is one of these statements (now free again). */
        synchronized boolean giveBack(Statement s) throws SQLException {
            if (inUse.remove(s) == null) return false;
            if (!s.isClosed()) ((PreparedStatement) s).clearParameters();
            return true;
        }

        private void evictBeyondLimit() throws SQLException {
            var it = bySql.entrySet().iterator();
            while (bySql.size() > PER_CONNECTION && it.hasNext()) {
                PreparedStatement oldest = it.next().getValue();
                if (inUse.containsKey(oldest)) continue;
                it.remove();
                oldest.close();
            }
        }
    }

    /** jdbi asks one builder per handle; they all share the factory's statements. */
    private record Builder(CachedStatements cache) implements StatementBuilder {
        private static final StatementBuilder PLAIN = new DefaultStatementBuilder();

        @Override
        public Statement create(Connection conn, StatementContext ctx) throws SQLException {
            return PLAIN.create(conn, ctx);
        }

        @Override
        public PreparedStatement create(Connection conn, String sql, StatementContext ctx) throws SQLException {
            if (ctx.isReturningGeneratedKeys() || ctx.isConcurrentUpdatable()) return PLAIN.create(conn, sql, ctx);
            PreparedStatement kept = cache.kept(conn).take(sql);
            return kept != null ? kept : PLAIN.create(conn, sql, ctx);
        }

        @Override
        public CallableStatement createCall(Connection conn, String sql, StatementContext ctx) throws SQLException {
            return PLAIN.createCall(conn, sql, ctx);
        }

        @Override
        public void close(Connection conn, String sql, Statement stmt) throws SQLException {
            if (stmt instanceof PreparedStatement && cache.kept(conn).giveBack(stmt)) return;
            PLAIN.close(conn, sql, stmt);
        }
    }
}
