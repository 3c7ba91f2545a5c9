package dev.coffer.server.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.coffer.access.Action;
import dev.coffer.chunk.ChunkId;
import dev.coffer.content.ChunkRef;
import dev.coffer.content.Manifest;
import dev.coffer.dataset.Drafts;
import dev.coffer.dataset.Version;
import dev.coffer.dataset.VersionEntry;
import dev.coffer.dataset.VersionPage;
import dev.coffer.error.CofferException;
import dev.coffer.server.DatasetServices;
import dev.coffer.server.Services;
import dev.coffer.tree.VolumePath;
import dev.coffer.tree.VolumeTree;
import dev.coffer.volume.Volume;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of a dataset version, addressed by reference ({@code .../datasets/REF/OP/PATH} with
 * REF = {@code NAME}, {@code NAME:N} or {@code NAME:TAG}): reads work on every version, writes on
 * drafts only (a committed version answers 409 with how to make a new one). Uploads use the same
 * chunk protocol as volume files: ask which chunks are missing, send them, then commit manifests.
 */
final class DatasetFileRoutes {
    /** 10,000 paths of up to 4 KiB each, with room for the JSON around them. */
    private static final long MAX_DELETE_BODY = 48L << 20;
    private final Services s;
    private final DatasetServices d;
    private final DatasetRoutes datasets;
    private final FileRoutes volumes;

    DatasetFileRoutes(Services s, DatasetRoutes datasets) {
        this.s = s;
        this.d = s.datasets();
        this.datasets = datasets;
        this.volumes = new FileRoutes(s);
    }

    void register(RouteBook r, String base) {
        String b = base + "/{ref}/";
        String t = "Dataset files";
        for (String suffix : new String[] {"", "/<path>"}) {
            r.get(b + "files" + suffix, t, "Download a file of a version (Range, ETag) or a folder as ?archive=zip|tar", this::download)
                    .query("archive", "zip or tar, for a folder");
            r.head(b + "files" + suffix, t, "Size and ETag of a file of a version", this::download);
            r.put(b + "files" + suffix, t, "Upload a file into a draft by streaming its bytes", this::upload).rawBody("application/octet-stream");
            r.delete(b + "files" + suffix, t, "Delete a file or (recursive=true) a folder from a draft", this::delete)
                    .query("recursive", "true to delete a folder");
            r.get(b + "list" + suffix, t, "List a folder of a version, sorted and paged", this::list)
                    .query("after", "the last name of the previous page").query("limit", "entries per page");
            r.get(b + "tree" + suffix, t, "Every file and folder under a folder of a version, in one NDJSON stream", this::tree);
            r.get(b + "stat" + suffix, t, "Describe a file or folder of a version", this::stat);
            r.post(b + "mkdir" + suffix, t, "Make a folder in a draft", this::mkdir);
            r.get(b + "manifest" + suffix, t, "A file's chunk list", this::manifest);
            r.post(b + "manifest" + suffix, t, "Commit a file of stored chunks into a draft", this::commit);
            r.post(b + "manifests" + suffix, t, "Commit many files into a draft in one transaction", this::commitBatch);
            r.post(b + "deletions" + suffix, t, "Delete many files or folders from a draft in one transaction", this::deleteBatch);
        }
        r.get(b + "chunks/{hash}", t, "One chunk of a file of this version", this::chunk);
        r.post(b + "move", t, "Rename or move a file or folder in a draft", this::move);
        r.post(b + "copy", t, "Copy a file or folder into a draft from a volume or another version, sharing content", this::copy);
    }

    private record Target(DatasetRoutes.Scope scope, Version version, VolumePath path) {}

    private Target target(Context ctx, Action action) {
        DatasetRoutes.Scope scope = datasets.scope(ctx, action);
        Version v = datasets.version(scope);
        if (action != Action.READ && action != Action.LIST) Drafts.checkDraft(v);
        return new Target(scope, v, scope.request().path());
    }

    void list(Context ctx) {
        Target t = target(ctx, Action.LIST);
        VersionPage page = d.reader().list(t.version(), t.path(), ctx.queryParam("after"), FileRoutes.intParam(ctx, "limit", 1000));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("path", t.path().toString());
        body.put("version", t.version().number());
        body.put("entries", page.entries().stream().map(DatasetJson::entry).toList());
        body.put("next", page.next());
        Json.send(ctx, 200, body);
    }

