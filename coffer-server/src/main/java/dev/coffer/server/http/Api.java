package dev.coffer.server.http;

import dev.coffer.access.Principal;
import dev.coffer.error.CofferException;
import dev.coffer.server.Services;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.json.JavalinJackson;
import java.util.Map;
import org.eclipse.jetty.http.UriCompliance;

/** Builds the HTTP API: routes split by resource, one error format, one authentication step. */
public final class Api {
    static final String PRINCIPAL = "coffer.principal";
    /** Request headers beyond this size are refused with 431 before any work is done. */
    static final int MAX_HEADER_BYTES = 16 * 1024;

    private Api() {}

    public static Javalin create(Services s) {
        FileRoutes files = new FileRoutes(s);
        ChunkRoutes chunks = new ChunkRoutes(s);
        TeamRoutes teams = new TeamRoutes(s);
        AdminRoutes admin = new AdminRoutes(s);
        return Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.concurrency.useVirtualThreads = true;
            c.http.compressionStrategy = CompressionStrategy.NONE;
            c.http.maxRequestSize = 1024 * 1024;
            c.jsonMapper(new JavalinJackson(Json.MAPPER, true));
            c.jetty.modifyServer(server -> server.setErrorHandler(new ProblemErrorHandler()));
            c.jetty.modifyHttpConfiguration(hc -> {
                // Paths are decoded and checked by VolumeRequest/VolumePath, which answer with a
                // problem; Jetty's own checks would answer first with a page of HTML.
                hc.setUriCompliance(UriCompliance.UNSAFE);
                hc.setRequestHeaderSize(MAX_HEADER_BYTES);
                hc.setSendServerVersion(false);
            });

            c.routes.exception(Exception.class, (e, ctx) -> Problems.handle(e, ctx));
            c.routes.error(404, ctx -> {
                String type = ctx.res().getContentType();
                if (type == null || !type.startsWith("application/problem+json")) Problems.write(ctx, 404, "not-found", "no such route: " + ctx.method() + " " + ctx.path(), Map.of());
            });
            c.routes.error(405, ctx -> Problems.write(ctx, 405, "method-not-allowed", ctx.method() + " is not allowed on " + ctx.path(), Map.of()));

            c.routes.get("/healthz", ctx -> Json.send(ctx, 200, Map.of("status", "ok")));
            c.routes.get("/readyz", ctx -> ready(s, ctx));

            c.routes.get("/api/v1/me", auth(s, teams::me));
            c.routes.get("/api/v1/teams", auth(s, teams::listTeams));
            c.routes.get("/api/v1/clusters", auth(s, teams::listClusters));
            c.routes.post("/api/v1/clusters", auth(s, teams::createCluster));
            c.routes.get("/api/v1/teams/{team}/notebooks", auth(s, teams::listNotebooks));
            c.routes.post("/api/v1/teams/{team}/notebooks", auth(s, teams::createNotebook));
            c.routes.post("/api/v1/teams/{team}/notebooks/{name}/state", auth(s, teams::setNotebookState));
            c.routes.delete("/api/v1/teams/{team}/notebooks/{name}", auth(s, teams::deleteNotebook));

            c.routes.post("/api/v1/chunks/missing", auth(s, chunks::missing));
            c.routes.put("/api/v1/chunks/{hash}", auth(s, chunks::put));
            c.routes.post("/api/v1/chunks/batch", auth(s, chunks::putBatch));

            c.routes.post("/api/v1/admin/gc", auth(s, admin::gc));
            c.routes.post("/api/v1/admin/fsck", auth(s, admin::fsck));

            DatasetRoutes.register(c.routes, s);

            for (String kind : new String[] {"storage", "notebooks"}) {
                String base = "/api/v1/teams/{team}/" + kind + "/{volume}/";
                for (String suffix : new String[] {"", "/<path>"}) {
                    c.routes.get(base + "files" + suffix, auth(s, files::download));
                    c.routes.head(base + "files" + suffix, auth(s, files::download));
                    c.routes.put(base + "files" + suffix, auth(s, files::upload));
                    c.routes.delete(base + "files" + suffix, auth(s, files::delete));
                    c.routes.get(base + "list" + suffix, auth(s, files::list));
                    c.routes.get(base + "stat" + suffix, auth(s, files::stat));
                    c.routes.post(base + "mkdir" + suffix, auth(s, files::mkdir));
                    c.routes.get(base + "manifest" + suffix, auth(s, files::manifest));
                    c.routes.post(base + "manifest" + suffix, auth(s, files::commit));
                    c.routes.post(base + "manifests" + suffix, auth(s, files::commitBatch));
                }
                c.routes.get(base + "chunks/{hash}", auth(s, files::chunk));
                c.routes.post(base + "move", auth(s, files::move));
                c.routes.post(base + "copy", auth(s, files::copy));
            }
        });
    }

    private static void ready(Services s, Context ctx) {
        try {
            s.db().checkReachable();
            s.blobs().checkReachable();
            Json.send(ctx, 200, Map.of("status", "ready", "database", s.db().dialect().name().toLowerCase(), "store", "reachable"));
        } catch (Exception e) {
            Problems.write(ctx, 503, "not-ready", "not ready: " + e.getMessage(), Map.of());
        }
    }

    /** Wraps a handler so it runs only with a valid bearer token. */
    static Handler auth(Services s, Handler h) {
        return ctx -> {
            String header = ctx.header("Authorization");
            String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : null;
            if (header != null && token == null) throw new CofferException.Unauthorized("use 'Authorization: Bearer TOKEN'");
            Principal who = s.tokens().authenticate(token);
            ctx.attribute(PRINCIPAL, who);
            h.handle(ctx);
        };
    }

    static Principal principal(Context ctx) {
        return ctx.attribute(PRINCIPAL);
    }
}
