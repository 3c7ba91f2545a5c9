package dev.coffer.server.http;

import dev.coffer.access.TeamAction;
import dev.coffer.secret.Secrets;
import dev.coffer.server.Services;
import dev.coffer.team.Teams;
import dev.coffer.wire.SecretWire;
import io.javalin.http.Context;

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
    Teams.Team managedTeam(Context ctx) {
        return TeamRoutes.team(s, ctx, TeamAction.MANAGE_SECRETS);
    }

    void register(RouteBook r) {
        r.get(
                        "/api/v1/teams/{team}/secrets",
                        "Secrets",
                        "The team's secrets by name (values are never shown)",
                        this::list)
                .returns(SecretWire.SecretList.class);
        r.put(
                        "/api/v1/teams/{team}/secrets/{name}",
                        "Secrets",
                        "Set or replace a secret (encrypted at rest; owners and admins)",
                        this::put)
                .body(SecretWire.SecretValue.class)
                .returns(200, SecretWire.StoredSecret.class)
                .returns(201, SecretWire.StoredSecret.class);
        r.delete("/api/v1/teams/{team}/secrets/{name}", "Secrets", "Delete a secret", this::delete)
                .noContent();
    }

    void put(Context ctx) {
        Teams.Team team = managedTeam(ctx);
        String name = Secrets.checkName(VolumeRequest.decode(ctx.pathParam("name")));
        SecretWire.SecretValue req =
                Json.readSecret(ctx, SecretWire.SecretValue.class, MAX_BODY, "{\"value\": \"...\"}");
        Secrets.Stored stored = s.secrets().put(team.id(), name, req.value());
        Secrets.Info info = stored.info();
        Json.send(
                ctx,
                stored.created() ? 201 : 200,
                new SecretWire.StoredSecret(info.name(), info.createdAt(), info.updatedAt(), stored.created()));
    }

    void list(Context ctx) {
        Json.send(ctx, 200, list(managedTeam(ctx)));
    }

    /** The team's secrets: names and times, never a value. */
    SecretWire.SecretList list(Teams.Team team) {
        return new SecretWire.SecretList(s.secrets().list(team.id()).stream()
                .map(i -> new SecretWire.Secret(i.name(), i.createdAt(), i.updatedAt()))
                .toList());
    }

    void delete(Context ctx) {
        Teams.Team team = managedTeam(ctx);
        s.secrets().delete(team.id(), Secrets.checkName(VolumeRequest.decode(ctx.pathParam("name"))));
        ctx.status(204);
    }
}