    /**
     * Everything under a folder, depth first, as one NDJSON stream: a first line naming the
     * version, a line per file or folder ({@code path} relative to the folder, {@code type},
     * {@code size}, {@code mtime}, {@code digest}), and a last line {@code {"end":true,...}} with
     * the counts, so a reader can tell a whole listing from a cut one. Why: a push compares a
     * local folder with all of its parent version; folder by folder that is a request per folder
     * and page (hundreds for 100,000 files), this is one request that the server streams.
     */
    void tree(Context ctx) throws Exception {
        Target t = target(ctx, Action.LIST);
        VersionEntry top = d.reader().stat(t.version(), t.path());
        if (!top.directory()) throw new CofferException.Conflict(t.path() + " is a file, not a folder");
        ctx.contentType("application/x-ndjson");
        try (var out = Json.MAPPER.getFactory().createGenerator(ctx.outputStream())) {
            out.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
            out.writeStartObject();
            out.writeStringField("path", t.path().toString());
            out.writeNumberField("version", t.version().number());
            out.writeEndObject();
            long[] counts = {0, 0};
            d.reader().walk(t.version(), t.path(), (e, rel) -> {
                out.writeStartObject();
                out.writeStringField("path", String.join("/", rel));
                out.writeStringField("type", e.directory() ? "folder" : "file");
                out.writeNumberField("size", e.size());
                out.writeNumberField("mtime", e.mtime());
                if (e.digest() != null) out.writeStringField("digest", e.digest());
                out.writeEndObject();
                counts[e.directory() ? 1 : 0]++;
            });
            out.writeStartObject();
            out.writeBooleanField("end", true);
            out.writeNumberField("files", counts[0]);
            out.writeNumberField("folders", counts[1]);
            out.writeEndObject();
            out.writeRaw('\n');
        }
    }

    void stat(Context ctx) {
        Target t = target(ctx, Action.READ);
        Json.send(ctx, 200, DatasetJson.entry(d.reader().stat(t.version(), t.path())));
    }

    void download(Context ctx) throws Exception {
        Target t = target(ctx, Action.READ);
        VersionEntry e = d.reader().stat(t.version(), t.path());
        if (e.directory()) {
            String archive = ctx.queryParam("archive");
            if (archive == null) throw new CofferException.Conflict(t.path() + " is a folder: list it, or download it with ?archive=zip or ?archive=tar");
            String base = t.path().isRoot() ? t.version().dataset() + "-" + t.version().number() : t.path().name();
            Archives.send(ctx, s.content(), base, archive, visitor -> d.reader().walk(t.version(), t.path(),
                    (entry, rel) -> visitor.visit(entry.directory(), entry.size(), entry.mtime(), entry.contentId(), rel)));
            return;
        }
        Downloads.sendFile(ctx, s.content(), e.digest(), e.size(), e.contentId());
    }

    void manifest(Context ctx) {
        Target t = target(ctx, Action.READ);
        VersionEntry e = d.reader().stat(t.version(), t.path());
        if (e.directory()) throw new CofferException.Conflict(t.path() + " is a folder");
        Manifest m = s.content().manifestOf(e.contentId());
        List<Map<String, Object>> chunks = new ArrayList<>(m.chunks().size());
        for (ChunkRef c : m.chunks()) chunks.add(Map.of("id", c.id().hex(), "size", c.size()));
        Map<String, Object> body = new LinkedHashMap<>(DatasetJson.entry(e));
        body.put("chunks", chunks);
        Json.send(ctx, 200, body);
    }

    /** One chunk of a file of this version (ranged reads, parallel downloads). */
    void chunk(Context ctx) throws Exception {
        Target t = target(ctx, Action.READ);
        ChunkId id = new ChunkId(ctx.pathParam("hash"));
        if (!d.reader().usesChunk(t.version(), id)) throw new CofferException.NotFound("no chunk " + id + " in " + t.version().label());
        String etag = "\"" + id.hex() + "\"";
        ctx.header("ETag", etag).header("Cache-Control", "private, max-age=31536000, immutable");
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType("application/octet-stream").result(s.content().readChunk(id));
    }

