package dev.coffer.server.http;

import dev.coffer.access.NotebookTokens;
import dev.coffer.access.Principal;
import dev.coffer.access.Role;
import dev.coffer.access.TeamAction;
import dev.coffer.error.CofferException;
import dev.coffer.server.Services;
import dev.coffer.team.Teams;
import dev.coffer.volume.Volume;
import dev.coffer.wire.NotebookWire;
import io.javalin.http.Context;

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

    void create(Context ctx) {
        Teams.Team team = TeamRoutes.team(s, ctx, TeamAction.RUN_NOTEBOOKS);
        Principal who = personal(ctx);
        Volume v = notebook(ctx, team);
        // An empty body asks for the default lifetime (clients before expiry sent none).
        NotebookWire.CreateNotebookToken req = ctx.req().getContentLengthLong() == 0
                ? new NotebookWire.CreateNotebookToken(null, null)
                : Json.read(ctx, NotebookWire.CreateNotebookToken.class, 4096);
        NotebookTokens.Created t = s.tokens()
                .notebooks()
                .create(
                        v.notebookId(),
                        who.userId(),
                        s.tokens().notebooks().expiry(req.expiresInHours(), req.expiresInDays()));
        Json.send(ctx, 201, new NotebookWire.CreatedNotebookToken(t.id(), name(ctx), t.token(), t.expiresAt()));
    }

    void list(Context ctx) {
        Teams.Team team = TeamRoutes.team(s, ctx, TeamAction.RUN_NOTEBOOKS);
        Volume v = notebook(ctx, team);
        long now = s.db().now();
        Json.send(
                ctx,
                200,
                new NotebookWire.NotebookTokenList(
                        name(ctx),
                        s.tokens().notebooks().list(v.notebookId()).stream()
                                .map(t -> new NotebookWire.NotebookTokenInfo(
                                        t.id(),
                                        t.createdBy(),
                                        t.createdAt(),
                                        t.expiresAt(),
                                        t.lastUsedAt(),
                                        t.revoked(),
                                        t.expired(now)))
                                .toList()));
    }

    /** Members revoke the tokens they made; admins and owners any token of the team's notebooks. */
    void revoke(Context ctx) {
        Teams.Team team = TeamRoutes.team(s, ctx, TeamAction.RUN_NOTEBOOKS);
        Principal who = personal(ctx);
        Volume v = notebook(ctx, team);
        long id = id(ctx);
        if (s.tokens().notebooks().maker(v.notebookId(), id) != who.userId()
                && !TeamRoutes.role(s, ctx, team).atLeast(Role.ADMIN)) {
            throw new CofferException.Forbidden(
                    "you may revoke the notebook tokens you made; revoking another member's needs admin or more");
        }
        s.tokens().notebooks().revoke(v.notebookId(), id);
        ctx.status(204);
    }

    private static Principal personal(Context ctx) {
        Principal who = Api.principal(ctx);
        if (!who.hasUser())
            throw new CofferException.Forbidden("notebook tokens are managed with a personal token or a session");
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
            throw new CofferException.Invalid(
                    "a token id is a number (see 'coffer notebooks tokens NAME'), got '" + raw + "'");
        }
    }
}
