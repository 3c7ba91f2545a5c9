package dev.coffer.bench.process;

import dev.coffer.bench.BenchException;
import dev.coffer.bench.data.Scratch;
import dev.coffer.testkit.PostgresServer;
import dev.coffer.testkit.S3ProxyServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What several Coffer servers share when an operator scales out: a PostgreSQL server of its own
 * (Debian's binaries, in a scratch folder) and an S3-compatible bucket (S3Proxy keeping objects
 * as files, inside this process). Closing stops both and removes their files.
 */
public final class SharedBackend implements AutoCloseable {
    private static final String BUCKET = "coffer-bench";

    private final PostgresServer postgres;
    private final S3ProxyServer s3;
    private final Path objects;
    private final String database;

    private SharedBackend(PostgresServer postgres, S3ProxyServer s3, Path objects, String database) {
        this.postgres = postgres;
        this.s3 = s3;
        this.objects = objects;
        this.database = database;
    }

    public static SharedBackend start(Path dir, PrintStream log) throws IOException {
        log.println("  starting PostgreSQL and S3Proxy for the servers to share...");
        PostgresServer postgres;
        try {
            postgres = PostgresServer.start();
        } catch (IllegalStateException e) {
            throw new BenchException(e.getMessage(), e);
        }
        S3ProxyServer s3 = null;
        try {
            Path objects = Files.createDirectories(dir.resolve("s3"));
            s3 = S3ProxyServer.startOnDisk(objects);
            s3.createBucket(BUCKET);
            return new SharedBackend(postgres, s3, objects, postgres.createDatabase("coffer_bench"));
        } catch (IOException | RuntimeException e) {
            if (s3 != null) s3.close();
            postgres.close();
            throw e;
        }
    }

    /** The settings, as environment variables, that put a server on this database and bucket. */
    public Map<String, String> serverSettings() {
        return Map.of(
                "COFFER_DB", database,
                "COFFER_STORE", "s3://" + BUCKET + "/content",
                "COFFER_S3_ENDPOINT", s3.endpoint().toString(),
                "COFFER_S3_ACCESS_KEY", s3.accessKey(),
                "COFFER_S3_SECRET_KEY", s3.secretKey());
    }

    @Override
    public void close() {
        try {
            s3.close();
        } finally {
            postgres.close();
            Scratch.deleteTree(objects);
        }
    }
}
