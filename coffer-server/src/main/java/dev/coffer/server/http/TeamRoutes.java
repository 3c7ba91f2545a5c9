package dev.coffer.server.http;

import dev.coffer.access.Action;
import dev.coffer.access.Principal;
import dev.coffer.access.Role;
import dev.coffer.access.TeamAction;
import dev.coffer.error.CofferException;
import dev.coffer.server.Services;
import dev.coffer.team.Teams;
import dev.coffer.volume.Volume;
import dev.coffer.wire.Coded;
import dev.coffer.wire.NotebookWire;
import dev.coffer.wire.SessionWire;
import dev.coffer.wire.TeamWire;
import io.javalin.http.Context;

/** Who am I, teams, clusters and notebooks. */
final class TeamRoutes {
    private final Services s;

    TeamRoutes(Services s) {
        this.s = s;
    }

    /** The team named in the path, if {@code who} may do {@code action} in it; others' teams are "not found". */
    static Teams.Team team(Services s, Context ctx, TeamAction action) {
        return team(s, ctx, VolumeRequest.decodeName(ctx.pathParam("team")), action);
    }

    /** Team {@code name}, if the caller may do {@code action} in it (others' teams are "not found"). */
    static Teams.Team team(Services s, Context ctx, String name, TeamAction action) {
        Teams.Team team = s.teams().team(name);
        AuditTrail.knownTeam(team.name(), team.id());
        s.authorizer().checkTeam(Api.principal(ctx), team.id(), team.name(), action);
        return team;
    }

    static Role role(Services s, Context ctx, Teams.Team team) {
        return s.authorizer()
                .role(Api.principal(ctx), team.id())
                .orElseThrow(() -> new CofferException.NotFound("no team named '" + team.name() + "'"));
    }

    void me(Context ctx) {
        Principal who = Api.principal(ctx);
        Json.send(
                ctx,
                200,
                new SessionWire.Me(
                        who.name(),
                        who.admin(),
                        s.teams().teamsOf(who).stream().map(Teams.Team::name).toList(),
                        notebookOf(who)));
    }

    /** For a notebook token, the notebook it reaches (a mount asks, to know what to show). */
    private SessionWire.NotebookScope notebookOf(Principal who) {
        if (who.kind() != Principal.Kind.NOTEBOOK) return null;
        Teams.PlacedNotebook p = s.teams().notebookById(who.notebookId());
        return new SessionWire.NotebookScope(
                p.team(),
                p.notebook().name(),
                p.notebook().cluster(),
                Coded.of(NotebookWire.NotebookState.class, p.notebook().state()));
    }

    void listTeams(Context ctx) {
        Principal who = Api.principal(ctx);
        Json.send(
                ctx,
                200,
                new TeamWire.TeamList(s.teams().teamsOf(who).stream()
                        .map(t -> new TeamWire.TeamSummary(
                                t.name(),
                                s.authorizer()
                                        .role(who, t.id())
                                        .map(TeamRoutes::role)
                                        .orElse(null)))
                        .toList()));
    }

    static TeamWire.Role role(Role r) {
        return Coded.of(TeamWire.Role.class, r.code());
    }

    void createTeam(Context ctx) {
        s.authorizer().requireUser(Api.principal(ctx), "create teams");
        TeamWire.CreateTeam req = Json.read(ctx, TeamWire.CreateTeam.class, 4096);
        if (req.name() == null) throw new CofferException.Invalid("field 'name' is required");
        Teams.Team t = s.teams().createTeam(req.name(), Api.principal(ctx).userId());
        Json.send(ctx, 201, new TeamWire.TeamSummary(t.name(), TeamWire.Role.OWNER));
    }

    void showTeam(Context ctx) {
        Teams.Team team = team(s, ctx, TeamAction.VIEW);
        Json.send(
                ctx,
                200,
                new TeamWire.Team(
                        team.name(),
                        role(role(s, ctx, team)),
                        s.members().list(team.id()).stream()
                                .map(MemberRoutes::json)
                                .toList(),
                        s.teams().notebooks(team.id()).stream()
                                .map(TeamRoutes::notebook)
                                .toList()));
    }

    void deleteTeam(Context ctx) {
        Teams.Team team = team(s, ctx, TeamAction.DELETE_TEAM);
        s.teams().deleteTeam(team.id());
        ctx.status(204);
    }

