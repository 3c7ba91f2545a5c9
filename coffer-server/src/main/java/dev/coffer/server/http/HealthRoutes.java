package dev.coffer.server.http;

import dev.coffer.server.Services;
import dev.coffer.server.metrics.ServerMetrics;
import dev.coffer.wire.SessionWire;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What load balancers and monitoring ask without a token: liveness, readiness, metrics. */
final class HealthRoutes {
    private static final Logger log = LoggerFactory.getLogger(HealthRoutes.class);
    private final Services s;

    HealthRoutes(Services s) {
        this.s = s;
    }

    void register(RouteBook r) {
        r.open(
                        HandlerType.GET,
                        "/healthz",
                        "Health",
                        "Liveness: the process answers",
                        ctx -> Json.send(ctx, 200, new SessionWire.Health("ok")))
                .returns(SessionWire.Health.class);
        r.open(
                        HandlerType.GET,
                        "/readyz",
                        "Health",
                        "Readiness: the database and the content store are reachable, and the server is not shutting down",
                        this::ready)
                .returns(SessionWire.Readiness.class);
        r.open(
                        HandlerType.GET,
                        "/metrics",
                        "Health",
                        "Prometheus metrics: requests by route and status, content traffic, garbage collection,"
                                + " database pools, the JVM (no team, user or path in any label)",
                        ctx -> ctx.contentType(ServerMetrics.contentType())
                                .result(s.metrics().scrape()))
                .returnsText("text/plain", "the Prometheus text exposition format (0.0.4)");
    }

    /**
     * Anyone may ask, so the answer names only the part that failed: the exception's text (host
     * names, paths, driver messages) goes to the server log, where operators look anyway.
     */
    private void ready(Context ctx) {
        if (s.readiness().stopping()) {
            Problems.write(ctx, 503, "not-ready", "not ready: shutting down", Map.of());
            return;
        }
        String part = "database";
        try {
            s.db().checkReachable();
            part = "store";
            s.blobs().checkReachable();
            Json.send(
                    ctx,
                    200,
                    new SessionWire.Readiness("ready", s.db().dialect().name().toLowerCase(), "reachable"));
        } catch (Exception e) {
            log.warn("readiness check: the {} is unreachable", part, e);
            Problems.write(ctx, 503, "not-ready", "not ready: " + part + " unreachable", Map.of());
        }
    }
}
