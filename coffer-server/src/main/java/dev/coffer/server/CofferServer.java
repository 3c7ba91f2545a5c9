package dev.coffer.server;

import dev.coffer.access.Authorizer;
import dev.coffer.access.Tokens;
import dev.coffer.blob.BlobStore;
import dev.coffer.blob.LocalBlobStore;
import dev.coffer.blob.S3BlobStore;
import dev.coffer.content.ContentStore;
import dev.coffer.db.Database;
import dev.coffer.server.config.CofferConfig;
import dev.coffer.server.http.Api;
import dev.coffer.team.Teams;
import dev.coffer.tree.VolumeTree;
import io.javalin.Javalin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Coffer server: the metadata database, the content store and the HTTP API. It keeps
 * no state of its own beyond those two, so several servers can share one PostgreSQL and one
 * bucket.
 */
public final class CofferServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CofferServer.class);

    private final CofferConfig config;
    private final Database db;
    private final BlobStore blobs;
    private final Javalin http;
    private final Startup startup;

    /** What the first start did, for the banner. */
    public record Startup(boolean firstStart, String tokenFile, boolean tokenFromEnvironment) {}

    private CofferServer(CofferConfig config, Database db, BlobStore blobs, Javalin http, Startup startup) {
        this.config = config;
        this.db = db;
        this.blobs = blobs;
        this.http = http;
        this.startup = startup;
    }

    public static CofferServer start(CofferConfig config) throws IOException {
        Files.createDirectories(config.data());
        Database db = Database.open(config.db());
        BlobStore blobs = null;
        try {
            blobs = config.storeIsS3() ? new S3BlobStore(config.s3Settings()) : new LocalBlobStore(Path.of(config.store()));
            Startup startup = bootstrap(config, db);
            ContentStore content = new ContentStore(db, blobs);
            Services services = new Services(db, blobs, content, new VolumeTree(db, content), new Teams(db),
                    new Tokens(db), new Authorizer(db), config, DatasetServices.of(db, content));
            Javalin http = Api.create(services).start(config.bind(), config.port());
            log.info("Coffer listening on {}:{} (metadata: {}; content: {})", config.bind(), http.port(), db.describe(), blobs.describe());
            return new CofferServer(config, db, blobs, http, startup);
        } catch (IOException | RuntimeException e) {
            if (blobs != null) blobs.close();
            db.close();
            throw e;
        }
    }

    private static Startup bootstrap(CofferConfig config, Database db) throws IOException {
        boolean fromEnv = config.adminToken() != null;
        String token = fromEnv ? config.adminToken() : Tokens.generate();
        Teams.Bootstrap result = new Teams(db).bootstrap(token);
        Path tokenFile = config.data().resolve("admin-token");
        if (result.created() && !fromEnv) {
            Files.deleteIfExists(tokenFile);
            Files.createFile(tokenFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tokenFile, token + "\n");
        }
        return new Startup(result.created(), fromEnv ? null : (Files.exists(tokenFile) ? tokenFile.toString() : null), fromEnv);
    }

    public int port() {
        return http.port();
    }

    public String url() {
        if (config.publicUrl() != null) return config.publicUrl();
        String host = config.bind().equals("0.0.0.0") ? "127.0.0.1" : config.bind();
        return "http://" + host + ":" + port();
    }

    public Startup startup() {
        return startup;
    }

    public Database database() {
        return db;
    }

    public BlobStore blobs() {
        return blobs;
    }

    @Override
    public void close() {
        http.stop();
        blobs.close();
        db.close();
    }
}