    void listClusters(Context ctx) {
        Json.send(
                ctx,
                200,
                new TeamWire.ClusterList(s.teams().clusters().stream()
                        .map(c -> new TeamWire.Cluster(c.name()))
                        .toList()));
    }

    void createCluster(Context ctx) {
        s.authorizer().requireOperator(Api.principal(ctx), "register clusters");
        TeamWire.CreateCluster req = Json.read(ctx, TeamWire.CreateCluster.class, 4096);
        if (req.name() == null) throw new CofferException.Invalid("field 'name' is required");
        Json.send(
                ctx,
                201,
                new TeamWire.Cluster(s.teams().createCluster(req.name()).name()));
    }

    void listNotebooks(Context ctx) {
        Teams.Team team = team(s, ctx, TeamAction.VIEW);
        Json.send(
                ctx,
                200,
                new NotebookWire.NotebookList(s.teams().notebooks(team.id()).stream()
                        .map(TeamRoutes::notebook)
                        .toList()));
    }

    static NotebookWire.Notebook notebook(Teams.Notebook n) {
        return new NotebookWire.Notebook(n.name(), n.cluster(), Coded.of(NotebookWire.NotebookState.class, n.state()));
    }

    /**
     * The notebook platform reports a notebook's state (Stopped, Starting, Running, Stopping),
     * moving only as {@link dev.coffer.team.NotebookState} allows. Who may: the platform token of
     * the notebook's cluster, server operators, and the team's admins and owners (standing in for
     * a platform). Not members: files and notebook tokens work only while a notebook is Running,
     * so reporting Running is what turns them on. A platform token of another cluster, like
     * someone outside the team, is answered "not found".
     */
    void setNotebookState(Context ctx) {
        Principal who = Api.principal(ctx);
        String name = VolumeRequest.decodeName(ctx.pathParam("name"));
        Teams.Team team;
        if (who.isPlatform()) {
            team = s.teams().team(VolumeRequest.decodeName(ctx.pathParam("team")));
            if (!who.clusterId()
                    .equals(s.teams().notebookVolume(team.id(), name).clusterId())) {
                throw new CofferException.NotFound("no notebook named '" + name + "'");
            }
        } else if (who.admin()) {
            team = s.teams().team(VolumeRequest.decodeName(ctx.pathParam("team")));
        } else {
            team = team(s, ctx, TeamAction.REPORT_NOTEBOOK_STATE);
        }
        NotebookWire.StateReport req = Json.read(ctx, NotebookWire.StateReport.class, 4096);
        Teams.Notebook n = s.teams().setNotebookState(team.id(), name, req.state());
        Json.send(ctx, 200, notebook(n));
    }

    /** Deletes a notebook and its files (the space is reclaimed by GC). */
    void deleteNotebook(Context ctx) {
        Teams.Team team = team(s, ctx, TeamAction.VIEW);
        String name = VolumeRequest.decodeName(ctx.pathParam("name"));
        Volume v = s.teams().notebookVolume(team.id(), name);
        s.authorizer().check(Api.principal(ctx), v, Action.MANAGE);
        s.teams().deleteNotebook(team.id(), name);
        ctx.status(204);
    }

    /** Deletes the team's whole storage on one cluster with every file in it. */
    void deleteStorage(Context ctx) {
        Teams.Team team = team(s, ctx, TeamAction.VIEW);
        String cluster = VolumeRequest.decodeName(ctx.pathParam("volume"));
        s.authorizer().check(Api.principal(ctx), s.teams().storage(team.id(), cluster), Action.MANAGE);
        s.teams().deleteStorage(team.id(), cluster);
        ctx.status(204);
    }

    void createNotebook(Context ctx) {
        Teams.Team team = team(s, ctx, TeamAction.RUN_NOTEBOOKS);
        NotebookWire.CreateNotebook req = Json.read(ctx, NotebookWire.CreateNotebook.class, 4096);
        if (req.name() == null) throw new CofferException.Invalid("field 'name' is required");
        Teams.Notebook n =
                s.teams().createNotebook(team.id(), req.name(), req.cluster() == null ? Teams.DEFAULT : req.cluster());
        Json.send(ctx, 201, notebook(n));
    }
}
