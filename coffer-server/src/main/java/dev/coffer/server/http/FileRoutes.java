package dev.coffer.server.http;

import dev.coffer.access.Action;
import dev.coffer.chunk.ChunkId;
import dev.coffer.content.ChunkRef;
import dev.coffer.content.Manifest;
import dev.coffer.dataset.VersionFileTree;
import dev.coffer.error.CofferException;
import dev.coffer.server.Services;
import dev.coffer.tree.FileCommit;
import dev.coffer.tree.FileEntry;
import dev.coffer.tree.FileModes;
import dev.coffer.tree.FilePage;
import dev.coffer.tree.FileTree;
import dev.coffer.tree.VolumePath;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The file API of every tree (a team's {@code /storage}, a notebook's {@code /notebooks}, a
 * dataset draft or version, team or public), one URL shape and one behaviour for all: list,
 * stream the whole tree, stat, download (Range, ETag, archives), upload, commit manifests (one
 * or a batch), mkdir, move, copy (within a tree or from another), delete (one or a batch).
 * Trees that never change (committed versions) answer every change with one refusal.
 */
final class FileRoutes {
    static final int MAX_FILES_PER_BATCH = 10_000;
    /** 10,000 paths of up to 4 KiB each, with room for the JSON around them. */
    private static final long MAX_DELETE_BODY = 48L << 20;

    private final Services s;
    private final Trees trees;
    private final TreeTransfers transfers;

    FileRoutes(Services s) {
        this.s = s;
        this.trees = new Trees(s);
        this.transfers = new TreeTransfers(trees);
    }

    /** Registers the file routes below {@code base} (ending in the tree's name parameter and a slash). */
    void register(RouteBook r, String base, String where) {
        String t = "Files";
        for (String suffix : new String[] {"", "/<path>"}) {
            r.get(base + "files" + suffix, t, "Download a file (Range, ETag) or a folder as ?archive=zip|tar, in " + where, this::download)
                    .query("archive", "zip or tar, for a folder");
            r.head(base + "files" + suffix, t, "Size and ETag of a file in " + where, this::download);
            r.put(base + "files" + suffix, t, "Upload a file by streaming its bytes, in " + where, this::upload)
                    .rawBody("application/octet-stream").query("mtime", "modification time, epoch milliseconds")
                    .query("mode", "permission bits in octal, such as 755");
            r.delete(base + "files" + suffix, t, "Delete a file or (recursive=true) a folder, in " + where, this::delete)
                    .query("recursive", "true to delete a folder with everything in it");
            r.get(base + "list" + suffix, t, "List a folder, sorted by name and paged, in " + where, this::list)
                    .query("after", "the last name of the previous page").query("limit", "entries per page (at most 10000)");
            r.get(base + "tree" + suffix, t, "Every file and folder under a folder, in one NDJSON stream, in " + where, this::tree);
            r.get(base + "stat" + suffix, t, "Describe a file or folder in " + where, this::stat);
            r.post(base + "mkdir" + suffix, t, "Make a folder in " + where, this::mkdir).query("parents", "true to make missing parents");
            r.post(base + "attributes" + suffix, t, "Set the modification time and/or a file's permission bits, in " + where,
                    this::attributes).body(AttributesRequest.class);
            r.post(base + "symlink" + suffix, t, "Make or replace a symbolic link (its target kept as text, never followed), in " + where,
                    this::symlink).body(SymlinkRequest.class);
            r.get(base + "manifest" + suffix, t, "A file's chunk list in " + where, this::manifest);
            r.post(base + "manifest" + suffix, t, "Commit a file from stored chunks, in " + where, this::commit).body(CommitRequest.class);
            r.post(base + "manifests" + suffix, t, "Commit many files in one transaction, in " + where, this::commitBatch)
                    .body(BatchCommitRequest.class);
            r.post(base + "deletions" + suffix, t, "Delete many files or folders in one transaction, in " + where, this::deleteBatch)
                    .body(DeleteRequest.class);
        }
        r.get(base + "chunks/{hash}", t, "One chunk of a file in " + where + " (immutable, cacheable)", this::chunk);
        r.post(base + "move", t, "Rename or move a file or folder (atomic within a tree), in " + where, this::move)
                .body(TreeTransfers.MoveRequest.class);
        r.post(base + "copy", t, "Copy a file or folder, from this tree or another, sharing its content, in " + where, this::copy)
                .body(TreeTransfers.CopyRequest.class);
    }

    /** The addressed tree, opened for {@code action}, and the request's path in it. */
    private record Target(FileTree tree, TreeRequest request) {
        VolumePath path() {
            return request.path();
        }
    }

    private Target target(Context ctx, Action action) {
        TreeRequest r = TreeRequest.of(ctx);
        return new Target(trees.open(ctx, r.tree(), action), r);
    }

    void list(Context ctx) {
        Target t = target(ctx, Action.LIST);
        FilePage page = t.tree().list(t.path(), ctx.queryParam("after"), intParam(ctx, "limit", 1000));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("path", t.path().toString());
        if (t.tree() instanceof VersionFileTree v) body.put("version", v.version().number());
        body.put("entries", page.entries().stream().map(FileRoutes::json).toList());
        body.put("next", page.next());
        Json.send(ctx, 200, body);
    }