    void upload(Context ctx) throws Exception {
        Target t = target(ctx, Action.WRITE);
        if (t.path().isRoot()) throw new CofferException.Invalid("a file needs a name");
        long mtime = FileRoutes.longParam(ctx, "mtime", s.db().now());
        // A body larger than the room the team has left is refused before any of it is read.
        s.content().admitUpload(dev.coffer.content.ChunkScope.ofDataset(t.scope().teamId()), ctx.req().getContentLengthLong());
        // Streamed at the server's minimum pace: a trickling upload is cut off (408), not kept open.
        Manifest manifest = s.content().ingest(dev.coffer.content.ChunkScope.ofDataset(t.scope().teamId()), GuardedBody.of(ctx, Long.MAX_VALUE, "no limit"));
        Json.send(ctx, 201, DatasetJson.entry(d.drafts().put(t.version(), t.path(), manifest, mtime)));
    }

    void commit(Context ctx) {
        Target t = target(ctx, Action.WRITE);
        ManifestBodies.FileBody req = ManifestBodies.readFile(ctx);
        VersionEntry e = d.drafts().put(t.version(), t.path(), req.manifest(), req.mtime() == null ? s.db().now() : req.mtime());
        Json.send(ctx, 201, DatasetJson.entry(e));
    }

    /** Commits many files into the draft in one transaction: all of them or none. */
    void commitBatch(Context ctx) {
        Target t = target(ctx, Action.WRITE);
        List<ManifestBodies.BatchFile> files = ManifestBodies.readBatch(ctx);
        List<VolumeTree.FileCommit> commits = new ArrayList<>(files.size());
        long now = s.db().now();
        for (ManifestBodies.BatchFile f : files) {
            VolumePath path = t.path().isRoot() ? VolumeRequest.path(f.path()) : VolumeRequest.path(t.path() + "/" + f.path());
            commits.add(new VolumeTree.FileCommit(path, f.manifest(), f.mtime() == null ? now : f.mtime()));
        }
        List<String> digests = d.drafts().putAll(t.version(), commits);
        Json.send(ctx, 201, Map.of("committed", digests.size(), "digests", digests));
    }

    void mkdir(Context ctx) {
        Target t = target(ctx, Action.WRITE);
        if (t.path().isRoot()) throw new CofferException.Conflict("the root folder exists already");
        d.drafts().mkdir(t.version(), t.path(), FileRoutes.boolParam(ctx, "parents"));
        Json.send(ctx, 201, DatasetJson.entry(d.reader().stat(t.version(), t.path())));
    }

    void delete(Context ctx) {
        Target t = target(ctx, Action.DELETE);
        d.drafts().delete(t.version(), t.path(), FileRoutes.boolParam(ctx, "recursive"));
        ctx.status(204);
    }

    /** {@code paths} relative to the folder named in the URL (the version's root without one). */
    record DeleteRequest(List<String> paths, Boolean recursive) {}

    void deleteBatch(Context ctx) {
        Target t = target(ctx, Action.DELETE);
        DeleteRequest req = Json.readStream(ctx, DeleteRequest.class, MAX_DELETE_BODY);
        if (req.paths() == null) throw new CofferException.Invalid("field 'paths' is required (a list of paths to delete)");
        if (req.paths().size() > FileRoutes.MAX_FILES_PER_BATCH) throw new CofferException.Invalid("delete at most " + FileRoutes.MAX_FILES_PER_BATCH + " paths at once");
        List<VolumePath> paths = new ArrayList<>(req.paths().size());
        for (String p : req.paths()) {
            if (p == null || p.isBlank()) throw new CofferException.Invalid("every path must be a non-empty string");
            paths.add(t.path().isRoot() ? VolumeRequest.path(p) : VolumeRequest.path(t.path() + "/" + p));
        }
        d.drafts().deleteAll(t.version(), paths, Boolean.TRUE.equals(req.recursive()));
        Json.send(ctx, 200, Map.of("deleted", paths.size()));
    }

