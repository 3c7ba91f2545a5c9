package dev.coffer.cli;

import dev.coffer.cli.client.CliException;
import dev.coffer.db.Database;
import dev.coffer.db.Migration;
import dev.coffer.db.Migrations;
import dev.coffer.error.CofferException;
import dev.coffer.server.config.CofferConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code coffer admin migrate}: brings the database's schema up to date here, without a server,
 * from the same settings as {@code coffer serve}. Safe to run while servers start and several
 * times at once: on PostgreSQL, Flyway holds a lock for the whole run, so each migration is
 * applied once and a run that waited finds nothing left to do.
 */
@Command(
        name = "migrate",
        description = "Bring the database's schema up to date with this version of Coffer. Runs here, not"
                + " through a server: give it the --config, --data and --db (and COFFER_* environment) of"
                + " `coffer serve`. Needed before servers start when database.migrate is manual.")
final class AdminMigrateCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions settings;

    @Option(names = "--dry-run", description = "Only show the schema version and the migrations a run would apply.")
    boolean dryRun;

    @Option(names = "--json", description = "Print machine-readable JSON instead of text.")
    boolean json;

    /** What a run found and did; {@code schemaBefore} and {@code schemaVersion} are null for an empty database. */
    record Report(
            String database,
            boolean dryRun,
            String schemaBefore,
            String latest,
            List<Migrations.Step> pending,
            List<Migrations.Step> applied,
            String schemaVersion) {}

    @Override
    public Integer call() throws IOException {
        CofferConfig config = settings.load(Map.of());
        Path sqlite = Database.sqliteFile(config.db());
        if (dryRun && sqlite != null && !Files.exists(sqlite)) {
            // Looking must not create the file: a database that is not there is an empty one.
            Migrations.State empty = Migrations.ofEmptySqlite();
            String where = "SQLite " + sqlite.toAbsolutePath() + " (no file yet)";
            if (!json) printState(where, empty);
            return finish(new Report(where, true, null, empty.latest(), empty.pending(), List.of(), null));
        }
        Database db;
        try {
            db = Database.open(config.db(), Clock.systemUTC(), Migration.NONE);
        } catch (CofferException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CliException("cannot open the database " + withoutPassword(config.db()) + ": " + e.getMessage());
        }
        try (db) {
            Migrations.State before = db.schema();
            if (!json) printState(db.describe(), before);
            List<Migrations.Step> applied = List.of();
            if (!dryRun && !before.upToDate()) {
                applied = db.migrate();
                if (!json) printApplied(applied);
            }
            Migrations.State after = dryRun ? before : db.schema();
            return finish(new Report(
                    db.describe(),
                    dryRun,
                    before.current(),
                    before.latest(),
                    before.pending(),
                    applied,
                    after.current()));
        } catch (RuntimeException e) {
            throw new CliException("migrating " + db.describe() + " failed: " + e.getMessage());
        }
    }

    private void printState(String database, Migrations.State state) {
        System.out.println("database: " + database);
        System.out.println("schema version: " + (state.empty() ? "none (empty database)" : state.current()));
        if (state.upToDate()) return;
        System.out.printf(
                "pending: %d migration(s), up to schema %s%n", state.pending().size(), state.latest());
        for (Migrations.Step s : state.pending()) System.out.printf("  %-4s %s%n", s.version(), s.description());
        System.out.flush();
    }

    private static void printApplied(List<Migrations.Step> applied) {
        if (applied.isEmpty())
            System.out.println("nothing applied: another run or server applied the pending migrations meanwhile");
        for (Migrations.Step s : applied) System.out.printf("applied: %-4s %s%n", s.version(), s.description());
    }

    private int finish(Report r) throws IOException {
        if (json) {
            System.out.println(ClientCommand.JSON.writeValueAsString(r));
        } else if (r.pending().isEmpty()) {
            System.out.println("already up to date (schema " + r.schemaVersion() + ")");
        } else if (r.dryRun()) {
            System.out.println("dry run: nothing applied; the schema stays at "
                    + (r.schemaBefore() == null ? "none (empty database)" : r.schemaBefore()));
        } else {
            System.out.println("schema version now " + r.schemaVersion());
        }
        return 0;
    }

    /** A database location fit for a message: a PostgreSQL URL loses its user and password. */
    static String withoutPassword(String location) {
        return location.replaceFirst("^(postgres(ql)?://)[^@/]*@", "$1");
    }
}
