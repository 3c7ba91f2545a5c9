package dev.coffer.cli;

import static dev.coffer.cli.Processes.local;
import static dev.coffer.cli.Processes.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.db.Database;
import dev.coffer.db.Dialect;
import dev.coffer.db.Migration;
import dev.coffer.testkit.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code coffer admin migrate} as operators run it: a process of its own on the server's
 * settings, no server needed. Expected versions come from the migration files.
 */
class AdminMigrateCliTest {
    private static final Pattern FILE = Pattern.compile("V(\\d+)__.+\\.sql");
    private static final Pattern PENDING = Pattern.compile("(?m)^  (\\d+) +\\S.*$");
    private static final Pattern APPLIED = Pattern.compile("(?m)^applied: (\\d+) +\\S.*$");

    @TempDir
    Path tmp;

    @Test
    void dry_run_lists_what_is_pending_and_changes_nothing_then_a_run_applies_it_and_a_third_has_nothing_to_do()
            throws Exception {
        List<String> versions = versionsOnDisk(Dialect.SQLITE);
        String latest = versions.getLast();
        List<String> after13 =
                versions.stream().filter(v -> Integer.parseInt(v) > 13).toList();
        Path file = tmp.resolve("db/coffer.db");
        Files.createDirectories(file.getParent());
        Flyway older = Flyway.configure()
                .dataSource("jdbc:sqlite:" + file, null, null)
                .locations(Dialect.SQLITE.migrationLocation())
                .target("13")
                .load();
        older.migrate();
        String[] where = {"--data", tmp.resolve("data").toString(), "--db", "sqlite:" + file};

        Processes.Result dry = migrate(Map.of(), where, "--dry-run");
        assertThat(dry.exit()).as(dry.stderr()).isZero();
        assertThat(dry.stdout())
                .contains("database: SQLite " + file + "\n")
                .contains("schema version: 13\n")
                .contains("pending: " + after13.size() + " migration(s), up to schema " + latest + "\n")
                .contains("  14   ids never reused\n")
                .contains("dry run: nothing applied; the schema stays at 13\n")
                .doesNotContain("applied:");
        assertThat(versions(PENDING, dry.stdout())).isEqualTo(after13);
        assertThat(applied(older)).as("the dry run applied nothing").endsWith("13");

        Processes.Result real = migrate(Map.of(), where);
        assertThat(real.exit()).as(real.stderr()).isZero();
        assertThat(versions(APPLIED, real.stdout())).isEqualTo(after13);
        assertThat(real.stdout())
                .contains("applied: 14   ids never reused\n")
                .endsWith("schema version now " + latest + "\n");
        assertThat(applied(older)).isEqualTo(versions);

        Processes.Result again = migrate(Map.of(), where);
        assertThat(again.exit()).as(again.stderr()).isZero();
        assertThat(again.stdout()).endsWith("already up to date (schema " + latest + ")\n");

        Processes.Result json = migrate(Map.of(), where, "--json");
        assertThat(json.exit()).as(json.stderr()).isZero();
        JsonNode report = json.json();
        assertThat(report.path("schemaBefore").asText()).isEqualTo(latest);
        assertThat(report.path("schemaVersion").asText()).isEqualTo(latest);
        assertThat(report.path("pending")).isEmpty();
        assertThat(report.path("applied")).isEmpty();
    }

    @Test
    void a_dry_run_on_a_database_that_is_not_there_lists_every_migration_and_creates_no_file() throws Exception {
        Path data = tmp.resolve("fresh");
        Processes.Result dry = migrate(Map.of(), new String[] {"--data", data.toString()}, "--dry-run", "--json");
        assertThat(dry.exit()).as(dry.stderr()).isZero();
        JsonNode report = dry.json();
        assertThat(report.path("database").asText())
                .isEqualTo("SQLite " + data.resolve("coffer.db") + " (no file yet)");
        assertThat(report.path("schemaBefore").isNull()).isTrue();
        List<String> pending = new ArrayList<>();
        report.path("pending").forEach(p -> pending.add(p.path("version").asText()));
        assertThat(pending).isEqualTo(versionsOnDisk(Dialect.SQLITE));
        assertThat(data).doesNotExist();
    }

