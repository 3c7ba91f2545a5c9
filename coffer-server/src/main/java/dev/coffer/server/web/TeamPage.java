package dev.coffer.server.web;

import dev.coffer.server.Services;
import dev.coffer.server.http.PageAccess;
import dev.coffer.team.Teams;
import io.javalin.http.Context;
import java.util.List;

/** A team's home: its storage on each cluster and its notebooks, each a link to its files. */
public final class TeamPage {
    private final Services s;
    private final Pages pages;

    TeamPage(Services s, Pages pages) {
        this.s = s;
        this.pages = pages;
    }

    public record TeamView(Chrome chrome, String team, List<Place> storage, List<NotebookRow> notebooks) {}

    /** A cluster the team can keep files on. */
    public record Place(String name, String url) {}

    public record NotebookRow(String name, String cluster, String state, String url) {
        public boolean running() {
            return state.equals("Running");
        }
    }

    void show(Context ctx, WebUi.Visitor v) {
        Teams.Team team = PageAccess.team(s, ctx, PageAccess.name(ctx.pathParam("team")));
        String base = WebUi.teamUrl(team.name());
        List<Place> storage = s.teams().clusters().stream()
                .map(c -> new Place(c.name(), base + "/storage/" + WebUi.encode(c.name()) + "/files"))
                .toList();
        List<NotebookRow> notebooks = s.teams().notebooks(team.id()).stream()
                .map(n -> new NotebookRow(
                        n.name(), n.cluster(), n.state(), base + "/notebooks/" + WebUi.encode(n.name())))
                .toList();
        pages.render(ctx, 200, "team.jte", new TeamView(v.chrome(team.name()), team.name(), storage, notebooks));
    }
}