    record MoveRequest(String from, String to) {}

    void move(Context ctx) throws Exception {
        Target t = target(ctx, Action.WRITE);
        MoveRequest req = Json.read(ctx, MoveRequest.class, 64 * 1024);
        VolumePath to = VolumeRequest.path(req.to());
        VolumePath from = VolumeRequest.path(req.from());
        checkFits(t.version(), from, to);
        d.drafts().move(t.version(), from, to);
        Json.send(ctx, 200, DatasetJson.entry(d.reader().stat(t.version(), to)));
    }

    record VolumeJson(String kind, String name, String team) {}

    /** Where a copy comes from: a volume's path, or a committed version's path ({@code dataset} = REF, in {@code team} or public). */
    record Source(VolumeJson volume, String dataset, String team, @JsonProperty("public") Boolean isPublic, String path) {}

    record CopyRequest(Source from, String to) {}

    /**
     * Copies into the draft, sharing content (no bytes are copied): {@code {"from": {"volume":
     * {"kind": "storage", "name": CLUSTER}, "path": P}, "to": Q}} from a {@code /storage} or
     * {@code /notebooks} volume (of the dataset's team unless {@code team} is given), or
     * {@code {"from": {"dataset": "NAME:REF", "path": P}, "to": Q}} from a committed version.
     */
    void copy(Context ctx) throws Exception {
        Target t = target(ctx, Action.WRITE);
        CopyRequest req = Json.read(ctx, CopyRequest.class, 64 * 1024);
        Source from = req.from();
        if (from == null || (from.volume() == null) == (from.dataset() == null)) {
            throw new CofferException.Invalid("'from' needs either 'volume' ({kind, name}) or 'dataset' (a reference), and a 'path'");
        }
        VolumePath fromPath = VolumeRequest.path(from.path() == null ? "" : from.path());
        VolumePath to = VolumeRequest.path(req.to());
        if (from.volume() != null) {
            VolumeJson vj = from.volume();
            String team = vj.team() != null ? vj.team() : t.scope().owner();
            if (team == null || vj.kind() == null || vj.name() == null) {
                throw new CofferException.Invalid("'volume' needs 'kind' (storage or notebooks), 'name' and, for a public dataset, 'team'");
            }
            Volume volume = volumes.volume(ctx, new VolumeRequest(team, vj.kind(), vj.name(), "copy", fromPath), Action.READ);
            dev.coffer.tree.Entry source = s.tree().stat(volume, fromPath);
            s.db().read(h -> {
                dev.coffer.tree.SubtreeDepth.checkMove(h, fromPath, source, to);
                return null;
            });
            d.drafts().copyFromVolume(t.version(), volume, fromPath, to);
        } else {
            Long teamId;
            if (Boolean.TRUE.equals(from.isPublic())) {
                teamId = null;
            } else if (from.team() != null) {
                try {
                    teamId = s.teams().team(from.team()).id();
                } catch (CofferException.NotFound e) {
                    throw new CofferException.NotFound("no such dataset");
                }
            } else {
                teamId = t.scope().teamId();
            }
            datasets.check(ctx, teamId, Action.READ);
            Version source = d.datasets().resolve(teamId, from.dataset());
            checkFits(source, fromPath, to);
            d.drafts().copyFromVersion(t.version(), source, fromPath, to);
        }
        Json.send(ctx, 201, DatasetJson.entry(d.reader().stat(t.version(), to)));
    }

    /**
     * Refuses moving or copying {@code from} of {@code version} to {@code to} when a path would
     * end past the limit. A destination no longer than the source's own path cannot, so nothing
     * is walked then; otherwise the folder's paths are walked to find the longest.
     */
    private void checkFits(Version version, VolumePath from, VolumePath to) throws Exception {
        if (to.byteLength() <= from.byteLength()) return;
        if (!d.reader().stat(version, from).directory()) return;
        long[] deepest = {0};
        d.reader().walk(version, from, (entry, path) -> {
            long bytes = 0;
            for (String name : path) bytes += 1 + name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            deepest[0] = Math.max(deepest[0], bytes);
        });
        VolumePath.checkFits(to, deepest[0]);
    }
}