    /**
     * Everything under a folder, depth first, as one NDJSON stream: a first line naming the
     * folder (and the version of a dataset), a line per file or folder ({@code path} relative to
     * the folder, {@code type}, {@code size}, {@code mtime}, {@code digest}), and a last line
     * {@code {"end":true,...}} with the counts, so a reader can tell a whole listing from a cut
     * one. Why: comparing a local folder with a remote one folder by folder is a request per
     * folder and page (hundreds for 100,000 files); this is one request that the server streams.
     */
    void tree(Context ctx) throws Exception {
        Target t = target(ctx, Action.LIST);
        if (!t.tree().stat(t.path()).directory()) throw new CofferException.Conflict(t.path() + " is a file, not a folder");
        ctx.contentType("application/x-ndjson");
        try (var out = Json.MAPPER.getFactory().createGenerator(ctx.outputStream())) {
            out.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
            out.writeStartObject();
            out.writeStringField("path", t.path().toString());
            if (t.tree() instanceof VersionFileTree v) out.writeNumberField("version", v.version().number());
            out.writeEndObject();
            long[] counts = {0, 0};
            t.tree().walk(t.path(), (e, rel) -> {
                out.writeStartObject();
                out.writeStringField("path", String.join("/", rel));
                out.writeStringField("type", e.kind().wire);
                out.writeNumberField("size", e.size());
                out.writeNumberField("mtime", e.mtime());
                if (e.digest() != null) out.writeStringField("digest", e.digest());
                if (e.mode() != 0) out.writeStringField("mode", FileModes.show(e.mode()));
                if (e.target() != null) out.writeStringField("target", e.target());
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
        Json.send(ctx, 200, json(t.tree().stat(t.path())));
    }

    void download(Context ctx) throws Exception {
        Target t = target(ctx, Action.READ);
        FileEntry e = t.tree().stat(t.path());
        if (e.directory()) {
            String archive = ctx.queryParam("archive");
            if (archive == null) throw new CofferException.Conflict(t.path() + " is a folder: list it, or download it with ?archive=zip or ?archive=tar");
            Archives.send(ctx, s.content(), archiveName(t), archive, visitor -> t.tree().walk(t.path(), visitor));
            return;
        }
        Downloads.sendFile(ctx, s.content(), e.digest(), e.size(), FileModes.contentOf(e, t.path()));
    }

    /** A folder's archive is named after it; a whole version after its dataset and number. */
    private static String archiveName(Target t) {
        if (!t.path().isRoot()) return t.path().name();
        return t.tree() instanceof VersionFileTree v ? v.version().dataset() + "-" + v.version().number() : "volume";
    }

    void upload(Context ctx) throws Exception {
        Target t = target(ctx, Action.WRITE);
        if (t.path().isRoot()) throw new CofferException.Invalid("a file needs a name");
        long mtime = longParam(ctx, "mtime", s.db().now());
        int mode = FileModes.parse(ctx.queryParam("mode"));
        t.tree().checkCanCreate(t.path());
        // A body larger than the room the team has left is refused before any of it is read.
        s.content().admitUpload(t.tree().scope(), ctx.req().getContentLengthLong());
        // Streamed at the server's minimum pace: a trickling upload is cut off (408), not kept open.
        Manifest manifest = s.content().ingest(t.tree().scope(), GuardedBody.of(ctx, Long.MAX_VALUE, "no limit"));
        Json.send(ctx, 201, json(t.tree().put(t.path(), manifest, mtime, mode)));
    }

    /** The JSON shapes of manifest commits, for the API document; bodies are read by {@link ManifestBodies}. */
    record ChunkJson(String id, Integer size) {}

    record CommitRequest(List<ChunkJson> chunks, Long mtime, String mode) {}

    record FileJson(String path, List<ChunkJson> chunks, Long mtime, String mode) {}

    record BatchCommitRequest(List<FileJson> files) {}

    void commit(Context ctx) {
        Target t = target(ctx, Action.WRITE);
        t.tree().checkCanCreate(t.path());
        ManifestBodies.FileBody req = ManifestBodies.readFile(ctx);
        FileEntry e = t.tree().put(t.path(), req.manifest(), req.mtime() == null ? s.db().now() : req.mtime(), req.mode());
        Json.send(ctx, 201, json(e));
    }

    /** Commits many files in one transaction: all of them or none (the small-files path). */
    void commitBatch(Context ctx) {
        Target t = target(ctx, Action.WRITE);
        t.tree().checkCanCreate(t.path());
        List<ManifestBodies.BatchFile> files = ManifestBodies.readBatch(ctx);
        List<FileCommit> commits = new ArrayList<>(files.size());
        long now = s.db().now();
        for (ManifestBodies.BatchFile f : files) {
            commits.add(new FileCommit(t.request().below(f.path()), f.manifest(), f.mtime() == null ? now : f.mtime(), f.mode()));
        }
        List<String> digests = t.tree().putAll(commits);
        Json.send(ctx, 201, Map.of("committed", digests.size(), "digests", digests));
    }

    void manifest(Context ctx) {
        Target t = target(ctx, Action.READ);
        FileEntry e = t.tree().stat(t.path());
        Manifest m = s.content().manifestOf(FileModes.contentOf(e, t.path()));
        List<Map<String, Object>> chunks = new ArrayList<>(m.chunks().size());
        for (ChunkRef c : m.chunks()) chunks.add(Map.of("id", c.id().hex(), "size", c.size()));
        Map<String, Object> body = new LinkedHashMap<>(json(e));
        body.put("chunks", chunks);
        Json.send(ctx, 200, body);
    }

    /** One chunk of a file in this tree (ranged reads by mounts, parallel downloads). */
    void chunk(Context ctx) throws Exception {
        Target t = target(ctx, Action.READ);
        ChunkId id = new ChunkId(ctx.pathParam("hash"));
        if (!t.tree().usesChunk(id)) throw new CofferException.NotFound("no chunk " + id + " in " + t.tree().label());
        String etag = "\"" + id.hex() + "\"";
        ctx.header("ETag", etag).header("Cache-Control", "private, max-age=31536000, immutable");
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType("application/octet-stream").result(s.content().readChunk(id));
    }

    void mkdir(Context ctx) {
        Target t = target(ctx, Action.WRITE);
        if (t.path().isRoot()) throw new CofferException.Conflict("the root folder exists already");
        Json.send(ctx, 201, json(t.tree().mkdir(t.path(), boolParam(ctx, "parents"))));
    }

    /** {@code target}: what the link points at, as text (never followed); {@code mtime} optional. */
    record SymlinkRequest(String target, Long mtime) {}

    void symlink(Context ctx) {
        Target t = target(ctx, Action.WRITE);
        if (t.path().isRoot()) throw new CofferException.Invalid("a link needs a name");
        t.tree().checkCanCreate(t.path());
        SymlinkRequest req = Json.read(ctx, SymlinkRequest.class, 64 * 1024);
        FileEntry e = t.tree().symlink(t.path(), req.target(), req.mtime() == null ? s.db().now() : req.mtime());
        Json.send(ctx, 201, json(e));
    }

    /** Either or both: {@code mtime} (epoch milliseconds) and {@code mode} (octal permission bits of a file, "755"). */
    record AttributesRequest(Long mtime, String mode) {}

    void attributes(Context ctx) {
        Target t = target(ctx, Action.WRITE);
        AttributesRequest req = Json.read(ctx, AttributesRequest.class, 64 * 1024);
        if (req.mtime() == null && req.mode() == null) throw new CofferException.Invalid("give 'mtime' and/or 'mode'");
        Integer mode = req.mode() == null ? null : FileModes.parse(req.mode());
        Json.send(ctx, 200, json(t.tree().setAttributes(t.path(), req.mtime(), mode)));
    }

    void move(Context ctx) throws Exception {
        Target t = target(ctx, Action.WRITE);
        Json.send(ctx, 200, json(transfers.move(ctx, t.tree(), t.request())));
    }

    void copy(Context ctx) throws Exception {
        Target t = target(ctx, Action.WRITE);
        Json.send(ctx, 201, json(transfers.copy(ctx, t.tree(), t.request())));
    }

    void delete(Context ctx) {
        Target t = target(ctx, Action.DELETE);
        t.tree().delete(t.path(), boolParam(ctx, "recursive"));
        ctx.status(204);
    }

    /** {@code paths} relative to the folder named in the URL (the tree's root without one). */
    record DeleteRequest(List<String> paths, Boolean recursive) {}

    void deleteBatch(Context ctx) {
        Target t = target(ctx, Action.DELETE);
        DeleteRequest req = Json.readStream(ctx, DeleteRequest.class, MAX_DELETE_BODY);
        if (req.paths() == null) throw new CofferException.Invalid("field 'paths' is required (a list of paths to delete)");
        if (req.paths().size() > MAX_FILES_PER_BATCH) throw new CofferException.Invalid("delete at most " + MAX_FILES_PER_BATCH + " paths at once");
        List<VolumePath> paths = new ArrayList<>(req.paths().size());
        for (String p : req.paths()) {
            if (p == null || p.isBlank()) throw new CofferException.Invalid("every path must be a non-empty string");
            paths.add(t.request().below(p));
        }
        t.tree().deleteAll(paths, Boolean.TRUE.equals(req.recursive()));
        Json.send(ctx, 200, Map.of("deleted", paths.size()));
    }

    /** How a file or folder is shown, in every tree alike. */
    static Map<String, Object> json(FileEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", e.name());
        m.put("type", e.kind().wire);
        m.put("size", e.size());
        m.put("mtime", e.mtime());
        if (e.digest() != null) m.put("digest", e.digest());
        if (e.mode() != 0) m.put("mode", FileModes.show(e.mode()));
        if (e.target() != null) m.put("target", e.target());
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
