package dev.coffer.server.http;

import dev.coffer.access.Action;
import dev.coffer.access.Principal;
import dev.coffer.dataset.Dataset;
import dev.coffer.dataset.Drafts;
import dev.coffer.dataset.Version;
import dev.coffer.dataset.VersionDiff;
import dev.coffer.dataset.VersionRef;
import dev.coffer.error.CofferException;
import dev.coffer.server.DatasetServices;
import dev.coffer.server.Services;
import dev.coffer.wire.DatasetWire;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * Datasets over HTTP: {@code /api/v1/teams/TEAM/datasets/...} for a team's datasets and
 * {@code /api/v1/public/datasets/...} for public ones. Datasets, versions (drafts, commit,
 * discard, delete), tags and diff live here; files of versions in {@link FileRoutes}, as of every tree.
 * Every check goes through {@link dev.coffer.access.Authorizer#checkDataset}.
 */
final class DatasetRoutes {
    static final int MAX_DIFF = 100_000;
    private final Services s;
    private final DatasetServices d;

    DatasetRoutes(Services s) {
        this.s = s;
        this.d = s.datasets();
    }

    static void register(RouteBook r, Services s) {
        DatasetRoutes ds = new DatasetRoutes(s);
        for (String base : new String[] {"/api/v1/teams/{team}/datasets", "/api/v1/public/datasets"}) {
            String whose = base.contains("public") ? "public datasets" : "the team's datasets";
            String t = "Datasets";
            r.get(base, t, "List " + whose, ds::list).returns(DatasetWire.DatasetList.class);
            r.post(base, t, "Create a dataset among " + whose, ds::create)
                    .body(DatasetWire.CreateDataset.class)
                    .returns(201, DatasetWire.Dataset.class);
            r.get(base + "/{ref}", t, "Describe a dataset (name, description, owner, versions, size)", ds::describe)
                    .returns(DatasetWire.DatasetDescription.class);
            r.patch(base + "/{ref}", t, "Rename a dataset or change its description", ds::update)
                    .body(DatasetWire.UpdateDataset.class)
                    .returns(DatasetWire.Dataset.class);
            r.delete(base + "/{ref}", t, "Delete a dataset with all its versions", ds::delete)
                    .noContent();
            r.get(base + "/{ref}/version", t, "The version a reference (NAME, NAME:N, NAME:TAG) names", ds::resolved)
                    .returns(DatasetWire.Version.class);
            r.get(base + "/{ref}/versions", t, "A dataset's versions, drafts included", ds::versions)
                    .returns(DatasetWire.VersionList.class);
            r.post(
                            base + "/{ref}/versions",
                            t,
                            "Start a draft from a parent (the latest by default, or none)",
                            ds::createDraft)
                    .optionalBody(DatasetWire.DraftRequest.class)
                    .returns(201, DatasetWire.Version.class);
            r.get(base + "/{ref}/versions/{n}", t, "One version", ds::showVersion)
                    .returns(DatasetWire.Version.class);
            r.delete(
                            base + "/{ref}/versions/{n}",
                            t,
                            "Delete a committed version (admins) or discard a draft",
                            ds::deleteVersion)
                    .noContent();
            r.post(base + "/{ref}/versions/{n}/commit", t, "Commit a draft: from then on it is immutable", ds::commit)
                    .optionalBody(DatasetWire.CommitRequest.class)
                    .returns(DatasetWire.Version.class);
            r.get(base + "/{ref}/tags", t, "A dataset's tags", ds::listTags).returns(DatasetWire.TagList.class);
            r.put(base + "/{ref}/tags/{tag}", t, "Put a tag on a version (move=true to move an existing tag)", ds::tag)
                    .body(DatasetWire.TagRequest.class)
                    .returns(DatasetWire.Version.class);
            r.delete(base + "/{ref}/tags/{tag}", t, "Remove a tag", ds::untag).noContent();
            r.get(base + "/{ref}/diff", t, "Added, removed and changed files between two versions", ds::diff)
                    .query("from", "a version number or tag")
                    .query("to", "a version number or tag")
                    .query("limit", "at most this many changes")
                    .returns(DatasetWire.Diff.class);
        }
    }

    /** Whose datasets a request addresses: a team's ({@code teamId}, {@code owner}) or the public ones (both null). */
    record Scope(Long teamId, String owner, DatasetRequest request) {}

    /** Resolves the addressed team and asks the authorizer; an unknown team reads like a dataset that is not there. */
    Scope scope(Context ctx, Action action) {
        DatasetRequest r = DatasetRequest.of(ctx);
        return new Scope(teamId(ctx, r.team(), action), r.team(), r);
    }

    /** The id of {@code team} (null: the public datasets) if the caller may {@code action} its datasets. */
    Long teamId(Context ctx, String team, Action action) {
        Long teamId = null;
        if (team != null) {
            try {
                teamId = s.teams().team(team).id();
            } catch (CofferException.NotFound e) {
                throw new CofferException.NotFound("no such dataset");
            }
        }
        check(ctx, teamId, action);
        return teamId;
    }

    void check(Context ctx, Long teamId, Action action) {
        s.authorizer().checkDataset(Api.principal(ctx), teamId, action);
    }

    /** The dataset a request names (a plain name: versions are chosen elsewhere in the path). */
    Dataset dataset(Scope scope) {
        String ref = scope.request().ref();
        if (ref.contains(":"))
            throw new CofferException.Invalid("'" + ref + "' names a version; here name the dataset only");
        return d.datasets().get(scope.teamId(), ref);
    }

    /** The version a request's reference names ({@code NAME}, {@code NAME:N}, {@code NAME:TAG}). */
    Version version(Scope scope) {
        return d.datasets().resolve(scope.teamId(), scope.request().ref());
    }

    /** A version of {@code ds} chosen by number, tag or {@code latest}. */
    Version select(Dataset ds, String selector) {
        return d.datasets().resolve(ds, VersionRef.parse(ds.name() + ":" + selector));
    }

    void list(Context ctx) {
        Scope scope = scope(ctx, Action.LIST);
        Json.send(ctx, 200, list(scope.teamId(), scope.owner()));
    }

    /** The datasets of team {@code teamId} ({@code owner} its name), or the public ones (both null). */
    DatasetWire.DatasetList list(Long teamId, String owner) {
        return new DatasetWire.DatasetList(d.datasets().list(teamId).stream()
                .map(x -> DatasetJson.dataset(x, owner))
                .toList());
    }

    void create(Context ctx) {
        Scope scope = scope(ctx, Action.WRITE);
        DatasetWire.CreateDataset req = Json.read(ctx, DatasetWire.CreateDataset.class, 64 * 1024);
        if (req.name() == null) throw new CofferException.Invalid("field 'name' is required");
        Principal who = Api.principal(ctx);
        Dataset created = d.datasets().create(scope.teamId(), req.name(), req.description(), who.userId());
        Json.send(ctx, 201, DatasetJson.dataset(created, scope.owner()));
    }

    void describe(Context ctx) {
        Scope scope = scope(ctx, Action.READ);
        Json.send(ctx, 200, description(dataset(scope)));
    }

    DatasetWire.DatasetDescription description(Dataset ds) {
        return DatasetJson.description(d.datasets().describe(ds), d.tags().list(ds));
    }

    /** Renames a dataset and/or sets its description. */
    void update(Context ctx) {
        Scope scope = scope(ctx, Action.MANAGE);
        Dataset ds = dataset(scope);
        DatasetWire.UpdateDataset req = Json.read(ctx, DatasetWire.UpdateDataset.class, 64 * 1024);
        if (req.name() == null && req.description() == null)
            throw new CofferException.Invalid("give 'name' and/or 'description'");
        if (req.description() != null) ds = d.datasets().setDescription(ds, req.description());
        if (req.name() != null) ds = d.datasets().rename(ds, req.name());
        Json.send(ctx, 200, DatasetJson.dataset(ds, scope.owner()));
    }

    void delete(Context ctx) {
        Scope scope = scope(ctx, Action.MANAGE);
        d.datasets().delete(dataset(scope));
        ctx.status(204);
    }

    void resolved(Context ctx) {
        Json.send(ctx, 200, DatasetJson.version(version(scope(ctx, Action.READ))));
    }

    void versions(Context ctx) {
        Scope scope = scope(ctx, Action.LIST);
        Json.send(
                ctx,
                200,
                new DatasetWire.VersionList(d.datasets().versions(dataset(scope)).stream()
                        .map(DatasetJson::version)
                        .toList()));
    }

    /** Starts a draft: from {@code parent} (a number, a tag, "latest" by default, or "none"). */
    void createDraft(Context ctx) {
        Scope scope = scope(ctx, Action.WRITE);
        Dataset ds = dataset(scope);
        boolean hasBody = ctx.req().getContentLengthLong() > 0;
        DatasetWire.DraftRequest req = hasBody
                ? Json.read(ctx, DatasetWire.DraftRequest.class, 64 * 1024)
                : new DatasetWire.DraftRequest(null, null);
        Drafts.Parent parent = Drafts.Parent.LATEST;
        if (req.parent() != null) {
            String sel = req.parent().text();
            parent = sel.equals("none") ? Drafts.Parent.NONE : Drafts.Parent.of(select(ds, sel));
        }
        Version draft = d.drafts().create(ds, parent, Api.principal(ctx).userId(), req.message());
        Json.send(ctx, 201, DatasetJson.version(draft));
    }

    void showVersion(Context ctx) {
        Scope scope = scope(ctx, Action.READ);
        Json.send(
                ctx,
                200,
                DatasetJson.version(select(dataset(scope), scope.request().segment(0))));
    }

    void commit(Context ctx) {
        Scope scope = scope(ctx, Action.WRITE);
        Version draft = select(dataset(scope), scope.request().segment(0));
        DatasetWire.CommitRequest req = ctx.req().getContentLengthLong() > 0
                ? Json.read(ctx, DatasetWire.CommitRequest.class, 64 * 1024)
                : new DatasetWire.CommitRequest(null);
        Json.send(ctx, 200, DatasetJson.version(d.drafts().commit(draft, req.message())));
    }

    /** Discards a draft, or deletes a committed version (a stronger right: MANAGE). */
    void deleteVersion(Context ctx) {
        Scope scope = scope(ctx, Action.WRITE);
        Version v = select(dataset(scope), scope.request().segment(0));
        if (v.committed()) {
            check(ctx, scope.teamId(), Action.MANAGE);
            d.drafts().deleteVersion(v);
        } else {
            d.drafts().discard(v);
        }
        ctx.status(204);
    }

    void listTags(Context ctx) {
        Scope scope = scope(ctx, Action.READ);
        Json.send(
                ctx,
                200,
                new DatasetWire.TagList(d.tags().list(dataset(scope)).stream()
                        .map(DatasetJson::tag)
                        .toList()));
    }

    /** Puts a tag on a version; an existing tag moves only with {@code "move": true}. */
    void tag(Context ctx) {
        Scope scope = scope(ctx, Action.WRITE);
        Dataset ds = dataset(scope);
        DatasetWire.TagRequest req = Json.read(ctx, DatasetWire.TagRequest.class, 4096);
        if (req.version() == null) throw new CofferException.Invalid("field 'version' is required");
        Version v = select(ds, req.version().text());
        Json.send(
                ctx,
                200,
                DatasetJson.version(d.tags().tag(v, scope.request().segment(0), Boolean.TRUE.equals(req.move()))));
    }

    void untag(Context ctx) {
        Scope scope = scope(ctx, Action.WRITE);
        d.tags().untag(dataset(scope), scope.request().segment(0));
        ctx.status(204);
    }

    /**
     * Added, removed and changed files from {@code from} to {@code to} (version numbers, tags or
     * "latest"; {@code to} defaults to latest, {@code from} to the parent of {@code to}).
     */
    void diff(Context ctx) {
        Scope scope = scope(ctx, Action.READ);
        int limit = Math.min(FileRoutes.intParam(ctx, "limit", 10_000), MAX_DIFF);
        Json.send(ctx, 200, diff(dataset(scope), ctx.queryParam("from"), ctx.queryParam("to"), limit));
    }

    /** The changes between two versions of {@code ds}: {@code to} defaults to the latest, {@code from} to its parent. */
    DatasetWire.Diff diff(Dataset ds, String fromParam, String toParam, int limit) {
        Version to = select(ds, toParam == null ? VersionRef.LATEST : toParam);
        Version from = fromParam != null
                ? select(ds, fromParam)
                : to.parentNumber() == null ? null : select(ds, Long.toString(to.parentNumber()));
        List<DatasetWire.Change> shown = new ArrayList<>();
        long[] counts = new long[VersionDiff.Kind.values().length];
        d.diff().diff(from, to, change -> {
            counts[change.kind().ordinal()]++;
            if (shown.size() < limit) shown.add(DatasetJson.change(change));
        });
        long total = counts[0] + counts[1] + counts[2];
        return new DatasetWire.Diff(
                from == null ? null : from.number(),
                to.number(),
                counts[VersionDiff.Kind.ADDED.ordinal()],
                counts[VersionDiff.Kind.REMOVED.ordinal()],
                counts[VersionDiff.Kind.CHANGED.ordinal()],
                total > shown.size(),
                shown);
    }

    /** Dataset {@code name} of team {@code teamId} (null: public). */
    Dataset dataset(Long teamId, String name) {
        return d.datasets().get(teamId, name);
    }
}
