package dev.coffer.server.http;

import dev.coffer.access.Action;
import dev.coffer.access.Principal;
import dev.coffer.chunk.ChunkId;
import dev.coffer.content.ChunkRef;
import dev.coffer.content.Manifest;
import dev.coffer.error.CofferException;
import dev.coffer.server.Services;
import dev.coffer.team.Teams;
import dev.coffer.tree.Entry;
import dev.coffer.tree.ListPage;
import dev.coffer.tree.VolumePath;
import dev.coffer.volume.Volume;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The file API of mutable volumes: list, stat, upload, download, mkdir, move, copy, delete. */
final class FileRoutes {
    private final Services s;

    FileRoutes(Services s) {
        this.s = s;
    }

    /** Resolves the addressed volume and asks the authorizer; another team's volume is "not found". */
    Volume volume(Context ctx, VolumeRequest r, Action action) {
        Principal who = Api.principal(ctx);
        Teams.Team team = s.teams().team(r.team());
        s.authorizer().checkTeam(who, team.id(), team.name(), dev.coffer.access.TeamAction.VIEW);
        Volume v = switch (r.kind()) {
            case "storage" -> s.teams().storage(team.id(), r.name());
            case "notebooks" -> s.teams().notebookVolume(team.id(), r.name());
            default -> throw new CofferException.NotFound("no such volume kind: " + r.kind());
        };
        s.authorizer().check(who, v, action);
        return v;
    }

    void list(Context ctx) {
        VolumeRequest r = VolumeRequest.of(ctx);
        Volume v = volume(ctx, r, Action.LIST);
        int limit = intParam(ctx, "limit", 1000);
        ListPage page = s.tree().list(v, r.path(), ctx.queryParam("after"), limit);
        List<Map<String, Object>> entries = new ArrayList<>(page.entries().size());
        for (Entry e : page.entries()) entries.add(json(e));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("path", r.path().toString());
        body.put("entries", entries);
        body.put("next", page.next());
        Json.send(ctx, 200, body);
    }

    void stat(Context ctx) {
        VolumeRequest r = VolumeRequest.of(ctx);
        Entry e = s.tree().stat(volume(ctx, r, Action.READ), r.path());
        Json.send(ctx, 200, json(e));
    }

    void download(Context ctx) throws Exception {
        VolumeRequest r = VolumeRequest.of(ctx);
        Volume v = volume(ctx, r, Action.READ);
        Entry e = s.tree().stat(v, r.path());
        if (e.directory()) {
            String archive = ctx.queryParam("archive");
            if (archive == null) throw new CofferException.Conflict(r.path() + " is a folder: list it, or download it with ?archive=zip or ?archive=tar");
            Archives.send(ctx, s, v, r.path(), archive);
            return;
        }
        Downloads.sendFile(ctx, s.content(), e);
    }

    void upload(Context ctx) throws Exception {
        VolumeRequest r = VolumeRequest.of(ctx);
        Volume v = volume(ctx, r, Action.WRITE);
        if (r.path().isRoot()) throw new CofferException.Invalid("a file needs a name");
        long mtime = longParam(ctx, "mtime", s.db().now());
        s.tree().checkCanCreate(v, r.path());
        // A body larger than the room the team has left is refused before any of it is read.
        s.content().admitUpload(dev.coffer.content.ChunkScope.team(v.teamId()), ctx.req().getContentLengthLong());
        // Streamed at the server's minimum pace: a trickling upload is cut off (408), not kept open.
        Manifest manifest = s.content().ingest(dev.coffer.content.ChunkScope.team(v.teamId()), GuardedBody.of(ctx, Long.MAX_VALUE, "no limit"));
        Entry e = s.tree().putFile(v, r.path(), manifest, mtime);
        Json.send(ctx, 201, json(e));
    }

    /** The JSON shapes of manifest commits, for the API document; bodies are read by {@link ManifestBodies}. */
    record ChunkJson(String id, Integer size) {}

    record CommitRequest(List<ChunkJson> chunks, Long mtime) {}

    void commit(Context ctx) {
        VolumeRequest r = VolumeRequest.of(ctx);
        Volume v = volume(ctx, r, Action.WRITE);
        ManifestBodies.FileBody req = ManifestBodies.readFile(ctx);
        Entry e = s.tree().putFile(v, r.path(), req.manifest(), req.mtime() == null ? s.db().now() : req.mtime());
        Json.send(ctx, 201, json(e));
    }

    record FileJson(String path, List<ChunkJson> chunks, Long mtime) {}

    record BatchCommitRequest(List<FileJson> files) {}

    static final int MAX_FILES_PER_BATCH = 10_000;

