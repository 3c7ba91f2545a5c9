package dev.coffer.server.http;

import dev.coffer.access.NotebookTokens;
import dev.coffer.access.Principal;
import dev.coffer.access.Role;
import dev.coffer.access.TeamAction;
import dev.coffer.error.CofferException;
import dev.coffer.server.Services;
import dev.coffer.team.Teams;
import dev.coffer.volume.Volume;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tokens for one notebook: made by a member (shown once), listed without their values, revoked
 * by their maker or the team's admins. They are made with a personal token or a session only: a
 * notebook token cannot make more of itself, and a platform token has no user to act for.
 */
final class NotebookTokenRoutes {
    private final Services s;

    NotebookTokenRoutes(Services s) {
        this.s = s;
    }

    /** The lifetime of a new token: hours or days (not both); the default when neither is given. */
    record CreateRequest(Integer expiresInHours, Integer expiresInDays) {}

    void create(Context ctx) {
        Teams.Team team = TeamRoutes.team(s, ctx, TeamAction.RUN_NOTEBOOKS);
        Principal who = personal(ctx);
        Volume v = notebook(ctx, team);
        // An empty body asks for the default lifetime (clients before expiry sent none).
        CreateRequest req = ctx.req().getContentLengthLong() == 0 ? new CreateRequest(null, null) : Json.read(ctx, CreateRequest.class, 4096);
        NotebookTokens.Created t = s.tokens().notebooks().create(v.notebookId(), who.userId(),
                s.tokens().notebooks().expiry(req.expiresInHours(), req.expiresInDays()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", t.id());
        body.put("notebook", name(ctx));
        body.put("token", t.token());
        body.put("expiresAt", t.expiresAt());
        Json.send(ctx, 201, body);
    }

    void list(Context ctx) {
        Teams.Team team = TeamRoutes.team(s, ctx, TeamAction.RUN_NOTEBOOKS);
        Volume v = notebook(ctx, team);
        long now = s.db().now();
        List<Map<String, Object>> tokens = s.tokens().notebooks().list(v.notebookId()).stream().map(t -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", t.id());
            m.put("createdBy", t.createdBy());
            m.put("createdAt", t.createdAt());
            m.put("expiresAt", t.expiresAt());
            m.put("lastUsedAt", t.lastUsedAt());
            m.put("revoked", t.revoked());
            m.put("expired", t.expired(now));
            return m;
        }).toList();
        Json.send(ctx, 200, Map.of("notebook", name(ctx), "tokens", tokens));
    }

    /** Members revoke the tokens they made; admins and owners any token of the team's notebooks. */
    void revoke(Context ctx) {
        Teams.Team team = TeamRoutes.team(s, ctx, TeamAction.RUN_NOTEBOOKS);
        Principal who = personal(ctx);
        Volume v = notebook(ctx, team);
        long id = id(ctx);
        if (s.tokens().notebooks().maker(v.notebookId(), id) != who.userId() && !TeamRoutes.role(s, ctx, team).atLeast(Role.ADMIN)) {
            throw new CofferException.Forbidden("you may revoke the notebook tokens you made; revoking another member's needs admin or more");
        }
        s.tokens().notebooks().revoke(v.notebookId(), id);
        ctx.status(204);
    }

    private static Principal personal(Context ctx) {
        Principal who = Api.principal(ctx);
        if (!who.hasUser()) throw new CofferException.Forbidden("notebook tokens are managed with a personal token or a session");
        return who;
    }

    private Volume notebook(Context ctx, Teams.Team team) {
        return s.teams().notebookVolume(team.id(), name(ctx));
    }

    private static String name(Context ctx) {
        return VolumeRequest.decodeName(ctx.pathParam("name"));
    }

    private static long id(Context ctx) {
        String raw = ctx.pathParam("id");
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new CofferException.Invalid("a token id is a number (see 'coffer notebooks tokens NAME'), got '" + raw + "'");
        }
    }
}
