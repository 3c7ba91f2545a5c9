package dev.coffer.server.http;

import dev.coffer.access.Principal;
import dev.coffer.error.CofferException;
import dev.coffer.server.Services;
import dev.coffer.team.Teams;
import io.javalin.http.Context;
import java.util.Map;

/** Who am I, teams, clusters and (minimal) notebooks. */
final class TeamRoutes {
    private final Services s;

    TeamRoutes(Services s) {
        this.s = s;
    }

    void me(Context ctx) {
        Principal who = Api.principal(ctx);
        Json.send(ctx, 200, Map.of("name", who.name(), "admin", who.admin(), "teams", s.teams().teamsOf(who).stream().map(Teams.Team::name).toList()));
    }

    void listTeams(Context ctx) {
        Json.send(ctx, 200, Map.of("teams", s.teams().teamsOf(Api.principal(ctx)).stream().map(t -> Map.of("name", t.name())).toList()));
    }

    void listClusters(Context ctx) {
        Json.send(ctx, 200, Map.of("clusters", s.teams().clusters().stream().map(c -> Map.of("name", c.name())).toList()));
    }

    record ClusterRequest(String name) {}

    void createCluster(Context ctx) {
        if (!Api.principal(ctx).admin()) throw new CofferException.Forbidden("only server operators register clusters");
        ClusterRequest req = Json.read(ctx, ClusterRequest.class, 4096);
        if (req.name() == null) throw new CofferException.Invalid("field 'name' is required");
        Json.send(ctx, 201, Map.of("name", s.teams().createCluster(req.name()).name()));
    }

    private Teams.Team team(Context ctx) {
        Teams.Team team = s.teams().team(VolumeRequest.decodeName(ctx.pathParam("team")));
        if (!s.authorizer().canSeeTeam(Api.principal(ctx), team.id())) throw AuditTrail.hiddenNotFound(ctx, "no team named '" + team.name() + "'");
        return team;
    }

    void listNotebooks(Context ctx) {
        Teams.Team team = team(ctx);
        Json.send(ctx, 200, Map.of("notebooks", s.teams().notebooks(team.id()).stream()
                .map(n -> Map.of("name", n.name(), "cluster", n.cluster(), "state", n.state())).toList()));
    }

    record StateRequest(String state) {}

    /** A notebook platform reports a notebook's state (Stopped, Starting, Running, Stopping). */
    void setNotebookState(Context ctx) {
        Teams.Team team = team(ctx);
        StateRequest req = Json.read(ctx, StateRequest.class, 4096);
        Teams.Notebook n = s.teams().setNotebookState(team.id(), VolumeRequest.decodeName(ctx.pathParam("name")), req.state());
        Json.send(ctx, 200, Map.of("name", n.name(), "cluster", n.cluster(), "state", n.state()));
    }

    /** Deletes a notebook and its files (the space is reclaimed by GC). */
    void deleteNotebook(Context ctx) {
        Teams.Team team = team(ctx);
        s.teams().deleteNotebook(team.id(), VolumeRequest.decodeName(ctx.pathParam("name")));
        ctx.status(204);
    }

    record NotebookRequest(String name, String cluster) {}

    void createNotebook(Context ctx) {
        Teams.Team team = team(ctx);
        NotebookRequest req = Json.read(ctx, NotebookRequest.class, 4096);
        if (req.name() == null) throw new CofferException.Invalid("field 'name' is required");
        Teams.Notebook n = s.teams().createNotebook(team.id(), req.name(), req.cluster() == null ? Teams.DEFAULT : req.cluster());
        Json.send(ctx, 201, Map.of("name", n.name(), "cluster", n.cluster(), "state", n.state()));
    }
}
