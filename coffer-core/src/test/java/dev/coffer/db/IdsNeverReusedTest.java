package dev.coffer.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * SQLite gives a new row the largest id + 1, so deleting the newest team and making another
 * handed the old id on. V14 rebuilds teams, users and notebooks with AUTOINCREMENT; this test
 * upgrades a database that has rows in their child tables and checks that every row and every
 * reference survived, that cascades still work, and that a deleted id is not given out again.
 */
class IdsNeverReusedTest {
    @TempDir
    Path dir;

    @Test
    void an_upgraded_database_keeps_its_rows_and_references_and_never_reuses_an_id() throws Exception {
        Path file = dir.resolve("meta.db");
        SQLiteConfig config = new SQLiteConfig();
        config.enforceForeignKeys(true);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file);
        Flyway.configure()
                .dataSource(ds)
                .locations(Dialect.SQLITE.migrationLocation())
                .target("13")
                .load()
                .migrate();
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement()) {
            for (String sql : List.of(
                    "INSERT INTO users (id, name, is_admin, created_at) VALUES (1, 'admin', 1, 1), (2, 'bob', 0, 1)",
                    "INSERT INTO teams (id, name, created_at) VALUES (1, 'default', 1), (3, 'doomed', 1)",
                    "INSERT INTO teams (id, name, created_at, personal_user_id) VALUES (2, '~bob', 1, 2)",
                    "INSERT INTO team_members (team_id, user_id, role) VALUES (1, 1, 'owner'), (2, 2, 'owner'), (3, 2, 'member')",
                    "INSERT INTO clusters (id, name, created_at) VALUES (1, 'default', 1)",
                    "INSERT INTO notebooks (id, team_id, cluster_id, name, state, created_at) VALUES (1, 1, 1, 'nb', 'Running', 1), (2, 3, 1, 'nb', 'Running', 1)",
                    "INSERT INTO volumes (id, kind, team_id, cluster_id, notebook_id, created_at) VALUES (1, 'storage', 1, 1, NULL, 1), (2, 'notebook', 1, NULL, 1, 1), (3, 'notebook', 3, NULL, 2, 1)",
                    "INSERT INTO sessions (user_id, token_hash, created_at, last_seen_at, expires_at) VALUES (2, 'h', 1, 1, 2)")) {
                st.executeUpdate(sql);
            }
        }

        try (Database db = Database.open(file.toString())) {
            db.write(h -> {
                assertThat(h.createQuery("PRAGMA foreign_key_check").mapToMap().list())
                        .as("every reference resolves")
                        .isEmpty();
                assertThat(h.createQuery("PRAGMA foreign_keys")
                                .mapTo(Integer.class)
                                .one())
                        .as("foreign keys are enforced again")
                        .isEqualTo(1);
                assertThat(h.createQuery("SELECT sql FROM sqlite_master WHERE name IN ('teams', 'users', 'notebooks')")
                                .mapTo(String.class)
                                .list())
                        .hasSize(3)
                        .allSatisfy(sql -> assertThat(sql).contains("AUTOINCREMENT"));
                assertThat(h.createQuery("SELECT COUNT(*) FROM sqlite_master WHERE name = 'teams_personal'")
                                .mapTo(Integer.class)
                                .one())
                        .isEqualTo(1);
                assertThat(count(h, "users")).isEqualTo(2);
                assertThat(count(h, "teams")).isEqualTo(3);
                assertThat(count(h, "team_members")).isEqualTo(3);
                assertThat(count(h, "volumes")).isEqualTo(3);
                assertThat(count(h, "sessions")).isEqualTo(1);

                // References still cascade: the newest team goes with its notebook and volumes.
                h.createUpdate("DELETE FROM teams WHERE id = 3").execute();
                assertThat(count(h, "notebooks")).isEqualTo(1);
                assertThat(count(h, "volumes")).isEqualTo(2);
                assertThat(count(h, "team_members")).isEqualTo(2);
                long next = h.createQuery("INSERT INTO teams (name, created_at) VALUES ('fresh', 2) RETURNING id")
                        .mapTo(Long.class)
                        .one();
                assertThat(next)
                        .as("the deleted team's id is not given out again")
                        .isGreaterThan(3);

                h.createUpdate("DELETE FROM users WHERE id = 2").execute();
                assertThat(count(h, "sessions")).isZero();
                assertThat(h.createQuery("INSERT INTO users (name, created_at) VALUES ('carol', 2) RETURNING id")
                                .mapTo(Long.class)
                                .one())
                        .isGreaterThan(2);
                h.createUpdate("DELETE FROM notebooks WHERE id = 1").execute();
                assertThat(h.createQuery(
                                        "INSERT INTO notebooks (team_id, cluster_id, name, state, created_at) VALUES (1, 1, 'nb2', 'Running', 2) RETURNING id")
                                .mapTo(Long.class)
                                .one())
                        .isGreaterThan(2);
                return null;
            });
        }
    }

    private static long count(Handle h, String table) {
        return h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one();
    }
}
