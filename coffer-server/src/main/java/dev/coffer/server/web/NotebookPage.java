package dev.coffer.server.web;

import dev.coffer.server.Services;
import dev.coffer.server.http.PageAccess;
import dev.coffer.team.Teams;
import dev.coffer.wire.DatasetWire;
import dev.coffer.wire.NotebookWire;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * A notebook's page: its state, its files, and a Mount button with a version selector for each
 * dataset the team can read, which write the notebook's {@code .coffer/settings.yaml} (the file
 * its mount reads) through the API; mounted datasets have an Unmount button.
 */
public final class NotebookPage {
    private final Services s;
    private final Pages pages;

    NotebookPage(Services s, Pages pages) {
        this.s = s;
        this.pages = pages;
    }

    public record NotebookView(
            Chrome chrome,
            Teams.Notebook notebook,
            String files,
            String mountsApi,
            List<NotebookWire.Mount> mounts,
            List<Mountable> datasets,
            boolean writable) {
        public boolean running() {
            return notebook.state().equals("Running");
        }
    }

    /**
     * A dataset that can be mounted: its committed versions (newest first) with their tags, and
     * the mount of that name in {@code .coffer/settings.yaml}, if any.
     */
    public record Mountable(String name, boolean shared, List<Choice> versions, NotebookWire.Mount mounted) {}

    /** A version in the selector: {@code value} is what the settings file gets. */
    public record Choice(String value, String label, boolean selected) {}

    void show(Context ctx, WebUi.Visitor v) throws Exception {
        Teams.Team team = PageAccess.team(s, ctx, PageAccess.name(ctx.pathParam("team")));
        String name = PageAccess.name(ctx.pathParam("name"));
        Teams.Notebook notebook = s.teams().notebooks(team.id()).stream()
                .filter(n -> n.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new dev.coffer.error.CofferException.NotFound("no notebook named '" + name + "'"));
        List<NotebookWire.Mount> mounts =
                PageAccess.notebookMounts(s, ctx, team.name(), name).mounts();
        List<Mountable> datasets = new ArrayList<>();
        for (DatasetWire.Dataset d : PageAccess.datasets(s, ctx, team.name()).datasets())
            datasets.add(mountable(ctx, team.name(), d.name(), false, mounts));
        for (DatasetWire.Dataset d : PageAccess.datasets(s, ctx, null).datasets())
            datasets.add(mountable(ctx, null, d.name(), true, mounts));
        String base = WebUi.teamUrl(team.name()) + "/notebooks/" + WebUi.encode(name);
        pages.render(
                ctx,
                200,
                "notebook.jte",
                new NotebookView(
                        v.chrome(team.name()),
                        notebook,
                        base + "/files",
                        "/api/v1/teams/" + WebUi.encode(team.name()) + "/notebooks/" + WebUi.encode(name) + "/mounts",
                        mounts,
                        datasets,
                        PageAccess.mayWrite(s, ctx, "notebooks", team.name(), name)));
    }

    private Mountable mountable(
            Context ctx, String owner, String dataset, boolean shared, List<NotebookWire.Mount> mounts) {
        NotebookWire.Mount mounted = mounts.stream()
                .filter(m -> m.name().equals(dataset) && m.type().equals("dataset"))
                .findFirst()
                .orElse(null);
        String pinned = mounted == null ? null : mounted.version();
        List<Choice> choices = new ArrayList<>();
        choices.add(new Choice("latest", "latest", pinned == null));
        List<DatasetWire.Version> versions =
                new ArrayList<>(PageAccess.dataset(s, ctx, owner, dataset).versions());
        java.util.Collections.reverse(versions);
        for (DatasetWire.Version ver : versions) {
            if (ver.state() != DatasetWire.VersionState.COMMITTED) continue;
            String value = Long.toString(ver.number());
            String label =
                    "version " + value + (ver.tags().isEmpty() ? "" : " (" + String.join(", ", ver.tags()) + ")");
            choices.add(new Choice(
                    value,
                    label,
                    pinned != null && (value.equals(pinned) || ver.tags().contains(pinned))));
        }
        return new Mountable(dataset, shared, choices, mounted);
    }
}
