package dev.coffer.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.error.CofferException;
import dev.coffer.testkit.Backend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What opening a database does about its schema ({@link Migration}), on SQLite and PostgreSQL:
 * {@code MANUAL} refuses an empty or older schema and leaves it as it was, {@code NONE} reports
 * where it stands and migrates on request, {@code AUTO} migrates as every open always did.
 * Expected versions come from the migration files themselves, not from the code under test.
 */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class MigrationContract {
    private static final Pattern FILE = Pattern.compile("V(\\d+)__(.+)\\.sql");

    @TempDir
    Path tmp;

    @Parameter
    Backend backend;

    String location;
    List<String> versions;
    String latest;

    @BeforeEach
    void freshDatabase() throws IOException {
        location = backend.newDatabase(tmp);
        versions = versionsOnDisk(dialect());
        latest = versions.getLast();
    }

    @Test
    void manual_refuses_an_empty_database_says_what_to_run_and_creates_nothing() throws Exception {
        assertThatThrownBy(() -> Database.open(location, Clock.systemUTC(), Migration.MANUAL))
                .isInstanceOf(CofferException.Conflict.class)
                .hasMessageContaining("is empty: it has no schema yet")
                .hasMessageContaining("needs schema " + latest)
                .hasMessageContaining("database.migrate is manual")
                .hasMessageContaining("run `coffer admin migrate` with the same --config, --data and --db");
        if (backend.postgres()) {
            assertThat(tables()).as("no table was created").isEmpty();
        } else {
            assertThat(Database.sqliteFile(location)).as("no file was created").doesNotExist();
        }
    }

    @Test
    void manual_refuses_a_schema_that_is_behind_and_leaves_it_at_its_version() throws Exception {
        flyway(location, "13").migrate();
        assertThatThrownBy(() -> Database.open(location, Clock.systemUTC(), Migration.MANUAL))
                .isInstanceOf(CofferException.Conflict.class)
                .hasMessageContaining("is at schema version 13 and this version of Coffer needs schema " + latest)
                .hasMessageContaining("("
                        + versions.stream()
                                .filter(v -> Integer.parseInt(v) > 13)
                                .count() + " migration(s) pending)")
                .hasMessageContaining("coffer admin migrate");
        MigrationInfo[] applied = flyway(location, null).info().applied();
        assertThat(applied[applied.length - 1].getVersion().getVersion()).isEqualTo("13");
        assertThat(applied).hasSize(versions.indexOf("13") + 1);
    }

    @Test
    void none_reports_the_schema_and_migrate_applies_each_pending_migration_once() throws Exception {
        flyway(location, "13").migrate();
        List<String> after13 =
                versions.stream().filter(v -> Integer.parseInt(v) > 13).toList();
        try (Database db = Database.open(location, Clock.systemUTC(), Migration.NONE)) {
            Migrations.State before = db.schema();
            assertThat(before.current()).isEqualTo("13");
            assertThat(before.latest()).isEqualTo(latest);
            assertThat(before.pending()).extracting(Migrations.Step::version).containsExactlyElementsOf(after13);
            assertThat(before.pending().getFirst().description()).isEqualTo(description(after13.getFirst()));

            assertThat(db.migrate()).extracting(Migrations.Step::version).containsExactlyElementsOf(after13);
            assertThat(db.migrate()).as("nothing left to apply").isEmpty();
            Migrations.State now = db.schema();
            assertThat(now.current()).isEqualTo(latest);
            assertThat(now.upToDate()).isTrue();
        }
        try (Database db = Database.open(location, Clock.systemUTC(), Migration.MANUAL)) {
            long teams = db.read(h -> h.createQuery("SELECT COUNT(*) FROM teams")
                    .mapTo(Long.class)
                    .one());
            assertThat(teams).as("a MANUAL open of a current schema works").isZero();
        }
    }

    @Test
    void an_empty_database_reports_every_migration_pending() throws Exception {
        try (Database db = Database.open(location, Clock.systemUTC(), Migration.NONE)) {
            Migrations.State state = db.schema();
            assertThat(state.empty()).isTrue();
            assertThat(state.pending()).extracting(Migrations.Step::version).containsExactlyElementsOf(versions);
        }
        if (!backend.postgres()) {
            assertThat(Migrations.ofEmptySqlite().pending())
                    .extracting(Migrations.Step::version)
                    .containsExactlyElementsOf(versions);
        }
    }

    @Test
    void auto_brings_a_schema_that_is_behind_up_to_date_as_before() throws Exception {
        flyway(location, "13").migrate();
        try (Database db = Database.open(location)) {
            assertThat(db.schema().current()).isEqualTo(latest);
        }
        assertThat(flyway(location, null).info().pending()).isEmpty();
    }

    /**
     * What the operator guide promises about rolling upgrades: a server of an older version (its
     * migrations stop at 13) opens a newer schema without complaint, in either mode.
     */
    @Test
    void an_older_version_accepts_a_newer_schema() throws Exception {
        try (Database db = Database.open(location)) {
            assertThat(db.schema().current()).isEqualTo(latest);
        }
        Path older = tmp.resolve("older-migrations");
        Files.createDirectories(older);
        Path source = migrationFolder(dialect());
        try (Stream<Path> files = Files.list(source)) {
            for (Path f : files.toList()) {
                Matcher m = FILE.matcher(f.getFileName().toString());
                if (m.matches() && Integer.parseInt(m.group(1)) <= 13) Files.copy(f, older.resolve(f.getFileName()));
            }
        }
        Flyway oldServer = flyway(location, null, "filesystem:" + older);
        assertThat(oldServer.info().pending())
                .as("an older MANUAL server finds nothing pending")
                .isEmpty();
        assertThat(oldServer.migrate().migrationsExecuted)
                .as("an older AUTO server migrates nothing and does not fail")
                .isZero();
    }

    private List<String> tables() throws Exception {
        try (Database db = Database.open(location, Clock.systemUTC(), Migration.NONE)) {
            return db.read(
                    h -> h.createQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
                            .mapTo(String.class)
                            .list());
        }
    }

    /** Flyway's own view of {@code location}, stopped at {@code target} (null: the newest). */
    private Flyway flyway(String location, String target) {
        return flyway(location, target, dialect().migrationLocation());
    }

    private Flyway flyway(String location, String target, String migrations) {
        var config = Flyway.configure().locations(migrations);
        if (target != null) config.target(target);
        Backend.Jdbc db = backend.jdbc(location);
        return config.dataSource(db.url(), db.user(), db.password()).load();
    }

    private Dialect dialect() {
        return backend.postgres() ? Dialect.POSTGRESQL : Dialect.SQLITE;
    }

    private String description(String version) throws IOException {
        try (Stream<Path> files = Files.list(migrationFolder(dialect()))) {
            return files.map(f -> FILE.matcher(f.getFileName().toString()))
                    .filter(m -> m.matches() && m.group(1).equals(version))
                    .map(m -> m.group(2).replace('_', ' '))
                    .findFirst()
                    .orElseThrow();
        }
    }

    private static Path migrationFolder(Dialect dialect) {
        return Path.of("src/main/resources", dialect.migrationLocation().substring("classpath:".length()));
    }

    /** The versions of the migration files of {@code dialect}, oldest first. */
    static List<String> versionsOnDisk(Dialect dialect) throws IOException {
        try (Stream<Path> files = Files.list(migrationFolder(dialect))) {
            return files.map(f -> FILE.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> m.group(1))
                    .sorted(Comparator.comparingInt(Integer::parseInt))
                    .toList();
        }
    }
}
