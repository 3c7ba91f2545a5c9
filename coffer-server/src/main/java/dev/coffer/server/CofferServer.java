package dev.coffer.server;

import dev.coffer.access.Action;
import dev.coffer.access.Authorizer;
import dev.coffer.access.Caller;
import dev.coffer.access.Tokens;
import dev.coffer.audit.Audit;
import dev.coffer.billing.Meter;
import dev.coffer.billing.Plans;
import dev.coffer.billing.QuotaGuard;
import dev.coffer.billing.Statements;
import dev.coffer.blob.BlobStore;
import dev.coffer.blob.LocalBlobStore;
import dev.coffer.blob.RetryingBlobStore;
import dev.coffer.blob.S3BlobStore;
import dev.coffer.content.ContentStore;
import dev.coffer.dataset.Version;
import dev.coffer.db.Database;
import dev.coffer.db.Dialect;
import dev.coffer.error.CofferException;
import dev.coffer.gc.GarbageCollector;
import dev.coffer.imports.ImportJob;
import dev.coffer.imports.ImportJobs;
import dev.coffer.imports.ImportTarget;
import dev.coffer.imports.UrlImporter;
import dev.coffer.secret.MasterKey;
import dev.coffer.secret.Secrets;
import dev.coffer.server.config.CofferConfig;
import dev.coffer.server.http.Api;
import dev.coffer.server.http.CallerThrottle;
import dev.coffer.server.metrics.ServerMetrics;
import dev.coffer.source.DataSources;
import dev.coffer.team.Members;
import dev.coffer.team.Teams;
import dev.coffer.tree.VolumePath;
import dev.coffer.tree.VolumeTree;
import dev.coffer.usage.TeamUsage;
import dev.coffer.user.Logins;
import dev.coffer.user.Passwords;
import dev.coffer.user.Sessions;
import dev.coffer.user.Users;
import dev.coffer.volume.Volume;
import io.javalin.Javalin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
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
    private final UrlImporter importer;
    private final MonthCloser closer;
    private final GcSchedule gcSchedule;
    private final Secrets secrets;
    private final Audit audit;
    private final Housekeeping housekeeping;
    private final Traffic traffic;
    private final ServerMetrics metrics;
    private final Readiness readiness;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** What the first start did, for the banner. */
    /**
     * How the first admin signs in: the token (from the environment or in {@code tokenFile}), and
     * on the web with a password: the configured one, or one generated at the first start of a
     * data folder into {@code passwordFile}.
     */
    public record Startup(boolean firstStart, String tokenFile, boolean tokenFromEnvironment, String passwordFile) {}

    private CofferServer(
            CofferConfig config,
            Database db,
            BlobStore blobs,
            Javalin http,
            UrlImporter importer,
            MonthCloser closer,
            GcSchedule gcSchedule,
            Startup startup,
            Secrets secrets,
            Audit audit,
            Housekeeping housekeeping,
            Traffic traffic,
            ServerMetrics metrics,
            Readiness readiness) {
        this.traffic = traffic;
        this.metrics = metrics;
        this.readiness = readiness;
        this.importer = importer;
        this.closer = closer;
        this.gcSchedule = gcSchedule;
        this.config = config;
        this.db = db;
        this.blobs = blobs;
        this.http = http;
        this.startup = startup;
        this.secrets = secrets;
        this.audit = audit;
        this.housekeeping = housekeeping;
    }

    public static CofferServer start(CofferConfig config) throws IOException {
        return start(config, Clock.systemUTC());
    }

    /**
     * Like {@link #start(CofferConfig)}, with every stored time and period (expiries, grace
     * periods, billing months) read from {@code clock}: tests move it instead of waiting.
     */
    public static CofferServer start(CofferConfig config, Clock clock) throws IOException {
        return start(config, clock, UnaryOperator.identity());
    }

    /**
     * Like {@link #start(CofferConfig, Clock)}, with the content store passed through
     * {@code decorate} before anything uses it: fault tests put a misbehaving store there.
     */
    public static CofferServer start(CofferConfig config, Clock clock, UnaryOperator<BlobStore> decorate)
            throws IOException {
        Files.createDirectories(config.data());
        Database db = Database.open(config.db(), clock, config.migration());
        ServerMetrics metrics = new ServerMetrics();
        db.reportPoolsTo(metrics.registry());
        BlobStore blobs = null;
        UrlImporter importer = null;
        MonthCloser closer = null;
        GcSchedule gcSchedule = null;
        Housekeeping housekeeping = null;
        try {
            // A bucket's server fails now and then (a dropped connection, a 503 "slow down"), so
            // its calls are tried again; a local folder's errors (a full disk) do not pass by.
            // Calls are metered below the retries: each attempt is a call the store answered.
            blobs = config.storeIsS3()
                    ? RetryingBlobStore.around(metrics.metered(decorate.apply(new S3BlobStore(config.s3Settings()))))
                    : metrics.metered(decorate.apply(new LocalBlobStore(Path.of(config.store()))));
            RetryingBlobStore retrying = RetryingBlobStore.of(blobs);
            if (retrying != null) {
                metrics.total(
                        "coffer.store.retries",
                        "content store calls that failed and were tried again",
                        null,
                        retrying,
                        RetryingBlobStore::retries);
                metrics.total(
                        "coffer.store.failures",
                        "content store calls that failed on every attempt",
                        null,
                        retrying,
                        RetryingBlobStore::failures);
            }
            Startup startup = bootstrap(config, db);
            ContentStore content = new ContentStore(db, blobs);
            content.setGrace(config.gcGrace());
            content.setChunkListener(metrics.chunkListener());
            TeamUsage usage = new TeamUsage(db);
            Plans plans = new Plans(db, config.plans());
            usage.setEnabled(config.metering());
            // Every usage change is metered and checked against hard limits in its own transaction.
            usage.onChange((h, team, before, after, at) -> Meter.recordUsage(h, team, after, at));
            QuotaGuard quota = new QuotaGuard(plans);
            usage.onChange(quota);
            content.setUploadGuard(quota::admitUpload);
            Teams teams = new Teams(db, usage);
            VolumeTree tree = new VolumeTree(db, content, usage);
            Authorizer authorizer = new Authorizer(db);
            ImportJobs imports = new ImportJobs(db);
            metrics.importJobs(ImportJob.STATES, imports::countByState);
            DatasetServices datasets = DatasetServices.of(db, content, usage);
            // Writes are decided again inside their transactions, for the caller of the request.
            tree.setRecheck((h, v, action) -> {
                if (Caller.CURRENT.isBound()) authorizer.recheck(h, Caller.CURRENT.get(), v, action);
            });
            datasets.drafts().setRecheck((h, team, action) -> {
                if (Caller.CURRENT.isBound()) authorizer.recheckDataset(h, Caller.CURRENT.get(), team, action);
            });
            importer = new UrlImporter(
                    imports,
                    content,
                    Map.of(
                            "volume",
                            volumeTarget(db, teams, tree, authorizer),
                            "draft",
                            draftTarget(db, teams, datasets, authorizer)),
                    config.imports());
            Users users = new Users(db);
            Secrets secrets = new Secrets(db, secretsKey(config, db));
            Audit audit = new Audit(db);
            Logins logins = new Logins(db, users, config.login());
            Traffic traffic = new Traffic();
            metrics.total(
                    "coffer.content.received",
                    "content bytes received: chunk bodies and streamed files, as stored (deduplicated bytes never arrive)",
                    "bytes",
                    traffic,
                    Traffic::contentBytesIn);
            metrics.total(
                    "coffer.content.sent",
                    "content bytes sent: downloads, chunk reads, inlined small files, archives",
                    "bytes",
                    traffic,
                    Traffic::contentBytesOut);
            Readiness readiness = new Readiness();
            CallerThrottle throttle = new CallerThrottle(config.limits());
            metrics.total(
                    "coffer.limits.refused",
                    "requests refused (429) because their token was over limits.requestsPerSecond or limits.bytesPerSecond",
                    null,
                    throttle,
                    CallerThrottle::refused);
            Services services = new Services(
                    db,
                    blobs,
                    content,
                    tree,
                    teams,
                    new Members(db),
                    usage,
                    new Tokens(db),
                    authorizer,
                    imports,
                    importer,
                    secrets,
                    new DataSources(db, plans),
                    audit,
                    config,
                    users,
                    new Sessions(db, config.login()),
                    logins,
                    datasets,
                    traffic,
                    metrics,
                    readiness,
                    throttle);
            Javalin http = Api.create(services).start(config.bind(), config.port());
            importer.start();
            closer = new MonthCloser(new Statements(db, config.plans()), clock, metrics);
            closer.start();
            gcSchedule = new GcSchedule(new GarbageCollector(db, blobs), config.gcGrace(), metrics);
            gcSchedule.start(config.gcInterval());
            housekeeping = new Housekeeping(audit, logins, config.retention(), clock);
            housekeeping.start();
            log.info(
                    "Coffer listening on {}:{} (metadata: {}; content: {})",
                    config.bind(),
                    http.port(),
                    db.describe(),
                    blobs.describe());
            return new CofferServer(
                    config,
                    db,
                    blobs,
                    http,
                    importer,
                    closer,
                    gcSchedule,
                    startup,
                    secrets,
                    audit,
                    housekeeping,
                    traffic,
                    metrics,
                    readiness);
        } catch (IOException | RuntimeException e) {
            if (housekeeping != null) housekeeping.close();
            if (closer != null) closer.close();
            if (gcSchedule != null) gcSchedule.close();
            if (importer != null) importer.close();
            if (blobs != null) blobs.close();
            db.close();
            metrics.close();
            throw e;
        }
    }

    /** Imports into a volume folder land as files through the same checks as uploads (access, usage, quota). */
    private static ImportTarget volumeTarget(Database db, Teams teams, VolumeTree tree, Authorizer authorizer) {
        return (job, manifest) -> {
            Volume v = teams.volume(job.targetId());
            authorizer.check(teams.principalOf(job.createdBy()), v, Action.WRITE);
            tree.putFile(v, VolumePath.parse(job.targetPath()), manifest, db.now());
            return job.targetPath();
        };
    }

    /** Imports into a dataset draft land through the same checks as uploads into it (draft state, access, usage, quota). */
    private static ImportTarget draftTarget(Database db, Teams teams, DatasetServices datasets, Authorizer authorizer) {
        return (job, manifest) -> {
            Version draft = datasets.datasets().version(job.targetId());
            authorizer.checkDataset(
                    teams.principalOf(job.createdBy()), datasets.datasets().teamOf(draft), Action.WRITE);
            datasets.drafts().put(draft, VolumePath.parse(job.targetPath()), manifest, db.now());
            return draft.dataset() + ":" + draft.number() + job.targetPath();
        };
    }

    private static Startup bootstrap(CofferConfig config, Database db) throws IOException {
        boolean fromEnv = config.adminToken() != null;
        String token = fromEnv ? config.adminToken() : Tokens.generate();
        String passwordHash = null;
        if (config.adminPassword() != null) {
            try {
                Passwords.checkAcceptable(config.adminPassword());
            } catch (CofferException.Invalid e) {
                throw new CofferException.Invalid("adminPassword (COFFER_ADMIN_PASSWORD): " + e.getMessage());
            }
            passwordHash = Passwords.hash(config.adminPassword());
        }
        Path tokenFile = config.data().resolve("admin-token");
        Path passwordFile = config.data().resolve("admin-password");
        String generatedPassword = null;
        if (passwordHash == null && !fromEnv && !Files.exists(tokenFile)) {
            // A first start on the embedded defaults: the web UI needs a password to sign in with.
            generatedPassword = Tokens.generate("").substring(0, 24);
            passwordHash = Passwords.hash(generatedPassword);
        }
        Teams bootstrapTeams = new Teams(db, new TeamUsage(db));
        Teams.Bootstrap result = bootstrapTeams.bootstrap(token, passwordHash);
        if (result.created()) {
            // The first team starts its plan history on the configured default plan.
            long team = bootstrapTeams.team(Teams.DEFAULT).id();
            Plans plans = new Plans(db, config.plans());
            db.useWrite(h -> plans.startOnDefaultPlan(h, team, db.now()));
        }
        if (result.created() && !fromEnv) writeOwnerOnly(tokenFile, token);
        if (result.created() && generatedPassword != null) writeOwnerOnly(passwordFile, generatedPassword);
        return new Startup(
                result.created(),
                fromEnv ? null : (Files.exists(tokenFile) ? tokenFile.toString() : null),
                fromEnv,
                Files.exists(passwordFile) ? passwordFile.toString() : null);
    }

    /** A secret in a file of the data folder that only its owner can read. */
    private static void writeOwnerOnly(Path file, String secret) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, secret + "\n");
    }

    /**
     * The key for team secrets: the setting {@code secrets.key}, else {@code DATA/secrets.key}
     * (generated on first start). Secrets written with another key are reported at start, so a
     * server given the wrong key says so before anyone needs a secret.
     */
    private static MasterKey secretsKey(CofferConfig config, Database db) throws IOException {
        MasterKey key;
        if (config.secretsKey() != null) {
            key = MasterKey.fromBase64(config.secretsKey(), MasterKey.SETTING);
        } else {
            Path file = config.data().resolve("secrets.key");
            boolean generated = !Files.exists(file);
            key = MasterKey.loadOrCreate(file);
            if (generated && db.dialect() == Dialect.POSTGRESQL) {
                log.warn(
                        "generated a new key for team secrets in {}: every server that shares this PostgreSQL database must be"
                                + " given the same key through {}",
                        file,
                        MasterKey.SETTING);
            }
        }
        long foreign = new Secrets(db, key).countSealedWithOtherKeys();
        if (foreign > 0) {
            log.error(
                    "{} team secret(s) were written with another key than this server's (key id {}, from {}); they cannot be"
                            + " read until the server is given that key through {}",
                    foreign,
                    key.id(),
                    key.source(),
                    MasterKey.SETTING);
        } else {
            log.info("team secrets key: id {}, from {}", key.id(), key.source());
        }
        return key;
    }

    public int port() {
        return http.port();
    }

    public String url() {
        if (config.publicUrl() != null) return config.publicUrl();
        String host = config.bind().equals("0.0.0.0") ? "127.0.0.1" : config.bind();
        return "http://" + host + ":" + port();
    }

    /** Every route the HTTP server answers, as "METHOD /path/{param}" (Javalin's templates). */
    public List<String> routes() {
        return http.unsafe.internalRouter.allHttpHandlers().stream()
                .map(p -> p.endpoint.method.name() + " " + p.endpoint.path)
                .toList();
    }

    public Startup startup() {
        return startup;
    }

    /** Content bytes received so far (what deduplication and resumed uploads did not send). */
    public Traffic traffic() {
        return traffic;
    }

    public Database database() {
        return db;
    }

    public BlobStore blobs() {
        return blobs;
    }

    public Secrets secrets() {
        return secrets;
    }

    public Audit audit() {
        return audit;
    }

    public Housekeeping housekeeping() {
        return housekeeping;
    }

    /**
     * Stops as a load balancer needs (SIGTERM): {@code /readyz} answers 503 for
     * {@code shutdown.unready} while everything still works, then {@link #close} stops listening
     * and lets the requests in flight finish for up to {@code shutdown.grace}.
     */
    public void shutdown() {
        readiness.stop();
        log.info(
                "shutting down: unready for {}, then up to {} for requests in flight",
                config.shutdown().unready(),
                config.shutdown().grace());
        try {
            Thread.sleep(config.shutdown().unready().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    /**
     * Stops listening (requests in flight finish, for up to {@code shutdown.grace}; new ones on
     * open connections get 503), then the background work (imports stop where their next
     * heartbeat lets another server or the next start resume them), then the stores. Once.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        readiness.stop();
        http.stop();
        closer.close();
        gcSchedule.close();
        importer.close();
        housekeeping.close();
        blobs.close();
        db.close();
        metrics.close();
    }
}
