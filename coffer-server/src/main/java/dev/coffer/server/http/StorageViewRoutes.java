package dev.coffer.server.http;

import dev.coffer.access.Action;
import dev.coffer.access.TeamAction;
import dev.coffer.dataset.Dataset;
import dev.coffer.dataset.DatasetFrees;
import dev.coffer.dataset.Version;
import dev.coffer.server.Services;
import dev.coffer.team.Teams;
import dev.coffer.tree.Entry;
import dev.coffer.usage.StorageView;
import dev.coffer.volume.Volume;
import dev.coffer.wire.Coded;
import dev.coffer.wire.DatasetWire;
import dev.coffer.wire.UsageWire;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/** The Storage view: every volume of a team with its size and what deleting it frees; the same for a folder. */
final class StorageViewRoutes {
    private final Services s;
    private final StorageView view;

    StorageViewRoutes(Services s) {
        this.s = s;
        this.view = new StorageView(s.db());
    }

    void team(Context ctx) {
        Json.send(ctx, 200, view(TeamRoutes.team(s, ctx, TeamAction.VIEW)));
    }

    /** The team's Storage view (the API's answer, and what the Storage page shows). */
    UsageWire.StorageView view(Teams.Team team) {
        List<UsageWire.VolumeUsage> volumes = view.volumes(team.id()).stream()
                .map(v -> new UsageWire.VolumeUsage(
                        v.kind().equals("storage") ? UsageWire.VolumeKind.STORAGE : UsageWire.VolumeKind.NOTEBOOKS,
                        v.name(),
                        v.cluster(),
                        v.figures().logicalBytes(),
                        v.figures().files(),
                        v.figures().freesBytes()))
                .toList();
        return new UsageWire.StorageView(team.name(), s.usage().bytes(team.id()), volumes, datasets(team));
    }

    /** The team's datasets, each with its versions: size, files and what deleting each would free. */
    private List<UsageWire.DatasetUsage> datasets(Teams.Team team) {
        DatasetFrees frees = new DatasetFrees(s.db(), s.usage());
        List<UsageWire.DatasetUsage> out = new ArrayList<>();
        for (Dataset ds : s.datasets().datasets().list(team.id())) {
            List<UsageWire.VersionUsage> versions = new ArrayList<>();
            for (Version v : s.datasets().datasets().versions(ds)) {
                versions.add(new UsageWire.VersionUsage(
                        v.number(),
                        Coded.of(DatasetWire.VersionState.class, v.state().code),
                        v.size(),
                        v.fileCount(),
                        v.newBytes(),
                        frees.ifVersionDeleted(v)));
            }
            out.add(new UsageWire.DatasetUsage(ds.name(), frees.ifDatasetDeleted(ds), versions));
        }
        return out;
    }

    /** A folder's (or file's) figures: {@code GET …/usage/PATH}. */
    void folder(Context ctx) {
        TreeRequest r = TreeRequest.of(ctx);
        Volume v = new Trees(s).volume(Api.principal(ctx), r.tree(), Action.READ);
        Entry e = s.tree().stat(v, r.path());
        StorageView.Figures f = view.subtree(v.teamId(), e.id());
        Json.send(
                ctx, 200, new UsageWire.FolderUsage(r.path().toString(), f.logicalBytes(), f.files(), f.freesBytes()));
    }
}
