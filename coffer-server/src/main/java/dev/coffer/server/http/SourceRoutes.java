package dev.coffer.server.http;

import dev.coffer.access.TeamAction;
import dev.coffer.server.Services;
import dev.coffer.source.DataSource;
import dev.coffer.source.SourceSpec;
import dev.coffer.team.Teams;
import dev.coffer.wire.SourceWire;
import io.javalin.http.Context;

/**
 * A team's external data sources. Owners and admins add, change and delete them; every member
 * (viewers too) sees them, since members read and write through them. A body is read without
 * ever being quoted back ({@link Json#readSecret}): a secret key pasted where {@code secret:NAME}
 * belongs must not come back in an error.
 */
final class SourceRoutes {
    private static final int MAX_BODY = 16 * 1024;
    private static final String SHAPE =
            "{\"url\": \"s3://BUCKET/PREFIX\", \"accessKeyId\": \"...\", \"secretAccessKey\": \"secret:NAME\","
                    + " \"region\": \"...\" or \"endpoint\": \"https://...\"}";

    private final Services s;

    SourceRoutes(Services s) {
        this.s = s;
    }

    private static String name(Context ctx) {
        return SourceSpec.checkName(VolumeRequest.decode(ctx.pathParam("name")));
    }

    private static SourceSpec spec(Context ctx) {
        SourceWire.SourceSpec w = Json.readSecret(ctx, SourceWire.SourceSpec.class, MAX_BODY, SHAPE);
        return new SourceSpec(w.url(), w.accessKeyId(), w.secretAccessKey(), w.region(), w.endpoint(), w.pathStyle());
    }

    static SourceWire.Source wire(DataSource d) {
        return new SourceWire.Source(
                d.name(),
                d.url(),
                d.accessKeyId(),
                d.secretReference(),
                d.region(),
                d.endpoint(),
                d.pathStyle(),
                d.createdAt(),
                d.updatedAt());
    }

    void register(RouteBook r) {
        r.get(
                        "/api/v1/teams/{team}/sources",
                        "Data sources",
                        "The team's external data sources (S3-compatible buckets; members and viewers see them)",
                        this::list)
                .returns(SourceWire.SourceList.class);
        r.get("/api/v1/teams/{team}/sources/{name}", "Data sources", "One data source", this::get)
                .returns(SourceWire.Source.class);
        r.post(
                        "/api/v1/teams/{team}/sources/{name}",
                        "Data sources",
                        "Add a data source: a bucket URL, an access key id, the secret key as secret:NAME (a team"
                                + " secret) and a region or an endpoint (owners and admins, on plans with data sources)",
                        this::create)
                .body(SourceWire.SourceSpec.class)
                .returns(201, SourceWire.Source.class);
        r.patch(
                        "/api/v1/teams/{team}/sources/{name}",
                        "Data sources",
                        "Change a data source's fields (those given; an endpoint replaces the region and the other"
                                + " way round)",
                        this::update)
                .body(SourceWire.SourceSpec.class)
                .returns(SourceWire.Source.class);
        r.delete("/api/v1/teams/{team}/sources/{name}", "Data sources", "Delete a data source", this::delete)
                .noContent();
        // Files in a source: the bucket's own routes under .../sources/NAME/.
        new SourceFileRoutes(s).register(r);
    }

    void list(Context ctx) {
        Teams.Team team = TeamRoutes.team(s, ctx, TeamAction.VIEW);
        Json.send(
                ctx,
                200,
                new SourceWire.SourceList(s.sources().list(team.id()).stream()
                        .map(SourceRoutes::wire)
                        .toList()));
    }

    void get(Context ctx) {
        Teams.Team team = TeamRoutes.team(s, ctx, TeamAction.VIEW);
        Json.send(ctx, 200, wire(s.sources().get(team.id(), name(ctx))));
    }

    void create(Context ctx) {
        Teams.Team team = TeamRoutes.team(s, ctx, TeamAction.MANAGE_SOURCES);
        String name = name(ctx);
        Json.send(ctx, 201, wire(s.sources().create(team.id(), name, spec(ctx))));
    }

    void update(Context ctx) {
        Teams.Team team = TeamRoutes.team(s, ctx, TeamAction.MANAGE_SOURCES);
        String name = name(ctx);
        Json.send(ctx, 200, wire(s.sources().update(team.id(), name, spec(ctx))));
    }

    void delete(Context ctx) {
        Teams.Team team = TeamRoutes.team(s, ctx, TeamAction.MANAGE_SOURCES);
        s.sources().delete(team.id(), name(ctx));
        ctx.status(204);
    }
}
