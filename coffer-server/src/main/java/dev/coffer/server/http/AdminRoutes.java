package dev.coffer.server.http;

import dev.coffer.blob.RetryingBlobStore;
import dev.coffer.error.CofferException;
import dev.coffer.gc.BackupCheck;
import dev.coffer.gc.Fsck;
import dev.coffer.gc.GarbageCollector;
import dev.coffer.server.Services;
import dev.coffer.usage.UsageRecount;
import dev.coffer.wire.AdminWire;
import io.javalin.http.Context;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Operator maintenance: garbage collection (with a dry run) and the consistency check. */
final class AdminRoutes {
    private final Services s;

    AdminRoutes(Services s) {
        this.s = s;
    }

    private void requireAdmin(Context ctx) {
        s.authorizer().requireOperator(Api.principal(ctx), "run maintenance");
    }

    void gc(Context ctx) throws Exception {
        requireAdmin(ctx);
        boolean dryRun = FileRoutes.boolParam(ctx, "dryRun");
        String graceParam = ctx.queryParam("graceSeconds");
        Duration grace = graceParam == null
                ? s.config().gcGrace()
                : Duration.ofSeconds(FileRoutes.longParam(ctx, "graceSeconds", 0));
        if (grace.isNegative()) throw new CofferException.Invalid("graceSeconds must not be negative");
        GarbageCollector gc = new GarbageCollector(s.db(), s.blobs());
        if (dryRun) {
            GarbageCollector.Plan p = gc.plan(grace);
            Json.send(ctx, 200, new AdminWire.GcReport(true, grace.toSeconds(), p.contents(), p.chunks(), p.bytes()));
        } else {
            GarbageCollector.Result r = gc.execute(grace);
            s.metrics().gcRun(r.chunksRemoved(), r.bytesFreed());
            Json.send(
                    ctx,
                    200,
                    new AdminWire.GcReport(
                            false, grace.toSeconds(), r.contentsRemoved(), r.chunksRemoved(), r.bytesFreed()));
        }
    }

    /** Version, uptime, whether the database and the store answer, pending collection, jobs. */
    void status(Context ctx) {
        requireAdmin(ctx);
        String dbProblem = null;
        String schema = null;
        try {
            s.db().checkReachable();
            schema = s.db().withHandle(h -> h.createQuery(
                            "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank DESC LIMIT 1")
                    .mapTo(String.class)
                    .findOne()
                    .orElse(null));
        } catch (Exception e) {
            dbProblem = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        String storeProblem = null;
        try {
            s.blobs().checkReachable();
        } catch (Exception e) {
            storeProblem = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        RetryingBlobStore retrying = RetryingBlobStore.of(s.blobs());
        var store = new AdminWire.StoreStatus(
                s.blobs().describe(),
                storeProblem == null,
                storeProblem,
                retrying == null ? null : retrying.retries(),
                retrying == null ? null : retrying.failures());
        var database = new AdminWire.DatabaseStatus(
                s.db().dialect().name().toLowerCase(Locale.ROOT), schema, dbProblem == null, dbProblem);
        AdminWire.GcReport pending = null;
        Map<String, Long> jobs = new TreeMap<>();
        long teams = -1;
        long users = -1;
        if (dbProblem == null) {
            Duration grace = s.config().gcGrace();
            GarbageCollector.Plan p = new GarbageCollector(s.db(), s.blobs()).plan(grace);
            pending = new AdminWire.GcReport(true, grace.toSeconds(), p.contents(), p.chunks(), p.bytes());
            jobs.putAll(s.imports().countByState());
            teams = count("teams");
            users = count("users");
        }
        Json.send(
                ctx,
                200,
                new AdminWire.Status(
                        Api.VERSION,
                        ManagementFactory.getRuntimeMXBean().getUptime() / 1000,
                        database,
                        store,
                        pending,
                        jobs,
                        teams,
                        users));
    }

    private long count(String table) {
        return s.db().withHandle(h ->
                h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }

    void backupCheck(Context ctx) throws Exception {
        requireAdmin(ctx);
        BackupCheck.Report r = new BackupCheck(s.db(), s.blobs()).run();
        Json.send(
                ctx,
                200,
                new AdminWire.BackupCheck(
                        r.consistent(),
                        r.blobsNamed(),
                        r.blobsStored(),
                        r.missing(),
                        r.missingKeys(),
                        r.unreferenced()));
    }

    void fsck(Context ctx) throws Exception {
        requireAdmin(ctx);
        Fsck.Report r = new Fsck(s.db(), s.blobs()).run();
        Json.send(
                ctx,
                200,
                new AdminWire.FsckReport(
                        r.clean(),
                        r.chunksChecked(),
                        r.bytesChecked(),
                        r.contentsChecked(),
                        r.treesChecked(),
                        r.unreferencedBlobs(),
                        r.problems()));
    }

    /** Every team's kept usage; with {@code recount=true}, next to a recount from scratch. */
    void traffic(Context ctx) {
        requireAdmin(ctx);
        Json.send(ctx, 200, new AdminWire.Traffic(s.traffic().contentBytesIn()));
    }

    void usage(Context ctx) {
        requireAdmin(ctx);
        boolean recount = FileRoutes.boolParam(ctx, "recount");
        List<AdminWire.TeamUsage> teams = new ArrayList<>();
        if (recount) {
            List<UsageRecount.Report> reports = new UsageRecount(s.db(), s.usage()).all();
            for (UsageRecount.Report r : reports) {
                teams.add(new AdminWire.TeamUsage(r.team(), r.kept(), r.counted(), r.agrees(), r.mismatches()));
            }
            int mismatched = (int) reports.stream().filter(r -> !r.agrees()).count();
            s.metrics().usageRecounted(reports.size(), mismatched);
        } else {
            s.db().withHandle(h -> h.createQuery(
                            "SELECT t.name, COALESCE(u.bytes, 0) FROM teams t LEFT JOIN team_usage u ON u.team_id = t.id ORDER BY t.name")
                    .map((rs, c) ->
                            teams.add(new AdminWire.TeamUsage(rs.getString(1), rs.getLong(2), null, null, null)))
                    .list());
        }
        Json.send(ctx, 200, new AdminWire.UsageReport(teams));
    }

    /** Rebuilds one team's kept usage from its files. */
    void repairUsage(Context ctx) {
        requireAdmin(ctx);
        String name = ctx.queryParam("team");
        if (name == null) throw new CofferException.Invalid("query parameter 'team' is required");
        long bytes =
                new UsageRecount(s.db(), s.usage()).repair(s.teams().team(name).id());
        s.metrics().usageRepaired();
        Json.send(ctx, 200, new AdminWire.UsageRepair(name, bytes));
    }
}
