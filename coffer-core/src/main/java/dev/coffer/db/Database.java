package dev.coffer.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The metadata database: SQLite (one file, embedded) or PostgreSQL (shared by many servers).
 *
 * <p>Every change goes through {@link #write}, one transaction per call, so a reader sees the
 * old state or the new one, never a mix. On SQLite, writes are serialised in this process (one
 * writer, readers in parallel on WAL) so transactions never fail with "database is locked"; on
 * PostgreSQL, concurrent writers rely on row locks and constraints.
 *
 * <p>The database also carries the clock every timestamp it stores is read from (creation times,
 * expiries, grace periods, billing months), so a test can move time instead of waiting for it.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private final Dialect dialect;
    private final HikariDataSource readPool;
    private final HikariDataSource writePool;
    private final Jdbi reads;
    private final Jdbi writes;
    private final ReentrantLock sqliteWriter = new ReentrantLock();
    private final String description;
    private final Clock clock;

    private Database(
            Dialect dialect, HikariDataSource readPool, HikariDataSource writePool, String description, Clock clock) {
        this.dialect = dialect;
        this.readPool = readPool;
        this.writePool = writePool;
        this.reads = configure(Jdbi.create(readPool), dialect);
        this.writes = writePool == readPool ? reads : configure(Jdbi.create(writePool), dialect);
        this.description = description;
        this.clock = clock;
    }

    /**
     * Lets the connection pools report their meters (connections active, idle, pending; time to
     * get one) to {@code meterRegistry}, a Micrometer {@code MeterRegistry}. Once per database.
     */
    public void reportPoolsTo(Object meterRegistry) {
        readPool.setMetricRegistry(meterRegistry);
        if (writePool != readPool) writePool.setMetricRegistry(meterRegistry);
    }

    private static Jdbi configure(Jdbi jdbi, Dialect dialect) {
        // Shared queries bind the same parameters whether or not a variant uses them.
        jdbi.getConfig(SqlStatements.class).setUnusedBindingAllowed(true);
        if (dialect == Dialect.SQLITE) jdbi.setStatementBuilderFactory(new CachedStatements());
        return jdbi;
    }

    /**
     * Opens a database from a location: {@code postgresql://user:password@host:port/db}, or
     * {@code sqlite:PATH} / a plain file path for SQLite. Runs pending migrations. Times come
     * from the system clock, in UTC.
     */
    public static Database open(String location) {
        return open(location, Clock.systemUTC());
    }

    /** Like {@link #open(String)}, with every time read from {@code clock}. */
    public static Database open(String location, Clock clock) {
        return open(location, clock, Migration.AUTO);
    }

    /**
     * Like {@link #open(String, Clock)}, doing what {@code migration} says about a schema that is
     * behind: migrate it ({@link Migration#AUTO}), refuse to open it with a message that says what
     * to run ({@link Migration#MANUAL}, a {@link dev.coffer.error.CofferException.Conflict}), or leave it to the
     * caller ({@link Migration#NONE}).
     */
    public static Database open(String location, Clock clock, Migration migration) {
        Path sqlite = sqliteFile(location);
        if (migration == Migration.MANUAL && sqlite != null && !Files.exists(sqlite)) {
            // Refused without creating the file: a database that is not there is an empty one.
            throw Migrations.refusal(sqliteDescription(sqlite), Migrations.ofEmptySqlite());
        }
        Database db = sqlite == null ? openPostgres(URI.create(location), clock) : openSqlite(sqlite, clock);
        try {
            switch (migration) {
                case AUTO -> {
                    List<Migrations.Step> applied = db.migrate();
                    if (!applied.isEmpty())
                        log.info(
                                "{}: applied {} migration(s): {}; schema now {}",
                                db.description,
                                applied.size(),
                                applied,
                                applied.getLast().version());
                }
                case MANUAL -> {
                    Migrations.State state = db.schema();
                    if (!state.upToDate()) throw Migrations.refusal(db.description, state);
                }
                case NONE -> {}
            }
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    /** The SQLite file of {@code location}, or null for PostgreSQL. */
    public static Path sqliteFile(String location) {
        if (location.startsWith("postgresql://") || location.startsWith("postgres://")) return null;
        return Path.of(location.startsWith("sqlite:") ? location.substring(7) : location);
    }

    private static String sqliteDescription(Path file) {
        return "SQLite " + file.toAbsolutePath();
    }

    private static Database openSqlite(Path file, Clock clock) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the folder for " + file, e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // FULL: a commit is on disk before it is acknowledged (acknowledged data must survive a crash).
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(30_000);
        config.enforceForeignKeys(true);
        // Reads go through a memory map of the file (pages shared by every connection and kept
        // by the operating system) instead of a copy per read into each connection's small
        // default cache: lookups by chunk hash land on random pages of large indexes.
        config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, String.valueOf(256L << 20));
        config.setCacheSize(-8 * 1024);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        HikariDataSource write = pool(ds, "coffer-sqlite-write", 1);
        HikariDataSource read = pool(ds, "coffer-sqlite-read", 8);
        return new Database(Dialect.SQLITE, read, write, sqliteDescription(file), clock);
    }

    private static Database openPostgres(URI uri, Clock clock) {
        HikariConfig hc = new HikariConfig();
        String db = uri.getPath() == null || uri.getPath().length() <= 1
                ? "coffer"
                : uri.getPath().substring(1);
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        hc.setJdbcUrl("jdbc:postgresql://" + uri.getHost() + ":" + port + "/" + db + query);
        if (uri.getRawUserInfo() != null) {
            String[] userInfo = uri.getRawUserInfo().split(":", 2);
            hc.setUsername(URLDecoder.decode(userInfo[0], StandardCharsets.UTF_8));
            if (userInfo.length > 1) hc.setPassword(URLDecoder.decode(userInfo[1], StandardCharsets.UTF_8));
        }
        hc.setPoolName("coffer-postgresql");
        hc.setMaximumPoolSize(16);
        hc.setConnectionTimeout(10_000);
        HikariDataSource pool = new HikariDataSource(hc);
        return new Database(
                Dialect.POSTGRESQL, pool, pool, "PostgreSQL " + uri.getHost() + ":" + port + "/" + db, clock);
    }

    private static HikariDataSource pool(DataSource ds, String name, int size) {
        HikariConfig hc = new HikariConfig();
        hc.setDataSource(ds);
        hc.setPoolName(name);
        hc.setMaximumPoolSize(size);
        hc.setMinimumIdle(1);
        return new HikariDataSource(hc);
    }

    /** Where this database's schema stands against this version's migrations (reads only). */
    public Migrations.State schema() {
        return Migrations.state(Migrations.flyway(writePool, dialect));
    }

    /**
     * Applies the pending migrations and returns those this call applied: none when the schema was
     * up to date, or when another process applied them while this one waited for Flyway's lock.
     */
    public List<Migrations.Step> migrate() {
        return Migrations.apply(Migrations.flyway(writePool, dialect));
    }

    public Dialect dialect() {
        return dialect;
    }

    public String describe() {
        return description;
    }

    /** Runs {@code work} in one transaction and commits it; any exception rolls everything back. */
    public <T, X extends Exception> T write(HandleCallback<T, X> work) throws X {
        if (dialect == Dialect.SQLITE) {
            sqliteWriter.lock();
            try {
                return writes.inTransaction(work);
            } finally {
                sqliteWriter.unlock();
            }
        }
        return writes.inTransaction(TransactionIsolationLevel.READ_COMMITTED, work);
    }

    /**
     * Like {@link #write}, for changes whose loss in an operating-system crash is harmless (the
     * registry of stored chunks, "touch" times): the commit is not flushed to disk on its own, so
     * many of them cost no sync. The log is sequential, so the next ordinary {@link #write} (the
     * file commit that uses those chunks) makes them durable too. If they are lost, a client that
     * commits a file using them is told which chunks are missing and sends them again.
     */
    public <T, X extends Exception> T writeRelaxed(HandleCallback<T, X> work) throws X {
        if (dialect == Dialect.SQLITE) {
            sqliteWriter.lock();
            try {
                return writes.withHandle(h -> {
                    h.execute("PRAGMA synchronous = NORMAL");
                    try {
                        return h.inTransaction(work);
                    } finally {
                        h.execute("PRAGMA synchronous = FULL");
                    }
                });
            } finally {
                sqliteWriter.unlock();
            }
        }
        return writes.inTransaction(TransactionIsolationLevel.READ_COMMITTED, h -> {
            h.execute("SET LOCAL synchronous_commit TO OFF");
            return work.withHandle(h);
        });
    }

    /** Runs read-only {@code work} in one transaction, so it sees one consistent snapshot. */
    public <T, X extends Exception> T read(HandleCallback<T, X> work) throws X {
        return reads.inTransaction(work);
    }

    /** Like {@link #read}, without a transaction: for streaming results over a long time. */
    public <T, X extends Exception> T withHandle(HandleCallback<T, X> work) throws X {
        return reads.withHandle(work);
    }

    public void checkReachable() {
        reads.useHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
    }

    /** The clock this database's timestamps come from. */
    public Clock clock() {
        return clock;
    }

    /** The current time of {@link #clock()}, in epoch milliseconds: the unit every stored time uses. */
    public long now() {
        return clock.millis();
    }

    @Override
    public void close() {
        readPool.close();
        if (writePool != readPool) writePool.close();
    }

    /** Convenience for tests and tools. */
    public <X extends Exception> void useWrite(HandleConsumer<X> work) throws X {
        write(h -> {
            work.accept(h);
            return null;
        });
    }

    @FunctionalInterface
    public interface HandleConsumer<X extends Exception> {
        void accept(Handle h) throws X;
    }
}
