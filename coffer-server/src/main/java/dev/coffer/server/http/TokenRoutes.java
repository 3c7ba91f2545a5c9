package dev.coffer.server.http;

import dev.coffer.access.Principal;
import dev.coffer.access.Tokens;
import dev.coffer.error.CofferException;
import dev.coffer.server.Services;
import dev.coffer.team.Teams;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    record CreateToken(String name, Integer expiresInDays) {}

    private static Principal user(Context ctx) {
        Principal who = Api.principal(ctx);
        if (!who.hasUser()) throw new CofferException.Forbidden("platform tokens cannot manage tokens");
        return who;
    }

    void create(Context ctx) {
        Principal who = user(ctx);
        CreateToken req = Json.read(ctx, CreateToken.class, 4096);
        Tokens.Created t = s.tokens().createPersonal(who.userId(), req.name(), s.tokens().expiryInDays(req.expiresInDays()));
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
        Json.send(ctx, 200, Map.of("tokens", describe(s.tokens().personal(userId))));
    }

    void revoke(Context ctx) {
        s.tokens().revokePersonal(user(ctx), id(ctx));
        ctx.status(204);
    }

    void createPlatform(Context ctx) {
        UserRoutes.requireOperator(ctx, "create platform tokens");
        Teams.Cluster cluster = cluster(ctx);
        CreateToken req = Json.read(ctx, CreateToken.class, 4096);
        Tokens.Created t = s.tokens().createPlatform(cluster.id(), req.name(), Api.principal(ctx).userId(), s.tokens().expiryInDays(req.expiresInDays()));
        Json.send(ctx, 201, created(t, cluster.name()));
    }

    void listPlatform(Context ctx) {
        UserRoutes.requireOperator(ctx, "list platform tokens");
        Json.send(ctx, 200, Map.of("tokens", describe(s.tokens().platform(cluster(ctx).id()))));
    }

    void revokePlatform(Context ctx) {
        UserRoutes.requireOperator(ctx, "revoke platform tokens");
        s.tokens().revokePlatform(cluster(ctx).id(), id(ctx));
        ctx.status(204);
    }

    private Teams.Cluster cluster(Context ctx) {
        String name = VolumeRequest.decodeName(ctx.pathParam("cluster"));
        return s.teams().clusters().stream().filter(c -> c.name().equals(name)).findFirst()
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

    private static Map<String, Object> created(Tokens.Created t, String cluster) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("name", t.name());
        m.put("token", t.token());
        if (cluster != null) m.put("cluster", cluster);
        m.put("expiresAt", t.expiresAt());
        return m;
    }

    private List<Map<String, Object>> describe(List<Tokens.Info> tokens) {
        long now = s.db().now();
        return tokens.stream().map(t -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", t.id());
            m.put("name", t.name());
            m.put("createdAt", t.createdAt());
            m.put("expiresAt", t.expiresAt());
            m.put("lastUsedAt", t.lastUsedAt());
            m.put("revoked", t.revoked());
            m.put("expired", t.expired(now));
            if (t.createdBy() != null) m.put("createdBy", t.createdBy());
            return m;
        }).toList();
    }
}
