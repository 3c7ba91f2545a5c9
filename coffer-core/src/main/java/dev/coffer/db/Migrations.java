package dev.coffer.db;

import dev.coffer.error.CofferException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationVersion;
import org.sqlite.SQLiteDataSource;

/**
 * The schema's migrations (Flyway, one folder per {@link Dialect}): where a database stands, what
 * this version would apply to it, and applying it. Applying takes Flyway's lock on PostgreSQL (an
 * advisory lock held for the whole run), so servers starting and {@code coffer admin migrate}
 * runs at the same time apply each migration once; the others wait, then find nothing to do.
 */
public final class Migrations {
    private Migrations() {}

    /** One migration: its version ({@code 19}) and description ({@code inline chunks}). */
    public record Step(String version, String description) {
        @Override
        public String toString() {
            return version + " (" + description + ")";
        }
    }

    /**
     * Where a schema stands: {@code current} is the newest version applied to it (null: an empty
     * database, never migrated), {@code latest} the newest this version of Coffer carries, and
     * {@code pending} what a migration would apply, oldest first.
     */
    public record State(String current, String latest, List<Step> pending) {
        public State {
            pending = List.copyOf(pending);
        }

        public boolean upToDate() {
            return pending.isEmpty();
        }

        public boolean empty() {
            return current == null;
        }
    }

    static Flyway flyway(DataSource ds, Dialect dialect) {
        return Flyway.configure()
                .dataSource(ds)
                .locations(dialect.migrationLocation())
                .load();
    }

    /** Reads the schema history (changes nothing; takes no lock). */
    static State state(Flyway flyway) {
        MigrationInfoService info = flyway.info();
        MigrationInfo current = info.current();
        List<Step> pending = Arrays.stream(info.pending()).map(Migrations::step).toList();
        String latest = Arrays.stream(info.all())
                .filter(i -> i.getState().isResolved() && i.getVersion() != null)
                .map(MigrationInfo::getVersion)
                .max(Comparator.naturalOrder())
                .map(MigrationVersion::getVersion)
                .orElse(null);
        return new State(
                current == null || current.getVersion() == null
                        ? null
                        : current.getVersion().getVersion(),
                latest,
                pending);
    }

    private static Step step(MigrationInfo info) {
        // Coffer has versioned migrations only; a repeatable one (no version) would show as "R".
        return new Step(info.getVersion() == null ? "R" : info.getVersion().getVersion(), info.getDescription());
    }

    /** Applies what is pending and returns what this call applied (none when another process did it first). */
    static List<Step> apply(Flyway flyway) {
        return flyway.migrate().migrations.stream()
                .map(m -> new Step(m.version, m.description))
                .toList();
    }

    /**
     * The state of an empty SQLite database: every migration this version carries, pending. Read
     * against an empty in-memory database, so that no file is created for a database that does not
     * exist yet.
     */
    public static State ofEmptySqlite() {
        SQLiteDataSource nothing = new SQLiteDataSource();
        nothing.setUrl("jdbc:sqlite::memory:");
        return state(flyway(nothing, Dialect.SQLITE));
    }

    /** Why a server under {@link Migration#MANUAL} does not open the database {@code description}. */
    static CofferException refusal(String description, State state) {
        String next = "database.migrate is manual, so the server does not %s: run `coffer admin migrate` with"
                + " the same --config, --data and --db options (and COFFER_* environment) as `coffer serve`,"
                + " then start the server again";
        if (state.empty()) {
            return new CofferException.Conflict("the database (" + description
                    + ") is empty: it has no schema yet, and this version of Coffer needs schema " + state.latest()
                    + "; " + next.formatted("set it up"));
        }
        return new CofferException.Conflict("the database (" + description + ") is at schema version "
                + state.current() + " and this version of Coffer needs schema " + state.latest() + " ("
                + state.pending().size() + " migration(s) pending); " + next.formatted("migrate it"));
    }
}
