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
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Storage view: every volume of a team with its size and what deleting it frees; the same for a folder. */
final class StorageViewRoutes {
    private final Services s;
    private final StorageView view;

    StorageViewRoutes(Services s) {
        this.s = s;
        this.view = new StorageView(s.db());
    }

    void team(Context ctx) {
        Teams.Team team = TeamRoutes.team(s, ctx, TeamAction.VIEW);
        List<Map<String, Object>> volumes = view.volumes(team.id()).stream().map(v -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", v.kind().equals("storage") ? "storage" : "notebooks");
            m.put("name", v.name());
            m.put("cluster", v.cluster());
            m.putAll(json(v.figures()));
            return m;
        }).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("team", team.name());
        body.put("usageBytes", s.usage().bytes(team.id()));
        body.put("volumes", volumes);
        body.put("datasets", datasets(team));
        Json.send(ctx, 200, body);
    }

    /** The team's datasets, each with its versions: size, files and what deleting each would free. */
    private List<Map<String, Object>> datasets(Teams.Team team) {
        DatasetFrees frees = new DatasetFrees(s.db(), s.usage());
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (Dataset ds : s.datasets().datasets().list(team.id())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", ds.name());
            m.put("freesBytes", frees.ifDatasetDeleted(ds));
            List<Map<String, Object>> versions = new java.util.ArrayList<>();
            for (Version v : s.datasets().datasets().versions(ds)) {
                Map<String, Object> vm = new LinkedHashMap<>();
                vm.put("number", v.number());
                vm.put("state", v.state().code);
                vm.put("logicalBytes", v.size());
                vm.put("files", v.fileCount());
                vm.put("newBytes", v.newBytes());
                vm.put("freesBytes", frees.ifVersionDeleted(v));
                versions.add(vm);
            }
            m.put("versions", versions);
            out.add(m);
        }
        return out;
    }

    /** A folder's (or file's) figures: {@code GET …/usage/PATH}. */
    void folder(Context ctx) {
        TreeRequest r = TreeRequest.of(ctx);
        Volume v = new Trees(s).volume(Api.principal(ctx), r.tree(), Action.READ);
        Entry e = s.tree().stat(v, r.path());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("path", r.path().toString());
        body.putAll(json(view.subtree(v.teamId(), e.id())));
        Json.send(ctx, 200, body);
    }

    static Map<String, Object> json(StorageView.Figures f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("logicalBytes", f.logicalBytes());
        m.put("files", f.files());
        m.put("freesBytes", f.freesBytes());
        return m;
    }
}
