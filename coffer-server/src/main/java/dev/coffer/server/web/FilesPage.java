package dev.coffer.server.web;

import dev.coffer.access.Action;
import dev.coffer.error.CofferException;
import dev.coffer.server.Services;
import dev.coffer.server.http.PageAccess;
import dev.coffer.team.Teams;
import dev.coffer.tree.FileEntry;
import dev.coffer.tree.FilePage;
import dev.coffer.tree.FileTree;
import dev.coffer.tree.VolumePath;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The file manager of a team's {@code /storage} on a cluster and of a notebook's {@code
 * /notebooks}: one folder a page (paged for big folders), with breadcrumbs, downloads, and the
 * buttons whose changes the page's script sends to the file API.
 */
public final class FilesPage {
    /** Entries per page: a screenful or a few, and a page of a 100,000-file folder stays quick. */
    static final int PAGE = 200;

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private final Services s;
    private final Pages pages;

    FilesPage(Services s, Pages pages) {
        this.s = s;
        this.pages = pages;
    }

    public record FilesView(
            Chrome chrome,
            String heading,
            String api,
            String chunks,
            String teamApi,
            String importTarget,
            String folder,
            List<Crumb> crumbs,
            List<Row> rows,
            String nextPage,
            boolean writable) {
        public boolean empty() {
            return rows.isEmpty();
        }

        /** Where a URL import is started, and where its job is followed. */
        public String imports() {
            return teamApi + "/imports";
        }

        public String jobs() {
            return teamApi + "/jobs";
        }

        /** The folder's path as the API's URLs spell it (each name encoded), empty at the root. */
        public String folderUrlPath() {
            return encodePath(folder);
        }
    }

    public record Crumb(String name, String url) {}

    /** An entry: {@code path} is relative to the tree's root, for the script; {@code href} opens or downloads it. */
    public record Row(String name, String path, boolean folder, String size, String modified, String href) {}

    void show(Context ctx, WebUi.Visitor v) throws Exception {
        String team = PageAccess.name(ctx.pathParam("team"));
        String kind = ctx.pathParam("kind");
        if (!List.of("storage", "notebooks", "datasets", "public-datasets").contains(kind))
            throw new CofferException.NotFound(
                    "no such page: files live in 'storage', 'notebooks', 'datasets' and 'public-datasets'");
        String volume = PageAccess.name(ctx.pathParam("volume"));
        Teams.Team t = PageAccess.team(s, ctx, team);
        boolean dataset = kind.endsWith("datasets");
        boolean shared = kind.equals("public-datasets");
        String teamApi = "/api/v1/teams/" + WebUi.encode(t.name());
        String api = shared
                ? "/api/v1/public/datasets/" + WebUi.encode(volume)
                : teamApi + "/" + kind + "/" + WebUi.encode(volume);
        String chunks = shared ? "/api/v1/public/chunks" : teamApi + "/chunks";
        // What an import request names as its target: this volume, or this draft.
        String importTarget = Pages.JSON.writeValueAsString(
                dataset
                        ? java.util.Map.of("dataset", java.util.Map.of("ref", volume, "public", shared))
                        : java.util.Map.of("volume", java.util.Map.of("kind", kind, "name", volume)));
        String pageBase = WebUi.teamUrl(t.name()) + "/" + kind + "/" + WebUi.encode(volume) + "/files";
        FileTree tree = PageAccess.volumeTree(s, ctx, kind, shared ? null : t.name(), volume, Action.LIST);
        boolean writable = dataset
                ? tree.writable() && PageAccess.mayWriteDatasets(s, ctx, shared ? null : t.name())
                : PageAccess.mayWrite(s, ctx, kind, t.name(), volume);
        String heading = switch (kind) {
            case "storage" -> "Team storage on " + volume + " (/storage)";
            case "notebooks" -> "Notebook " + volume + " (/notebooks)";
            default ->
                (shared ? "Public dataset " : "Dataset ")
                        + volume.replaceFirst(":", ", version ")
                        + (tree.writable() ? " (draft)" : "");
        };
        VolumePath dir = PageAccess.path(ctx.pathParamMap().get("path"));
        String rootName = dataset ? volume : "/" + kind;
        List<Crumb> crumbs = crumbs(pageBase, rootName, dir);
        Chrome chrome = v.chrome(t.name());
        String folder = String.join("/", dir.names());
        List<Row> rows = new ArrayList<>();
        FilePage page = tree.list(dir, ctx.queryParam("after"), PAGE);
        for (FileEntry e : page.entries()) {
            String path = folder.isEmpty() ? e.name() : folder + "/" + e.name();
            boolean isFolder = e.kind() == FileEntry.Kind.FOLDER;
            String href = isFolder ? pageBase + "/" + encodePath(path) : api + "/files/" + encodePath(path);
            rows.add(new Row(
                    e.name(),
                    path,
                    isFolder,
                    isFolder ? "" : Sizes.human(e.size()),
                    TIME.format(Instant.ofEpochMilli(e.mtime())),
                    href));
        }
        String here = folder.isEmpty() ? pageBase : pageBase + "/" + encodePath(folder);
        String next =
                page.next() == null ? null : here + "?after=" + URLEncoder.encode(page.next(), StandardCharsets.UTF_8);
        pages.render(
                ctx,
                200,
                "files.jte",
                new FilesView(
                        chrome, heading, api, chunks, teamApi, importTarget, folder, crumbs, rows, next, writable));
    }

    private static List<Crumb> crumbs(String pageBase, String rootName, VolumePath dir) {
        List<Crumb> crumbs = new ArrayList<>();
        crumbs.add(new Crumb(rootName, pageBase));
        StringBuilder path = new StringBuilder();
        for (String name : dir.names()) {
            path.append('/').append(WebUi.encode(name));
            crumbs.add(new Crumb(name, pageBase + path));
        }
        return crumbs;
    }

    static String encodePath(String path) {
        if (path.isEmpty()) return "";
        List<String> parts = new ArrayList<>();
        for (String name : path.split("/")) parts.add(WebUi.encode(name));
        return String.join("/", parts);
    }
}
