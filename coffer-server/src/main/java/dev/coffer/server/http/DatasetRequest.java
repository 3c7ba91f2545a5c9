package dev.coffer.server.http;

import dev.coffer.error.CofferException;
import dev.coffer.tree.VolumePath;
import io.javalin.http.Context;

/**
 * A request addressed to a dataset: {@code /api/v1/teams/TEAM/datasets/REF/OP/PATH} or
 * {@code /api/v1/public/datasets/REF/OP/PATH} ({@code team} is null). {@code ref} is a dataset
 * name or a version reference ({@code NAME:N}, {@code NAME:TAG}); the raw URI is decoded and the
 * path checked by {@link VolumeRequest}'s rules, the one place paths are read.
 */
record DatasetRequest(String team, String ref, String op, VolumePath path) {
    static final String TEAMS = "/api/v1/teams/";
    static final String PUBLIC = "/api/v1/public/datasets";

    static DatasetRequest of(Context ctx) {
        String raw = ctx.req().getRequestURI();
        String team = null;
        String rest;
        if (raw.equals(PUBLIC) || raw.startsWith(PUBLIC + "/")) {
            rest = raw.substring(PUBLIC.length());
        } else if (raw.startsWith(TEAMS)) {
            String[] parts = raw.substring(TEAMS.length()).split("/", 3);
            if (parts.length < 2 || !parts[1].equals("datasets")) throw new CofferException.NotFound("no such route");
            team = VolumeRequest.decodeName(parts[0]);
            rest = parts.length > 2 ? "/" + parts[2] : "";
        } else {
            throw new CofferException.NotFound("no such route");
        }
        if (rest.startsWith("/")) rest = rest.substring(1);
        if (rest.isEmpty()) return new DatasetRequest(team, null, "", VolumePath.ROOT);
        String[] parts = rest.split("/", 3);
        String ref = VolumeRequest.decode(parts[0]);
        if (ref.isEmpty() || ref.contains("/"))
            throw new CofferException.Invalid("a dataset reference must not be empty or contain '/'");
        String op = parts.length > 1 ? parts[1] : "";
        VolumePath path = VolumeRequest.decodePath(parts.length > 2 ? parts[2] : "");
        return new DatasetRequest(team, ref, op, path);
    }

    /** The {@code i}-th name after the operation ({@code /versions/3/commit}: 0 is "3"). */
    String segment(int i) {
        if (path.names().size() <= i) throw new CofferException.NotFound("no such route");
        return path.names().get(i);
    }
}
