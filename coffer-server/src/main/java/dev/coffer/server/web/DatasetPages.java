package dev.coffer.server.web;

import dev.coffer.server.Services;
import dev.coffer.server.http.PageAccess;
import dev.coffer.team.Teams;
import dev.coffer.wire.DatasetWire;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The Datasets tab (the team's datasets and the public ones) and a dataset's page: its versions
 * with size, files, new bytes and tags, drafts to open, upload into and commit, and the diff
 * between two versions. Versions are browsed and downloaded in the file manager.
 */
public final class DatasetPages {
    /** The most changes a diff page lists (the counts are always complete). */
    static final int DIFF_LIMIT = 1000;

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private final Services s;
    private final Pages pages;

    DatasetPages(Services s, Pages pages) {
        this.s = s;
        this.pages = pages;
    }

    public record ListTab(
            Chrome chrome, List<DatasetWire.Dataset> team, List<DatasetWire.Dataset> shared, boolean writable) {
        public String teamUrl(String name) {
            return chrome.current().url() + "/datasets/" + WebUi.encode(name);
        }

        public String publicUrl(String name) {
            return chrome.current().url() + "/public-datasets/" + WebUi.encode(name);
        }
    }

    /**
     * A dataset's page: {@code api} is its API base, {@code files} the file manager's base for its
     * versions; {@code diff} is shown when asked for.
     */
    public record DatasetView(
            Chrome chrome,
            DatasetWire.DatasetDescription dataset,
            String api,
            String files,
            boolean writable,
            DatasetWire.Diff diff) {
        public String versionFiles(long number) {
            return files + "/" + WebUi.encode(dataset.name() + ":" + number) + "/files";
        }

        public String zip(long number) {
            return api + ":" + number + "/files?archive=zip";
        }

        public static String size(Long bytes) {
            return bytes == null ? "" : Sizes.human(bytes);
        }

        public static String time(Long millis) {
            return millis == null ? "" : TIME.format(Instant.ofEpochMilli(millis));
        }

        public List<DatasetWire.Version> committed() {
            return dataset.versions().stream()
                    .filter(v -> v.state() == DatasetWire.VersionState.COMMITTED)
                    .toList();
        }

        public static String change(DatasetWire.Change c) {
            return c.change().toString();
        }
    }

    void list(Context ctx, WebUi.Visitor v) {
        Teams.Team team = PageAccess.team(s, ctx, PageAccess.name(ctx.pathParam("team")));
        pages.render(
                ctx,
                200,
                "datasets.jte",
                new ListTab(
                        v.chrome(team.name()),
                        PageAccess.datasets(s, ctx, team.name()).datasets(),
                        PageAccess.datasets(s, ctx, null).datasets(),
                        PageAccess.mayWriteDatasets(s, ctx, team.name())));
    }

    /** A team's dataset ({@code shared} false) or a public one, with the diff when {@code from} or {@code to} is given. */
    void show(Context ctx, WebUi.Visitor v, boolean shared) {
        Teams.Team team = PageAccess.team(s, ctx, PageAccess.name(ctx.pathParam("team")));
        String name = PageAccess.name(ctx.pathParam("name"));
        String owner = shared ? null : team.name();
        DatasetWire.DatasetDescription ds = PageAccess.dataset(s, ctx, owner, name);
        String from = blankToNull(ctx.queryParam("from"));
        String to = blankToNull(ctx.queryParam("to"));
        DatasetWire.Diff diff =
                from != null || to != null ? PageAccess.diff(s, ctx, owner, name, from, to, DIFF_LIMIT) : null;
        String api = shared
                ? "/api/v1/public/datasets/" + WebUi.encode(name)
                : "/api/v1/teams/" + WebUi.encode(team.name()) + "/datasets/" + WebUi.encode(name);
        String files = WebUi.teamUrl(team.name()) + (shared ? "/public-datasets" : "/datasets");
        pages.render(
                ctx,
                200,
                "dataset.jte",
                new DatasetView(
                        v.chrome(team.name()), ds, api, files, PageAccess.mayWriteDatasets(s, ctx, owner), diff));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
