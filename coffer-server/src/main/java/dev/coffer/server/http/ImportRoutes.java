package dev.coffer.server.http;

import dev.coffer.access.Action;
import dev.coffer.access.Principal;
import dev.coffer.access.TeamAction;
import dev.coffer.dataset.Drafts;
import dev.coffer.dataset.Version;
import dev.coffer.error.CofferException;
import dev.coffer.imports.ImportJob;
import dev.coffer.imports.ImportUrls;
import dev.coffer.server.Services;
import dev.coffer.team.Teams;
import dev.coffer.tree.VolumePath;
import dev.coffer.volume.Volume;
import dev.coffer.wire.Coded;
import dev.coffer.wire.JobWire;
import io.javalin.http.Context;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Imports from URLs into a volume folder, run in the background; their jobs and progress. */
final class ImportRoutes {
    private final Services s;

    ImportRoutes(Services s) {
        this.s = s;
    }

    /** Checks the URL and the target at once (so mistakes are told now, not in a failed job), then queues the job. */
    void create(Context ctx) {
        Teams.Team team = TeamRoutes.team(s, ctx, TeamAction.VIEW);
        // {@code volume} (a folder of a volume) or {@code dataset} (a draft: NAME:N) says where the file lands.
        JobWire.ImportRequest req = Json.read(ctx, JobWire.ImportRequest.class, 16 * 1024);
        if (req.url() == null) throw new CofferException.Invalid("field 'url' is required");
        if (req.dataset() != null) {
            createIntoDraft(ctx, team, req);
            return;
        }
        if (req.volume() == null || req.volume().kind() == null || req.volume().name() == null) {
            throw new CofferException.Invalid(
                    "field 'volume' is required: {\"kind\": \"storage\" or \"notebooks\", \"name\": CLUSTER or NOTEBOOK}");
        }
        Principal who = Api.principal(ctx);
        Volume v = switch (req.volume().kind()) {
            case "storage" ->
                s.teams()
                        .storage(
                                team.id(), VolumeRequest.decodeName(req.volume().name()));
            case "notebooks" ->
                s.teams()
                        .notebookVolume(
                                team.id(), VolumeRequest.decodeName(req.volume().name()));
            default ->
                throw new CofferException.Invalid("volume kind must be 'storage' or 'notebooks', got '"
                        + req.volume().kind() + "'");
        };
        s.authorizer().check(who, v, Action.WRITE);
        URI url = s.importer().guard().check(req.url()).uri();
        VolumePath folder = VolumeRequest.path(req.path() == null ? "" : req.path());
        VolumePath file = folder.child(req.name() != null ? req.name() : fileName(url));
        s.tree().checkCanCreate(v, file);
        ImportJob job = s.imports().create(team.id(), who.userId(), url.toString(), "volume", v.id(), file.toString());
        Json.send(ctx, 202, json(job));
    }

    /** An import into a dataset draft of the team (or, for operators, a public one). */
    private void createIntoDraft(Context ctx, Teams.Team team, JobWire.ImportRequest req) {
        if (req.volume() != null) throw new CofferException.Invalid("give either 'volume' or 'dataset', not both");
        if (req.dataset().ref() == null)
            throw new CofferException.Invalid("field 'dataset.ref' is required: the draft, as NAME:N");
        Principal who = Api.principal(ctx);
        Long owner = Boolean.TRUE.equals(req.dataset().isPublic()) ? null : team.id();
        s.authorizer().checkDataset(who, owner, Action.WRITE);
        Version draft = s.datasets().datasets().resolve(owner, req.dataset().ref());
        Drafts.checkDraft(draft);
        URI url = s.importer().guard().check(req.url()).uri();
        VolumePath folder = VolumeRequest.path(req.path() == null ? "" : req.path());
        VolumePath file = folder.child(req.name() != null ? req.name() : fileName(url));
        ImportJob job =
                s.imports().create(team.id(), who.userId(), url.toString(), "draft", draft.id(), file.toString());
        Json.send(ctx, 202, json(job));
    }

    /** The last name of the URL's path, or {@code download} when it has none. */
    static String fileName(URI url) {
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        String last = path.substring(path.lastIndexOf('/') + 1);
        String name = URLDecoder.decode(last, StandardCharsets.UTF_8);
        return name.isBlank() || name.equals(".") || name.equals("..") ? "download" : name;
    }

    void list(Context ctx) {
        Teams.Team team = TeamRoutes.team(s, ctx, TeamAction.VIEW);
        int limit = Math.min(FileRoutes.intParam(ctx, "limit", 100), 1000);
        Json.send(
                ctx,
                200,
                new JobWire.JobList(s.imports().list(team.id(), limit).stream()
                        .map(this::json)
                        .toList()));
    }

    void show(Context ctx) {
        Json.send(ctx, 200, json(job(ctx, TeamAction.VIEW)));
    }

    void cancel(Context ctx) {
        ImportJob job = job(ctx, TeamAction.RUN_NOTEBOOKS);
        Json.send(ctx, 200, json(s.imports().cancel(job.teamId(), job.id())));
    }

    private ImportJob job(Context ctx, TeamAction action) {
        Teams.Team team = TeamRoutes.team(s, ctx, action);
        long id = parseId(ctx.pathParam("id"));
        return s.imports()
                .get(id)
                .filter(j -> j.teamId() == team.id())
                .orElseThrow(() -> new CofferException.NotFound("no job " + id));
    }

    private static long parseId(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new CofferException.Invalid("a job id is a number, got '" + raw + "'");
        }
    }

    JobWire.Job json(ImportJob j) {
        return new JobWire.Job(
                j.id(),
                "import",
                ImportUrls.redact(j.url()),
                j.targetPath(),
                Coded.of(JobWire.JobState.class, j.state()),
                j.bytesDone(),
                j.bytesTotal(),
                j.rate(s.db().now()),
                j.error(),
                j.resultDigest(),
                j.createdAt(),
                j.finishedAt());
    }
}
