package dev.coffer.server.http;

import dev.coffer.error.CofferException;
import dev.coffer.gc.Fsck;
import dev.coffer.gc.GarbageCollector;
import dev.coffer.usage.UsageRecount;
import dev.coffer.server.Services;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

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
        Duration grace = graceParam == null ? s.config().gcGrace() : Duration.ofSeconds(FileRoutes.longParam(ctx, "graceSeconds", 0));
        if (grace.isNegative()) throw new CofferException.Invalid("graceSeconds must not be negative");
        GarbageCollector gc = new GarbageCollector(s.db(), s.blobs());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dryRun", dryRun);
        body.put("graceSeconds", grace.toSeconds());
        if (dryRun) {
            GarbageCollector.Plan p = gc.plan(grace);
            body.put("contents", p.contents());
            body.put("chunks", p.chunks());
            body.put("bytes", p.bytes());
        } else {
            GarbageCollector.Result r = gc.execute(grace);
            body.put("contents", r.contentsRemoved());
            body.put("chunks", r.chunksRemoved());
            body.put("bytes", r.bytesFreed());
        }
        Json.send(ctx, 200, body);
    }

    void fsck(Context ctx) throws Exception {
        requireAdmin(ctx);
        Fsck.Report r = new Fsck(s.db(), s.blobs()).run();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clean", r.clean());
        body.put("chunksChecked", r.chunksChecked());
        body.put("bytesChecked", r.bytesChecked());
        body.put("contentsChecked", r.contentsChecked());
        body.put("treesChecked", r.treesChecked());
        body.put("unreferencedBlobs", r.unreferencedBlobs());
        body.put("problems", r.problems());
        Json.send(ctx, 200, body);
    }

    /** Every team's kept usage; with {@code recount=true}, next to a recount from scratch. */
    void usage(Context ctx) {
        requireAdmin(ctx);
        boolean recount = FileRoutes.boolParam(ctx, "recount");
        java.util.List<Map<String, Object>> teams = new java.util.ArrayList<>();
        if (recount) {
            for (UsageRecount.Report r : new UsageRecount(s.db(), s.usage()).all()) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("team", r.team());
                t.put("bytes", r.kept());
                t.put("counted", r.counted());
                t.put("agrees", r.agrees());
                t.put("mismatches", r.mismatches());
                teams.add(t);
            }
        } else {
            s.db().withHandle(h -> h.createQuery("SELECT t.name, COALESCE(u.bytes, 0) FROM teams t LEFT JOIN team_usage u ON u.team_id = t.id ORDER BY t.name")
                    .map((rs, c) -> teams.add(new LinkedHashMap<>(Map.of("team", rs.getString(1), "bytes", rs.getLong(2))))).list());
        }
        Json.send(ctx, 200, Map.of("teams", teams));
    }

    /** Rebuilds one team's kept usage from its files. */
    void repairUsage(Context ctx) {
        requireAdmin(ctx);
        String name = ctx.queryParam("team");
        if (name == null) throw new CofferException.Invalid("query parameter 'team' is required");
        long bytes = new UsageRecount(s.db(), s.usage()).repair(s.teams().team(name).id());
        Json.send(ctx, 200, Map.of("team", name, "bytes", bytes));
    }
}
