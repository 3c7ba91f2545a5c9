package dev.coffer.server.http;

import dev.coffer.access.Principal;
import dev.coffer.access.Tokens;
import dev.coffer.error.CofferException;
import dev.coffer.server.Services;
import dev.coffer.team.Teams;
import dev.coffer.wire.TokenWire;
import io.javalin.http.Context;
import java.util.List;

/**
 * API tokens: personal ones (each user's own, for the CLI and scripts) and platform ones (made
 * by operators for a notebook platform, scoped to one cluster). A token is shown only in the
 * answer that creates it.
 */
final class TokenRoutes {
    private final Services s;

    TokenRoutes(Services s) {
        this.s = s;
    }

    private static Principal user(Context ctx) {
        Principal who = Api.principal(ctx);
        if (!who.hasUser()) throw new CofferException.Forbidden("platform tokens cannot manage tokens");
        return who;
    }

    void create(Context ctx) {
        Principal who = user(ctx);
        TokenWire.CreateToken req = Json.read(ctx, TokenWire.CreateToken.class, 4096);
        Tokens.Created t =
                s.tokens().createPersonal(who.userId(), req.name(), s.tokens().expiryInDays(req.expiresInDays()));
        Json.send(ctx, 201, created(t, null));
    }

    /** The caller's tokens; an operator may ask for another user's with {@code ?user=NAME}. */
    void list(Context ctx) {
        Principal who = user(ctx);
        String other = ctx.queryParam("user");
        long userId = who.userId();
        if (other != null && !other.equals(who.name())) {
            UserRoutes.requireOperator(ctx, "list other users' tokens");
            userId = s.users().get(other).id();
        }
        Json.send(ctx, 200, new TokenWire.TokenList(describe(s.tokens().personal(userId))));
    }

    /** The caller's own personal tokens, never their values. */
    TokenWire.TokenList own(Context ctx) {
        return new TokenWire.TokenList(describe(s.tokens().personal(user(ctx).userId())));
    }

    void revoke(Context ctx) {
        s.tokens().revokePersonal(user(ctx), id(ctx));
        ctx.status(204);
    }

    void createPlatform(Context ctx) {
        UserRoutes.requireOperator(ctx, "create platform tokens");
        Teams.Cluster cluster = cluster(ctx);
        TokenWire.CreateToken req = Json.read(ctx, TokenWire.CreateToken.class, 4096);
        Tokens.Created t = s.tokens()
                .createPlatform(
                        cluster.id(),
                        req.name(),
                        Api.principal(ctx).userId(),
                        s.tokens().expiryInDays(req.expiresInDays()));
        Json.send(ctx, 201, created(t, cluster.name()));
    }

    void listPlatform(Context ctx) {
        UserRoutes.requireOperator(ctx, "list platform tokens");
        Json.send(
                ctx,
                200,
                new TokenWire.TokenList(
                        describe(s.tokens().platform(cluster(ctx).id()))));
    }

    void revokePlatform(Context ctx) {
        UserRoutes.requireOperator(ctx, "revoke platform tokens");
        s.tokens().revokePlatform(cluster(ctx).id(), id(ctx));
        ctx.status(204);
    }

    private Teams.Cluster cluster(Context ctx) {
        String name = VolumeRequest.decodeName(ctx.pathParam("cluster"));
        return s.teams().clusters().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new CofferException.NotFound("no cluster named '" + name + "'"));
    }

    private static long id(Context ctx) {
        String raw = ctx.pathParam("id");
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new CofferException.Invalid("a token id is a number (see 'coffer tokens ls'), got '" + raw + "'");
        }
    }

    private static TokenWire.CreatedToken created(Tokens.Created t, String cluster) {
        return new TokenWire.CreatedToken(t.id(), t.name(), t.token(), cluster, t.expiresAt());
    }

    private List<TokenWire.TokenInfo> describe(List<Tokens.Info> tokens) {
        long now = s.db().now();
        return tokens.stream()
                .map(t -> new TokenWire.TokenInfo(
                        t.id(),
                        t.name(),
                        t.createdAt(),
                        t.expiresAt(),
                        t.lastUsedAt(),
                        t.revoked(),
                        t.expired(now),
                        t.createdBy()))
                .toList();
    }
}
