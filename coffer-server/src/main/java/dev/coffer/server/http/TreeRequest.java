package dev.coffer.server.http;

import dev.coffer.error.CofferException;
import dev.coffer.tree.VolumePath;
import io.javalin.http.Context;

/**
 * A request addressed to a file tree, whatever kind it is:
 * {@code /api/v1/teams/TEAM/KIND/NAME/OP/PATH} with KIND {@code storage} (NAME: a cluster),
 * {@code notebooks} (NAME: a notebook) or {@code datasets} (NAME: {@code DATASET},
 * {@code DATASET:N} or {@code DATASET:TAG}), or {@code /api/v1/public/datasets/NAME/OP/PATH}.
 * The raw URI is decoded strictly by {@link VolumeRequest}'s rules, the one place paths are read.
 */
record TreeRequest(TreeRef tree, String op, VolumePath path) {
    private static final String TEAMS = "/api/v1/teams/";
    private static final String PUBLIC = "/api/v1/public/datasets/";

    static TreeRequest of(Context ctx) {
        String raw = ctx.req().getRequestURI();
        String team;
        String kind;
        String rest;
        if (raw.startsWith(PUBLIC)) {
            team = null;
            kind = TreeRef.PUBLIC_DATASETS;
            rest = raw.substring(PUBLIC.length());
        } else if (raw.startsWith(TEAMS)) {
            String[] parts = raw.substring(TEAMS.length()).split("/", 3);
            if (parts.length < 3) throw new CofferException.NotFound("no such route");
            team = VolumeRequest.decodeName(parts[0]);
            kind = parts[1];
            rest = parts[2];
        } else {
            throw new CofferException.NotFound("no such route");
        }
        String[] parts = rest.split("/", 3);
        if (parts.length < 2) throw new CofferException.NotFound("no such route");
        String name = kind.equals(TreeRef.STORAGE) || kind.equals(TreeRef.NOTEBOOKS)
                ? VolumeRequest.decodeName(parts[0])
                : datasetRef(parts[0]);
        VolumePath path = VolumeRequest.decodePath(parts.length > 2 ? parts[2] : "");
        return new TreeRequest(TreeRef.of(kind, team, name), parts[1], path);
    }

    private static String datasetRef(String raw) {
        String ref = VolumeRequest.decode(raw);
        if (ref.isEmpty() || ref.contains("/"))
            throw new CofferException.Invalid("a dataset reference must not be empty or contain '/'");
        return ref;
    }

    /** A path given in a body or query (relative to the tree's root). */
    VolumePath below(String relative) {
        return path.isRoot() ? VolumeRequest.path(relative) : VolumeRequest.path(path + "/" + relative);
    }
}
