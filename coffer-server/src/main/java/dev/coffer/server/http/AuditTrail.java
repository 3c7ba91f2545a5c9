package dev.coffer.server.http;

import dev.coffer.audit.Actor;
import dev.coffer.audit.AuditEvent;
import dev.coffer.audit.Outcome;
import dev.coffer.error.CofferException;
import dev.coffer.server.Services;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.router.Endpoint;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the audit log at the HTTP edge, after every request, so every route (today's and
 * tomorrow's) is covered without thinking: every request with a method that changes things
 * (POST, PUT, PATCH, DELETE) with its outcome, and every refused one (401, 403, or a "not
 * found" that an access check gave to hide another team's objects) whatever its method.
 * Reads that succeed are not recorded.
 *
 * <p>Refusals of anonymous callers (no valid token, a wrong password) are counted and written as
 * one row per address, action and status a minute ({@link dev.coffer.audit.Audit#tallyAnonymous});
 * requests to no route at all are not recorded.
 *
 * <p>An event holds the action name ({@link AuditActions}), the decoded request path as the
 * target, the team named in the path, the actor, the remote address and the status: never the
 * body, the query string or a header, so secrets cannot reach the log.
 */
final class AuditTrail {
    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
    private static final String HIDDEN = "coffer.audit.hidden";
    private static final String API_PREFIX = "/api/v1";
    private static final Set<String> CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final Services s;

    AuditTrail(Services s) {
        this.s = s;
    }

    /**
     * The "not found" an access check answers so that another team's objects stay unseen; the
     * request is recorded as {@code denied}.
     */
    private static final ThreadLocal<Context> CURRENT = new ThreadLocal<>();

    /** Runs {@code h} with {@code ctx} known to {@link #markDenied}, which the central authorizer calls. */
    static void during(Context ctx, Handler h) throws Exception {
        Context outer = CURRENT.get();
        CURRENT.set(ctx);
        try {
            h.handle(ctx);
        } finally {
            if (outer == null) CURRENT.remove();
            else CURRENT.set(outer);
        }
    }

    /** The authorizer refused the current request (a hidden "not found" is then recorded as denied). */
    static void markDenied() {
        Context ctx = CURRENT.get();
        if (ctx != null) ctx.attribute(HIDDEN, Boolean.TRUE);
    }

    private static final String TEAMS = "coffer.audit.teams";

    /**
     * A team the current request has already looked up by name: its event then names the team
     * without reading it again (the read after a write commits costs a fresh page cache).
     */
    static void knownTeam(String name, long id) {
        Context ctx = CURRENT.get();
        if (ctx == null) return;
        Map<String, Long> teams = ctx.attribute(TEAMS);
        if (teams == null) ctx.attribute(TEAMS, teams = new HashMap<>(2));
        teams.put(name, id);
    }

    static CofferException.NotFound hiddenNotFound(Context ctx, String message) {
        ctx.attribute(HIDDEN, Boolean.TRUE);
        return new CofferException.NotFound(message);
    }

    void after(Context ctx) {
        String method = ctx.method().name();
        int status = ctx.statusCode();
        boolean hidden = Boolean.TRUE.equals(ctx.attribute(HIDDEN));
        boolean refused = status == 401 || status == 403 || (hidden && status == 404);
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        // A request to no route reached nothing and changed nothing: recording it would let a
        // scan of made-up paths grow the log by a synced row per request.
        if (endpoint == null) return;
        String template = endpoint.path;
        String action = AuditActions.name(method, template);
        boolean changing = CHANGING.contains(method);
        boolean quiet = status / 100 == 2 && AuditActions.quietWhenAllowed(action);
        if (!refused && !(changing && !quiet) && !AuditActions.recordedWhenAllowed(action)) return;
        Outcome outcome = refused ? Outcome.DENIED : status / 100 == 2 ? Outcome.OK : Outcome.FAILED;
        if (Api.principal(ctx) == null && outcome != Outcome.OK) {
            // Anyone can send these; they are counted per address and written once a minute.
            s.audit().tallyAnonymous(action, outcome, ctx.req().getRemoteAddr(), "HTTP " + status);
            return;
        }
        try {
            Map<String, String> params =
                    template == null ? Map.of() : pathParams(template, ctx.req().getRequestURI());
            s.audit()
                    .record(new AuditEvent(
                            Actor.of(Api.principal(ctx)),
                            teamId(ctx, params.get("team")),
                            action,
                            target(ctx.req().getRequestURI()),
                            outcome,
                            ctx.req().getRemoteAddr(),
                            "HTTP " + status + (hidden && status == 404 ? " (hidden as not found)" : "")));
        } catch (RuntimeException e) {
            // The request is answered already; the log says which event is missing (never a body).
            log.error(
                    "could not record the audit event {} {} by {}",
                    action,
                    outcome.label(),
                    Actor.of(Api.principal(ctx)).name(),
                    e);
        }
    }

    private Long teamId(Context ctx, String name) {
        if (name == null) return null;
        Map<String, Long> known = ctx.attribute(TEAMS);
        if (known != null && known.containsKey(name)) return known.get(name);
        try {
            return s.teams().team(name).id();
        } catch (CofferException.NotFound e) {
            return null;
        }
    }

    /** The request path without {@code /api/v1}, decoded (the raw form when it does not decode). */
    static String target(String rawUri) {
        String path = rawUri.startsWith(API_PREFIX + "/") ? rawUri.substring(API_PREFIX.length()) : rawUri;
        try {
            return VolumeRequest.decode(path);
        } catch (CofferException.Invalid e) {
            return path;
        }
    }

    /** The values of a template's {@code {name}} segments in the raw URI, decoded. */
    static Map<String, String> pathParams(String template, String rawUri) {
        String[] t = template.split("/", -1);
        String[] u = rawUri.split("/", -1);
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < t.length && i < u.length; i++) {
            if (t[i].startsWith("{") && t[i].endsWith("}")) {
                try {
                    params.put(t[i].substring(1, t[i].length() - 1), VolumeRequest.decode(u[i]));
                } catch (CofferException.Invalid e) {
                    // not a name at all: leave it out
                }
            }
        }
        return params;
    }
}
