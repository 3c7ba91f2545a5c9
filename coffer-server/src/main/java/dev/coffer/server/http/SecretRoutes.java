package dev.coffer.server.http;

import dev.coffer.access.Principal;
import dev.coffer.error.CofferException;
import dev.coffer.secret.Secrets;
import dev.coffer.access.TeamAction;
import dev.coffer.server.Services;
import dev.coffer.team.Teams;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A team's secrets, write-only: set (create or replace), list names and times, delete. No
 * route answers with a value, and no error repeats one (the body is read with
 * {@link Json#readSecret}).
 */
final class SecretRoutes {
    /** A value of 64 KiB written entirely as JSON escapes ({@code \\u00XX}) takes six times as many bytes. */
    private static final int MAX_BODY = 6 * Secrets.MAX_VALUE_BYTES + 1024;
    private final Services s;

    SecretRoutes(Services s) {
        this.s = s;
    }

    /**
     * The team in the path, if the caller may manage its secrets: server admins, and the team's
     * members with role owner or admin. Other teams are "not found" (their existence is not
     * revealed); the team's other members are refused.
     */
    /** Secrets are managed by the team's owners and admins (the central authorizer decides). */
    private Teams.Team managedTeam(Context ctx) {
        return TeamRoutes.team(s, ctx, TeamAction.MANAGE_SECRETS);
    }

    record SecretRequest(String value) {}

    void put(Context ctx) {
        Teams.Team team = managedTeam(ctx);
        String name = Secrets.checkName(VolumeRequest.decode(ctx.pathParam("name")));
        SecretRequest req = Json.readSecret(ctx, SecretRequest.class, MAX_BODY, "{\"value\": \"...\"}");
        Secrets.Stored stored = s.secrets().put(team.id(), name, req.value());
        Map<String, Object> body = json(stored.info());
        body.put("created", stored.created());
        Json.send(ctx, stored.created() ? 201 : 200, body);
    }

    void list(Context ctx) {
        Teams.Team team = managedTeam(ctx);
        Json.send(ctx, 200, Map.of("secrets", s.secrets().list(team.id()).stream().map(SecretRoutes::json).toList()));
    }

    void delete(Context ctx) {
        Teams.Team team = managedTeam(ctx);
        s.secrets().delete(team.id(), Secrets.checkName(VolumeRequest.decode(ctx.pathParam("name"))));
        ctx.status(204);
    }

    private static Map<String, Object> json(Secrets.Info info) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", info.name());
        m.put("createdAt", info.createdAt());
        m.put("updatedAt", info.updatedAt());
        return m;
    }
}
