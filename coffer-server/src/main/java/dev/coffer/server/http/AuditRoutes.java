package dev.coffer.server.http;

import dev.coffer.access.Principal;
import dev.coffer.access.TeamAction;
import dev.coffer.audit.AuditQuery;
import dev.coffer.audit.Outcome;
import dev.coffer.audit.RecordedEvent;
import dev.coffer.error.CofferException;
import dev.coffer.server.Services;
import dev.coffer.team.Teams;
import dev.coffer.wire.AuditWire;
import dev.coffer.wire.Coded;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * {@code GET /api/v1/audit}: the audit log, newest first, paged by event id. Server admins see
 * every event; a team's owners and admins see their team's (they must pass {@code team}).
 */
final class AuditRoutes {
    private final Services s;

    AuditRoutes(Services s) {
        this.s = s;
    }

    /** The team whose events {@code who} asks for, or null for every team (server admins only). */
    private Long visibleTeam(Context ctx, Principal who, String teamName) {
        if (teamName == null) {
            if (who.admin()) return null;
            throw new CofferException.Forbidden(
                    "only server admins read the whole audit log; a team's owners and admins pass team=NAME");
        }
        Teams.Team team = s.teams().team(teamName);
        if (who.admin()) return team.id();
        s.authorizer().checkTeam(who, team.id(), team.name(), TeamAction.ADMINISTER);
        return team.id();
    }

    void list(Context ctx) {
        Json.send(ctx, 200, page(ctx, ctx.queryParam("team")));
    }

    /** A page of the log as the query parameters filter it, for {@code team} (null: what the caller may see). */
    AuditWire.AuditPage page(Context ctx, String team) {
        Principal who = Api.principal(ctx);
        String outcome = ctx.queryParam("outcome");
        AuditQuery q = new AuditQuery(
                visibleTeam(ctx, who, team),
                text(ctx, "actor"),
                text(ctx, "action"),
                outcome == null ? null : Outcome.parse(outcome),
                instant(ctx, "since"),
                instant(ctx, "until"),
                ctx.queryParam("before") == null ? null : FileRoutes.longParam(ctx, "before", 0),
                ctx.queryParam("limit") == null ? AuditQuery.DEFAULT_LIMIT : limit(ctx));
        AuditQuery.Page page = s.audit().list(q);
        return new AuditWire.AuditPage(
                page.events().stream().map(AuditRoutes::json).toList(), page.next());
    }

    private static int limit(Context ctx) {
        long n = FileRoutes.longParam(ctx, "limit", AuditQuery.DEFAULT_LIMIT);
        if (n < 1 || n > AuditQuery.MAX_LIMIT)
            throw new CofferException.Invalid("limit must be between 1 and " + AuditQuery.MAX_LIMIT + "; got " + n);
        return (int) n;
    }

    private static String text(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v != null && (v.isEmpty() || v.length() > 1024))
            throw new CofferException.Invalid(name + " must be 1 to 1024 characters");
        return v;
    }

    private static Long instant(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null) return null;
        try {
            return Instant.parse(v).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new CofferException.Invalid(
                    name + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z; got '" + v + "'");
        }
    }

    private static AuditWire.AuditEvent json(RecordedEvent e) {
        return new AuditWire.AuditEvent(
                e.id(),
                e.at(),
                Instant.ofEpochMilli(e.at()).toString(),
                e.actor().kind(),
                e.actor().id(),
                e.actor().name(),
                e.teamId(),
                e.teamName(),
                e.action(),
                e.target(),
                Coded.of(AuditWire.Outcome.class, e.outcome().label()),
                e.remoteAddr(),
                e.detail());
    }
}