    @Test
    void a_bad_setting_or_an_unreachable_database_is_a_clear_message_and_a_failing_exit() throws Exception {
        String[] where = {"--data", tmp.resolve("data").toString()};
        Processes.Result bad = migrate(Map.of("COFFER_DATABASE_MIGRATE", "sometimes"), where);
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.stderr())
                .isEqualTo("coffer: database.migrate (COFFER_DATABASE_MIGRATE) is 'auto' (the default) or 'manual',"
                        + " not 'sometimes'\n");

        // Port 9 (discard): nothing listens there on a test machine.
        Processes.Result down =
                migrate(Map.of(), new String[] {"--db", "postgresql://coffer:hunter2@127.0.0.1:9/coffer"});
        assertThat(down.exit()).isEqualTo(1);
        assertThat(down.stderr())
                .startsWith("coffer: cannot open the database postgresql://127.0.0.1:9/coffer: ")
                .contains("refused")
                .doesNotContain("hunter2");
        assertThat(down.stdout()).isEmpty();
    }

    @Test
    void two_runs_at_once_on_an_empty_postgresql_apply_each_migration_once_then_a_manual_server_starts()
            throws Exception {
        List<String> versions = versionsOnDisk(Dialect.POSTGRESQL);
        String latest = versions.getLast();
        String location = PostgresServer.shared().createDatabase();
        Map<String, String> env = Map.of("COFFER_DB", location, "COFFER_DATABASE_MIGRATE", "manual");
        Path data = tmp.resolve("data");

        // A server under manual refuses the empty database, saying what to run.
        Processes.Result refused = run(local(env, "serve", "--data", data.toString(), "--port", "0"));
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.stderr())
                .contains("is empty: it has no schema yet, and this version of Coffer needs schema " + latest)
                .contains("run `coffer admin migrate` with the same --config, --data and --db options");

        List<Processes.Result> runs = new ArrayList<>();
        try (ExecutorService both = Executors.newFixedThreadPool(2)) {
            List<Future<Processes.Result>> started = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                started.add(both.submit(() -> run(local(env, "admin", "migrate", "--data", data.toString()))));
            }
            for (Future<Processes.Result> f : started) runs.add(f.get());
        }
        List<String> appliedByEither = new ArrayList<>();
        for (Processes.Result r : runs) {
            assertThat(r.exit()).as(r.stderr()).isZero();
            assertThat(r.stdout())
                    .containsPattern(
                            "(schema version now " + latest + "|already up to date \\(schema " + latest + "\\))\n$");
            appliedByEither.addAll(versions(APPLIED, r.stdout()));
        }
        appliedByEither.sort(Comparator.comparingInt(Integer::parseInt));
        assertThat(appliedByEither)
                .as("each migration applied by exactly one run")
                .isEqualTo(versions);
        try (Database db = Database.open(location, Clock.systemUTC(), Migration.NONE)) {
            List<String> history = db.read(
                    h -> h.createQuery("SELECT version FROM flyway_schema_history WHERE version IS NOT NULL AND success"
                                    + " ORDER BY installed_rank")
                            .mapTo(String.class)
                            .list());
            assertThat(history).as("the schema history holds each version once").isEqualTo(versions);
        }

        try (Processes.Server server = Processes.Server.start(data, "256m", env)) {
            Processes.Result status = Processes.coffer(server, tmp.resolve("config"), "admin", "status", "--json");
            assertThat(status.exit()).as(status.stderr()).isZero();
            assertThat(status.json().path("database").path("schemaVersion").asText())
                    .isEqualTo(latest);
        }
    }

    private Processes.Result migrate(Map<String, String> env, String[] where, String... more)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("admin", "migrate"));
        args.addAll(List.of(where));
        args.addAll(List.of(more));
        return run(local(env, args.toArray(String[]::new)));
    }

    private static List<String> versions(Pattern line, String output) {
        List<String> out = new ArrayList<>();
        Matcher m = line.matcher(output);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    private static List<String> applied(Flyway flyway) {
        return Stream.of(flyway.info().applied())
                .map(MigrationInfo::getVersion)
                .map(v -> v.getVersion())
                .toList();
    }

    /** The versions of the migration files of {@code dialect}, oldest first. */
    private static List<String> versionsOnDisk(Dialect dialect) throws IOException {
        Path folder = Path.of("..", "coffer-core", "src", "main", "resources")
                .resolve(dialect.migrationLocation().substring("classpath:".length()));
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> FILE.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> m.group(1))
                    .sorted(Comparator.comparingInt(Integer::parseInt))
                    .toList();
        }
    }
}
