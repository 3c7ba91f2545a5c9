package dev.coffer.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * The storage a contract suite runs on: metadata on SQLite or on the shared PostgreSQL, content
 * in a local folder or (the scaled-out setup) a bucket of the shared S3Proxy. A suite names the
 * backends it claims with {@code @ParameterizedClass(name = "[{0}]")} and
 * {@code @EnumSource(names = …)}; each call below makes a fresh, empty place, so tests never see
 * each other's rows or blobs.
 */
public enum Backend {
    SQLITE("sqlite"),
    POSTGRES("postgres"),
    /** PostgreSQL metadata and S3 content: what several servers behind a load balancer share. */
    POSTGRES_S3("postgres+s3");

    private final String label;

    Backend(String label) {
        this.label = label;
    }

    /** The label test reports show, as in {@code [postgres]}. */
    @Override
    public String toString() {
        return label;
    }

    public boolean postgres() {
        return this != SQLITE;
    }

    /** Whether content goes to an S3 bucket; otherwise it stays in a local folder. */
    public boolean s3() {
        return this == POSTGRES_S3;
    }

    /**
     * A fresh, empty metadata database as a Coffer database location: {@code sqlite:} a file in
     * {@code dir}, or {@code postgresql://…} a new database on the shared server.
     */
    public String newDatabase(Path dir) throws IOException {
        return postgres() ? PostgresServer.shared().createDatabase() : "sqlite:" + dir.resolve("coffer.db");
    }

    /** A fresh, empty bucket on the shared S3Proxy for this backend's content. */
    public String newBucket() throws IOException {
        if (!s3()) throw new IllegalStateException(this + " keeps its content in a local folder, not in a bucket");
        String bucket = "coffer-" + UUID.randomUUID();
        S3ProxyServer.shared().createBucket(bucket);
        return bucket;
    }

    /**
     * The settings (as environment variables) that put a fresh Coffer server on this backend.
     * None for SQLite: the server's own default, a database and content folder in its data
     * folder, is what single-machine users run.
     */
    public Map<String, String> serverEnv() {
        try {
            return switch (this) {
                case SQLITE -> Map.of();
                case POSTGRES -> Map.of("COFFER_DB", PostgresServer.shared().createDatabase());
                case POSTGRES_S3 -> {
                    S3ProxyServer s3 = S3ProxyServer.shared();
                    yield Map.of(
                            "COFFER_DB", PostgresServer.shared().createDatabase(),
                            "COFFER_STORE", "s3://" + newBucket() + "/content",
                            "COFFER_S3_ENDPOINT", s3.endpoint().toString(),
                            "COFFER_S3_ACCESS_KEY", s3.accessKey(),
                            "COFFER_S3_SECRET_KEY", s3.secretKey());
                }
            };
        } catch (IOException e) {
            // Tests build settings inside expressions; a database that cannot be made fails the test anyway.
            throw new UncheckedIOException("cannot prepare a fresh " + this + " backend", e);
        }
    }

    /** How a JDBC tool (Flyway, a plain connection) reaches a database {@link #newDatabase} made. */
    public record Jdbc(String url, String user, String password) {}

    /** The JDBC URL and credentials of {@code location}, a database of this backend. */
    public Jdbc jdbc(String location) {
        if (!postgres()) return new Jdbc("jdbc:" + location, null, null);
        PostgresServer pg = PostgresServer.shared();
        String database = URI.create(location).getPath().substring(1);
        return new Jdbc(pg.jdbcUrl(database), pg.user(), pg.password());
    }
}