    /** Commits many files in one transaction: all of them or none (the small-files path). */
    void commitBatch(Context ctx) {
        VolumeRequest r = VolumeRequest.of(ctx);
        Volume v = volume(ctx, r, Action.WRITE);
        List<ManifestBodies.BatchFile> files = ManifestBodies.readBatch(ctx);
        List<dev.coffer.tree.VolumeTree.FileCommit> commits = new ArrayList<>(files.size());
        long now = s.db().now();
        for (ManifestBodies.BatchFile f : files) {
            VolumePath path = r.path().isRoot() ? VolumeRequest.path(f.path()) : VolumeRequest.path(r.path() + "/" + f.path());
            commits.add(new dev.coffer.tree.VolumeTree.FileCommit(path, f.manifest(), f.mtime() == null ? now : f.mtime()));
        }
        List<String> digests = s.tree().putFiles(v, commits);
        Json.send(ctx, 201, Map.of("committed", digests.size(), "digests", digests));
    }

    void manifest(Context ctx) {
        VolumeRequest r = VolumeRequest.of(ctx);
        Entry e = s.tree().stat(volume(ctx, r, Action.READ), r.path());
        if (e.directory()) throw new CofferException.Conflict(r.path() + " is a folder");
        Manifest m = s.content().manifestOf(e.contentId());
        List<Map<String, Object>> chunks = new ArrayList<>(m.chunks().size());
        for (ChunkRef c : m.chunks()) chunks.add(Map.of("id", c.id().hex(), "size", c.size()));
        Map<String, Object> body = new LinkedHashMap<>(json(e));
        body.put("chunks", chunks);
        Json.send(ctx, 200, body);
    }

    /** One chunk of a file in this volume (ranged reads by mounts and parallel downloads). */
    void chunk(Context ctx) throws Exception {
        VolumeRequest r = VolumeRequest.of(ctx);
        Volume v = volume(ctx, r, Action.READ);
        ChunkId id = new ChunkId(ctx.pathParam("hash"));
        if (!s.tree().volumeUsesChunk(v, id)) throw new CofferException.NotFound("no chunk " + id + " in this volume");
        String etag = "\"" + id.hex() + "\"";
        ctx.header("ETag", etag).header("Cache-Control", "private, max-age=31536000, immutable");
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        byte[] bytes = s.content().readChunk(id);
        ctx.contentType("application/octet-stream").result(bytes);
    }

    void mkdir(Context ctx) {
        VolumeRequest r = VolumeRequest.of(ctx);
        Volume v = volume(ctx, r, Action.WRITE);
        if (r.path().isRoot()) throw new CofferException.Conflict("the root folder exists already");
        Entry e = s.tree().mkdir(v, r.path(), boolParam(ctx, "parents"));
        Json.send(ctx, 201, json(e));
    }

    record MoveRequest(String from, String to, Boolean replace) {}

    void move(Context ctx) {
        VolumeRequest r = VolumeRequest.of(ctx);
        Volume v = volume(ctx, r, Action.WRITE);
        MoveRequest req = Json.read(ctx, MoveRequest.class, 64 * 1024);
        VolumePath from = VolumeRequest.path(req.from());
        VolumePath to = VolumeRequest.path(req.to());
        Entry e = s.tree().move(v, from, to, Boolean.TRUE.equals(req.replace()));
        Json.send(ctx, 200, json(e));
    }

    record CopyRequest(String from, String to) {}

    void copy(Context ctx) {
        VolumeRequest r = VolumeRequest.of(ctx);
        Volume v = volume(ctx, r, Action.WRITE);
        CopyRequest req = Json.read(ctx, CopyRequest.class, 64 * 1024);
        VolumePath from = VolumeRequest.path(req.from());
        VolumePath to = VolumeRequest.path(req.to());
        Entry e = s.tree().copy(v, from, to);
        Json.send(ctx, 201, json(e));
    }

    void delete(Context ctx) {
        VolumeRequest r = VolumeRequest.of(ctx);
        Volume v = volume(ctx, r, Action.DELETE);
        s.tree().delete(v, r.path(), boolParam(ctx, "recursive"));
        ctx.status(204);
    }

    static Map<String, Object> json(Entry e) {
        return entryJson(e.name(), e.directory(), e.size(), e.mtime(), e.digest());
    }

    /** How a file or folder is shown, in volumes and in dataset versions alike. */
    static Map<String, Object> entryJson(String name, boolean folder, long size, long mtime, String digest) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("type", folder ? "folder" : "file");
        m.put("size", size);
        m.put("mtime", mtime);
        if (digest != null) m.put("digest", digest);
        return m;
    }

    static int intParam(Context ctx, String name, int dflt) {
        String v = ctx.queryParam(name);
        if (v == null) return dflt;
        try {
            int n = Integer.parseInt(v);
            if (n < 1) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new CofferException.Invalid(name + " must be a positive number, got '" + v + "'");
        }
    }

    static long longParam(Context ctx, String name, long dflt) {
        String v = ctx.queryParam(name);
        if (v == null) return dflt;
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new CofferException.Invalid(name + " must be a number, got '" + v + "'");
        }
    }

    static boolean boolParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.equals("false")) return false;
        if (v.isEmpty() || v.equals("true")) return true;
        throw new CofferException.Invalid(name + " must be true or false, got '" + v + "'");
    }

}
