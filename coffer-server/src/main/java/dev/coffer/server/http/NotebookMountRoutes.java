package dev.coffer.server.http;

import dev.coffer.access.Action;
import dev.coffer.dataset.Dataset;
import dev.coffer.dataset.Version;
import dev.coffer.dataset.VersionRef;
import dev.coffer.error.CofferException;
import dev.coffer.notebook.NotebookSettings;
import dev.coffer.server.Services;
import dev.coffer.team.Teams;
import dev.coffer.tree.FileEntry;
import dev.coffer.tree.FileTree;
import dev.coffer.tree.VolumeFileTree;
import dev.coffer.tree.VolumePath;
import dev.coffer.volume.Volume;
import dev.coffer.wire.NotebookWire;
import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A notebook's dataset mounts, as its settings file declares them: list them (from
 * {@code .coffer/settings.yaml} and the source page's {@code .gradient/settings.yaml}), mount a
 * dataset at a version, unmount. Changes rewrite {@code .coffer/settings.yaml} in the notebook's
 * {@code /notebooks}, the file a running mount reads again on its own; what the web page's Mount
 * and Unmount buttons do.
 */
final class NotebookMountRoutes {
    private final Services s;

    NotebookMountRoutes(Services s) {
        this.s = s;
    }

    static void register(RouteBook r, Services s) {
        NotebookMountRoutes mounts = new NotebookMountRoutes(s);
        r.get(
                        "/api/v1/teams/{team}/notebooks/{name}/mounts",
                        "Notebooks",
                        "The mounts a notebook's settings files declare (.coffer/settings.yaml, .gradient/settings.yaml)",
                        mounts::list)
                .returns(NotebookWire.MountList.class);
        r.put(
                        "/api/v1/teams/{team}/notebooks/{name}/mounts/{mount}",
                        "Notebooks",
                        "Mount a dataset at /datasets/MOUNT, at a version or the latest: rewrites the notebook's .coffer/settings.yaml",
                        mounts::put)
                .body(NotebookWire.DatasetMountRequest.class)
                .returns(NotebookWire.Mount.class);
        r.delete(
                        "/api/v1/teams/{team}/notebooks/{name}/mounts/{mount}",
                        "Notebooks",
                        "Unmount: remove the mount from the notebook's .coffer/settings.yaml",
                        mounts::delete)
                .noContent();
    }

    void list(Context ctx) throws IOException {
        Json.send(ctx, 200, mounts(notebook(ctx, Action.READ)));
    }

    /** The mounts of a notebook's settings files (the API's answer, and what the notebook's page shows). */
    NotebookWire.MountList mounts(FileTree tree) throws IOException {
        List<NotebookWire.Mount> mounts = new ArrayList<>();
        for (String file : List.of(NotebookSettings.PATH, NotebookSettings.SOURCE_PAGE_PATH)) {
            for (Map.Entry<String, Object> e :
                    NotebookSettings.integrations(read(tree, file)).entrySet()) {
                if (!(e.getValue() instanceof Map<?, ?> entry)) continue;
                String type = String.valueOf(entry.get("type"));
                Object source = type.equals("s3") ? entry.get("url") : entry.get("id");
                Object version = entry.get("version");
                mounts.add(new NotebookWire.Mount(
                        e.getKey(),
                        type,
                        source == null ? null : source.toString(),
                        version == null ? null : version.toString(),
                        file));
            }
        }
        return new NotebookWire.MountList(mounts);
    }

    void put(Context ctx) throws IOException {
        FileTree tree = notebook(ctx, Action.WRITE);
        String name = VolumeRequest.decode(ctx.pathParam("mount"));
        NotebookWire.DatasetMountRequest req = Json.read(ctx, NotebookWire.DatasetMountRequest.class, 8192);
        if (req.dataset() == null) throw new CofferException.Invalid("field 'dataset' is required");
        String version = req.version() == null
                        || req.version().isBlank()
                        || req.version().equals("latest")
                ? null
                : req.version();
        checkMountable(ctx, req.dataset(), version);
        String yaml =
                NotebookSettings.withDatasetMount(read(tree, NotebookSettings.PATH), name, req.dataset(), version);
        write(tree, yaml);
        Json.send(ctx, 200, new NotebookWire.Mount(name, "dataset", req.dataset(), version, NotebookSettings.PATH));
    }

    void delete(Context ctx) throws IOException {
        FileTree tree = notebook(ctx, Action.WRITE);
        String name = VolumeRequest.decode(ctx.pathParam("mount"));
        write(tree, NotebookSettings.withoutMount(read(tree, NotebookSettings.PATH), name));
        ctx.status(204);
    }

    private FileTree notebook(Context ctx, Action action) {
        return notebook(
                ctx,
                VolumeRequest.decodeName(ctx.pathParam("team")),
                VolumeRequest.decodeName(ctx.pathParam("name")),
                action);
    }

    FileTree notebook(Context ctx, String team, String name, Action action) {
        TreeRef ref = TreeRef.of(TreeRef.NOTEBOOKS, team, name);
        Volume v = new Trees(s).volume(Api.principal(ctx), ref, action);
        return new VolumeFileTree(s.tree(), s.content(), v, ref.label());
    }

    /** The dataset must be the team's or a public one the caller reads, and a pinned version committed. */
    private void checkMountable(Context ctx, String dataset, String version) {
        Teams.Team team = s.teams().team(VolumeRequest.decodeName(ctx.pathParam("team")));
        Dataset ds;
        try {
            s.authorizer().checkDataset(Api.principal(ctx), team.id(), Action.READ);
            ds = s.datasets().datasets().get(team.id(), dataset);
        } catch (CofferException.NotFound notTheTeams) {
            ds = s.datasets().datasets().get(null, dataset);
        }
        if (version == null) return;
        Version v = s.datasets().datasets().resolve(ds, VersionRef.parse(ds.name() + ":" + version));
        if (v.state() != Version.State.COMMITTED)
            throw new CofferException.Invalid("version " + v.number() + " of " + ds.name()
                    + " is a draft: only committed versions can be mounted");
    }

    private String read(FileTree tree, String file) throws IOException {
        FileEntry e;
        try {
            e = tree.stat(VolumePath.parse(file));
        } catch (CofferException.NotFound missing) {
            return "";
        }
        if (e.kind() != FileEntry.Kind.FILE) throw new CofferException.Invalid(file + " is not a file");
        if (e.size() > NotebookSettings.MAX_BYTES)
            throw new CofferException.Invalid(file + " is larger than " + NotebookSettings.MAX_BYTES + " bytes");
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) e.size());
        s.content().read(e.contentId(), 0, e.size(), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private void write(FileTree tree, String yaml) throws IOException {
        VolumePath path = VolumePath.parse(NotebookSettings.PATH);
        try {
            tree.mkdir(VolumePath.parse(".coffer"), true);
        } catch (CofferException.Conflict exists) {
            // already there
        }
        var manifest =
                s.content().ingest(tree.scope(), new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
        tree.put(path, manifest, s.db().now());
    }
}
