package dev.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.db.Database;
import dev.coffer.db.Dialect;
import dev.coffer.db.Migration;
import dev.coffer.error.CofferException;
import dev.coffer.testkit.Backend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
 * A server under {@code database.migrate: manual} starts only on a schema that is up to date: on
 * an empty or older one it refuses with the versions and the command to run, and leaves the
 * database as it was; once migrated, it starts. Under {@code auto} (the default) a server still
 * migrates by itself.
 */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class ManualMigrationTest {
    private static final Pattern FILE = Pattern.compile("V(\\d+)__.+\\.sql");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Parameter
    Backend backend;

    String location;
    String latest;

    @BeforeEach
    void freshDatabase() throws IOException {
        location = backend.newDatabase(tmp);
        latest = latestOnDisk();
    }

    Map<String, String> env(String mode) {
        return Map.of("COFFER_DB", location, "COFFER_DATABASE_MIGRATE", mode);
    }

    @Test
    void manual_refuses_an_empty_database_and_leaves_it_empty() throws Exception {
        assertThatThrownBy(() -> TestServer.start(tmp.resolve("data"), env("manual")))
                .isInstanceOf(CofferException.Conflict.class)
                .hasMessageContaining(
                        "is empty: it has no schema yet, and this version of Coffer needs schema " + latest)
                .hasMessageContaining("database.migrate is manual, so the server does not set it up: run `coffer"
                        + " admin migrate` with the same --config, --data and --db options");
        assertThat(appliedVersions()).as("no schema history").isEmpty();
        if (!backend.postgres())
            assertThat(Database.sqliteFile(location)).as("no file made").doesNotExist();
    }

    @Test
    void manual_refuses_an_older_schema_and_starts_once_it_is_migrated() throws Exception {
        flyway("13").migrate();
        assertThatThrownBy(() -> TestServer.start(tmp.resolve("data"), env("manual")))
                .isInstanceOf(CofferException.Conflict.class)
                .hasMessageContaining(
                        "is at schema version 13 and this version of Coffer needs schema " + latest + " (")
                .hasMessageContaining("migration(s) pending); database.migrate is manual, so the server does not"
                        + " migrate it: run `coffer admin migrate`");
        assertThat(appliedVersions()).as("still at 13").endsWith("13").doesNotContain(latest);

        try (Database db = Database.open(location, Clock.systemUTC(), Migration.NONE)) {
            db.migrate();
        }
        try (TestServer server = TestServer.start(tmp.resolve("data"), env("manual"))) {
            assertThat(server.get("/readyz").statusCode()).isEqualTo(200);
            JsonNode status = JSON.readTree(server.get("/api/v1/admin/status").body());
            assertThat(status.path("database").path("schemaVersion").asText()).isEqualTo(latest);
        }
    }

    @Test
    void auto_brings_an_older_schema_up_to_date_at_start() throws Exception {
        flyway("13").migrate();
        try (TestServer server = TestServer.start(tmp.resolve("data"), env("auto"))) {
            assertThat(server.get("/readyz").statusCode()).isEqualTo(200);
        }
        assertThat(appliedVersions()).endsWith(latest).doesNotHaveDuplicates();
    }

    /** The versions in the schema history, oldest first (read by Flyway, not by the code under test). */
    private List<String> appliedVersions() {
        // Reading a SQLite file that is not there would create it.
        if (!backend.postgres() && !Files.exists(Database.sqliteFile(location))) return List.of();
        return Stream.of(flyway(null).info().applied())
                .map(MigrationInfo::getVersion)
                .map(v -> v.getVersion())
                .toList();
    }

    /** Flyway on {@code location}, stopped at {@code target} (null: the newest). */
    private Flyway flyway(String target) {
        var config = Flyway.configure().locations(dialect().migrationLocation());
        if (target != null) config.target(target);
        Backend.Jdbc db = backend.jdbc(location);
        return config.dataSource(db.url(), db.user(), db.password()).load();
    }

    private Dialect dialect() {
        return backend.postgres() ? Dialect.POSTGRESQL : Dialect.SQLITE;
    }

    private String latestOnDisk() throws IOException {
        Path folder = Path.of("..", "coffer-core", "src", "main", "resources")
                .resolve(dialect().migrationLocation().substring("classpath:".length()));
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> FILE.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> m.group(1))
                    .max(Comparator.comparingInt(Integer::parseInt))
                    .orElseThrow();
        }
    }
}
