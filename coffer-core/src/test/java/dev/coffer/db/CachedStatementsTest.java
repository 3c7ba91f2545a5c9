package dev.coffer.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite statement cache ({@link CachedStatements}) on a real database: a statement is
 * prepared once and used again by later transactions with other values, a query run while the
 * same query's rows are being read gets a statement of its own, the cache stays bounded, and a
 * rolled-back transaction leaves kept statements usable.
 */
class CachedStatementsTest {
    private static final String BY_KEY = "SELECT v FROM kv WHERE k = :k";

    @TempDir
    Path dir;

    /** Records the JDBC statement each execution ran on. */
    private static final class Seen implements StatementCustomizer {
        final List<PreparedStatement> statements = new ArrayList<>();

        @Override
        public void beforeExecution(PreparedStatement stmt, StatementContext ctx) {
            statements.add(stmt);
        }
    }

    private static String value(Handle h, String key, Seen seen) {
        return h.createQuery(BY_KEY)
                .addCustomizer(seen)
                .bind("k", key)
                .mapTo(String.class)
                .findOne()
                .orElse(null);
    }

    private Database open() {
        Database db = Database.open(dir.resolve("meta.db").toString());
        db.useWrite(h -> {
            h.execute("CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT NOT NULL)");
            h.execute("INSERT INTO kv VALUES ('a', 'alpha'), ('b', 'beta'), ('c', 'gamma')");
        });
        return db;
    }

    @Test
    void a_statement_is_prepared_once_and_used_again_with_other_values() {
        try (Database db = open()) {
            Seen seen = new Seen();
            // The write pool has one connection, so both transactions run on the same one.
            String first = db.write(h -> value(h, "a", seen));
            String second = db.write(h -> value(h, "b", seen));
            String missing = db.write(h -> value(h, "zz", seen));

            assertThat(List.of(first, second)).containsExactly("alpha", "beta");
            assertThat(missing)
                    .as("no row: the earlier binding is not left behind")
                    .isNull();
            assertThat(seen.statements).hasSize(3);
            assertThat(seen.statements.get(1)).isSameAs(seen.statements.get(0));
            assertThat(seen.statements.get(2)).isSameAs(seen.statements.get(0));
        }
    }

    @Test
    void a_query_run_while_the_same_query_is_being_read_gets_its_own_statement() {
        try (Database db = open()) {
            Seen outer = new Seen();
            Seen inner = new Seen();
            List<String> pairs = db.write(h -> {
                List<String> out = new ArrayList<>();
                try (var rows = h.createQuery("SELECT k FROM kv WHERE k >= :k ORDER BY k")
                        .addCustomizer(outer)
                        .bind("k", "a")
                        .mapTo(String.class)
                        .iterator()) {
                    while (rows.hasNext()) {
                        String k = rows.next();
                        List<String> later = h.createQuery("SELECT k FROM kv WHERE k >= :k ORDER BY k")
                                .addCustomizer(inner)
                                .bind("k", k)
                                .mapTo(String.class)
                                .list();
                        out.add(k + ":" + String.join(",", later));
                    }
                }
                return out;
            });

            assertThat(pairs).containsExactly("a:a,b,c", "b:b,c", "c:c");
            // jdbi closes the outer query as it hands out its last row, so only the first two
            // inner queries ran while the outer statement was still being read.
            assertThat(inner.statements).hasSize(3);
            assertThat(inner.statements.subList(0, 2))
                    .allSatisfy(s -> assertThat(s).isNotSameAs(outer.statements.getFirst()));
        }
    }

    @Test
    void the_cache_is_bounded_and_the_oldest_statement_is_closed_when_it_overflows() throws Exception {
        try (Database db = open()) {
            Seen seen = new Seen();
            db.write(h -> value(h, "a", seen));
            PreparedStatement oldest = seen.statements.getFirst();
            db.useWrite(h -> {
                for (int i = 0; i <= CachedStatements.PER_CONNECTION; i++) {
                    assertThat(h.createQuery("SELECT v || '" + i + "' FROM kv WHERE k = 'a'")
                                    .mapTo(String.class)
                                    .one())
                            .isEqualTo("alpha" + i);
                }
            });
            assertThat(oldest.isClosed()).isTrue();
            String afterEviction = db.write(h -> value(h, "c", seen));
            assertThat(afterEviction).isEqualTo("gamma");
            assertThat(seen.statements.getLast()).isNotSameAs(oldest);
        }
    }

    @Test
    void kept_statements_work_after_a_rolled_back_transaction() {
        try (Database db = open()) {
            Seen seen = new Seen();
            try {
                db.useWrite(h -> {
                    h.createUpdate("UPDATE kv SET v = :v WHERE k = :k")
                            .bind("v", "changed")
                            .bind("k", "a")
                            .execute();
                    assertThat(value(h, "a", seen)).isEqualTo("changed");
                    throw new IllegalStateException("roll back");
                });
            } catch (IllegalStateException expected) {
                // rolled back
            }
            String written = db.write(h -> value(h, "a", seen));
            String read = db.read(h -> value(h, "b", seen));
            assertThat(written).as("the update was rolled back").isEqualTo("alpha");
            assertThat(read).isEqualTo("beta");
        }
    }
}
