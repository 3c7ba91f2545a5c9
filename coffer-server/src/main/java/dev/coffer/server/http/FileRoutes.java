package dev.coffer.server.http;

import com.fasterxml.jackson.core.io.SerializedString;
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
import dev.coffer.wire.FileWire;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The file API of every tree (a team's {@code /storage}, a notebook's {@code /notebooks}, a
 * dataset draft or version, team or public), one URL shape and one behaviour for all: list,
 * stream the whole tree, stat, download (Range, ETag, archives), upload, commit manifests (one
 * or a batch), mkdir, move, copy (within a tree or from another), delete (one or a batch).
 * Trees that never change (committed versions) answer every change with one refusal.
 */
final class FileRoutes {
    static final int MAX_FILES_PER_BATCH = 10_000;

    /** The largest file whose bytes a manifest answer carries (base64 in JSON: a third more). */
    static final long MAX_INLINE = 256 * 1024;
    /** Largest file whose bytes a listing carries, and most bytes one listing page carries. */
    static final long LIST_INLINE = 64 * 1024;

    static final long LIST_INLINE_PAGE = 4L << 20;

    private static final String[] DOWNLOADS = {"application/octet-stream", "application/zip", "application/x-tar"};

    private final Services s;
    private final Trees trees;
    private final TreeTransfers transfers;

    FileRoutes(Services s) {
        this.s = s;
        this.trees = new Trees(s);
        this.transfers = new TreeTransfers(trees, new BucketCopies(s));
    }

    /** Registers the file routes below {@code base} (ending in the tree's name parameter and a slash). */
    void register(RouteBook r, String base, String where) {
        String t = "Files";
        for (String suffix : new String[] {"", "/<path>"}) {
            r.get(
                            base + "files" + suffix,
                            t,
                            "Download a file (Range, ETag) or a folder as ?archive=zip|tar, in " + where,
                            this::download)
                    .query("archive", "zip or tar, for a folder")
                    .returnsBytes(
                            "the file's bytes (206 with a Range), or a folder as a zip or tar archive", DOWNLOADS);
            r.head(base + "files" + suffix, t, "Size and ETag of a file in " + where, this::download)
                    .returnsHeaders("the file's size (Content-Length) and ETag, without its bytes");
            r.put(base + "files" + suffix, t, "Upload a file by streaming its bytes, in " + where, this::upload)
                    .rawBody("application/octet-stream")
                    .query("mtime", "modification time, epoch milliseconds")
                    .query("mode", "permission bits in octal, such as 755")
                    .returns(201, FileWire.FileEntry.class);
            r.delete(
                            base + "files" + suffix,
                            t,
                            "Delete a file or (recursive=true) a folder, in " + where,
                            this::delete)
                    .query("recursive", "true to delete a folder with everything in it")
                    .noContent();
            r.get(base + "list" + suffix, t, "List a folder, sorted by name and paged, in " + where, this::list)
                    .query("after", "the last name of the previous page")
                    .query("limit", "entries per page (at most 10000)")
                    .query(
                            "inline",
                            "with the manifests and bytes (manifests) of the page's files of at most this many bytes"
                                    + " (at most 65536; 4 MiB in all per page)")
                    .returns(FileWire.FileListing.class);
            r.get(
                            base + "tree" + suffix,
                            t,
                            "Every file and folder under a folder, in one NDJSON stream, in " + where,
                            this::tree)
                    .returnsNdjson(
                            "every entry under the folder, depth first: a first line {path, version} (version for datasets), "
                                    + "a line {path, type, size, mtime, digest, mode, target} per entry (path relative to the folder), "
                                    + "and a last line {end: true, files, folders}; a stream without that last line was cut");
            r.get(base + "stat" + suffix, t, "Describe a file or folder in " + where, this::stat)
                    .returns(FileWire.FileEntry.class);
            r.post(base + "mkdir" + suffix, t, "Make a folder in " + where, this::mkdir)
                    .query("parents", "true to make missing parents")
                    .returns(201, FileWire.FileEntry.class);
            r.post(
                            base + "attributes" + suffix,
                            t,
                            "Set the modification time and/or a file's permission bits, in " + where,
                            this::attributes)
                    .body(FileWire.AttributesRequest.class)
                    .returns(FileWire.FileEntry.class);
            r.post(
                            base + "symlink" + suffix,
                            t,
                            "Make or replace a symbolic link (its target kept as text, never followed), in " + where,
                            this::symlink)
                    .body(FileWire.SymlinkRequest.class)
                    .returns(201, FileWire.FileEntry.class);
            r.post(
                            base + "links" + suffix,
                            t,
                            "Make or replace many symbolic links in one transaction (missing folders too), in " + where,
                            this::links)
                    .body(FileWire.LinksRequest.class)
                    .returns(FileWire.LinksResult.class);
            r.get(base + "manifest" + suffix, t, "A file's chunk list in " + where, this::manifest)
                    .query(
                            "inline",
                            "with the file's bytes (content, base64) when it is at most this many bytes (at most 262144)")
                    .returns(FileWire.FileManifest.class);
            r.post(base + "manifest" + suffix, t, "Commit a file from stored chunks, in " + where, this::commit)
                    .body(FileWire.FileCommitRequest.class)
                    .returns(201, FileWire.FileEntry.class);
            r.post(
                            base + "manifests" + suffix,
                            t,
                            "Commit many files in one transaction, in " + where,
                            this::commitBatch)
                    .body(FileWire.BatchCommitRequest.class)
                    .returns(201, FileWire.BatchCommitResult.class);
            r.post(
                            base + "times" + suffix,
                            t,
                            "Set the modification times of many files, folders and links in one transaction, in "
                                    + where,
                            this::times)
                    .body(FileWire.TimesRequest.class)
                    .returns(FileWire.TimesResult.class);
            r.post(
                            base + "deletions" + suffix,
                            t,
                            "Delete many files or folders in one transaction, in " + where,
                            this::deleteBatch)
                    .body(FileWire.DeleteRequest.class)
                    .returns(FileWire.DeleteResult.class);
        }
        r.get(base + "chunks/{hash}", t, "One chunk of a file in " + where + " (immutable, cacheable)", this::chunk)
                .returnsBytes("the chunk's bytes (immutable: cache them)", "application/octet-stream");
        r.post(base + "move", t, "Rename or move a file or folder (atomic within a tree), in " + where, this::move)
                .body(FileWire.MoveRequest.class)
                .returns(FileWire.FileEntry.class);
        r.post(
                        base + "copy",
                        t,
                        "Copy a file or folder, from this tree or another, sharing its content, in " + where,
                        this::copy)
                .body(FileWire.CopyRequest.class)
                .returns(201, FileWire.FileEntry.class);
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

    void list(Context ctx) throws IOException {
        Target t = target(ctx, Action.LIST);
        FilePage page = t.tree().list(t.path(), ctx.queryParam("after"), intParam(ctx, "limit", 1000));
        Long version = t.tree() instanceof VersionFileTree v ? v.version().number() : null;
        Json.send(
                ctx,
                200,
                new FileWire.FileListing(
                        t.path().toString(),
                        page.entries().stream().map(FileRoutes::json).toList(),
                        page.next(),
                        version,
                        inlineManifests(t, page, Math.min(longParam(ctx, "inline", 0), LIST_INLINE))));
    }

    /**
     * With {@code ?inline=BYTES}, the listing also carries the manifests, bytes included, of its
     * files of at most that size (at most {@link #LIST_INLINE} each, {@link #LIST_INLINE_PAGE} in
     * all): a mount that reads a folder of small files then opens each without a request of its
     * own, one listing for a hundred files instead of a hundred round trips.
     */
    private List<FileWire.FileManifest> inlineManifests(Target t, FilePage page, long inline) throws IOException {
        if (inline <= 0) return null;
        List<FileWire.FileManifest> out = new ArrayList<>();
        long budget = LIST_INLINE_PAGE;
        for (FileEntry e : page.entries()) {
            if (e.kind() != FileEntry.Kind.FILE || e.size() <= 0 || e.size() > inline || e.size() > budget) continue;
            budget -= e.size();
            out.add(manifestOf(e, t.path().child(e.name()), inline));
        }
        return out;
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
        if (!t.tree().stat(t.path()).directory())
            throw new CofferException.Conflict(t.path() + " is a file, not a folder");
        ctx.contentType("application/x-ndjson");
        try (var out = Json.MAPPER.getFactory().createGenerator(ctx.outputStream())) {
            out.setRootValueSeparator(new SerializedString("\n"));
            out.writeStartObject();
            out.writeStringField("path", t.path().toString());
            if (t.tree() instanceof VersionFileTree v)
                out.writeNumberField("version", v.version().number());
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
            if (archive == null)
                throw new CofferException.Conflict(
                        t.path() + " is a folder: list it, or download it with ?archive=zip or ?archive=tar");
            Archives.send(
                    ctx,
                    s.content(),
                    s.traffic(),
                    archiveName(t),
                    archive,
                    visitor -> t.tree().walk(t.path(), visitor));
            return;
        }
        Downloads.sendFile(ctx, s.content(), s.traffic(), e.digest(), e.size(), FileModes.contentOf(e, t.path()));
    }

    /** A folder's archive is named after it; a whole version after its dataset and number. */
    private static String archiveName(Target t) {
        if (!t.path().isRoot()) return t.path().name();
        return t.tree() instanceof VersionFileTree v
                ? v.version().dataset() + "-" + v.version().number()
                : "volume";
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
        s.traffic().received(manifest.size());
        Json.send(ctx, 201, json(t.tree().put(t.path(), manifest, mtime, mode)));
    }

    void commit(Context ctx) {
        Target t = target(ctx, Action.WRITE);
        t.tree().checkCanCreate(t.path());
        ManifestBodies.FileBody req = ManifestBodies.readFile(ctx);
        FileEntry e =
                t.tree().put(t.path(), req.manifest(), req.mtime() == null ? s.db().now() : req.mtime(), req.mode());
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
            commits.add(new FileCommit(
                    t.request().below(f.path()), f.manifest(), f.mtime() == null ? now : f.mtime(), f.mode()));
        }
        List<String> digests = t.tree().putAll(commits);
        Json.send(ctx, 201, new FileWire.BatchCommitResult(digests.size(), digests));
    }

    void manifest(Context ctx) throws IOException {
        Target t = target(ctx, Action.READ);
        FileEntry e = t.tree().stat(t.path());
        Json.send(ctx, 200, manifestOf(e, t.path(), Math.min(longParam(ctx, "inline", 0), MAX_INLINE)));
    }

    /**
     * A file's chunk list; a small file's bytes come along when it is at most {@code inline}
     * bytes: opening and reading it is then one round trip, not two, for what reads many small
     * files (a mount, a notebook's imports).
     */
    private FileWire.FileManifest manifestOf(FileEntry e, VolumePath path, long inline) throws IOException {
        Manifest m = s.content().manifestOf(FileModes.contentOf(e, path));
        List<FileWire.ChunkRef> chunks = new ArrayList<>(m.chunks().size());
        for (ChunkRef c : m.chunks()) chunks.add(new FileWire.ChunkRef(c.id().hex(), c.size()));
        FileWire.FileEntry f = json(e);
        byte[] content = null;
        if (m.size() > 0 && m.size() <= inline) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) m.size());
            for (ChunkRef c : m.chunks()) bytes.write(s.content().readChunk(c.id()));
            content = bytes.toByteArray();
            s.traffic().sent(content.length);
        }
        return new FileWire.FileManifest(
                f.name(), f.type(), f.size(), f.mtime(), f.digest(), f.mode(), chunks, content);
    }

    /** One chunk of a file in this tree (ranged reads by mounts, parallel downloads). */
    void chunk(Context ctx) throws Exception {
        Target t = target(ctx, Action.READ);
        ChunkId id = new ChunkId(ctx.pathParam("hash"));
        if (!t.tree().usesChunk(id))
            throw new CofferException.NotFound(
                    "no chunk " + id + " in " + t.tree().label());
        String etag = "\"" + id.hex() + "\"";
        ctx.header("ETag", etag).header("Cache-Control", "private, max-age=31536000, immutable");
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        byte[] bytes = s.content().readChunk(id);
        s.traffic().sent(bytes.length);
        ctx.contentType("application/octet-stream").result(bytes);
    }

    void mkdir(Context ctx) {
        Target t = target(ctx, Action.WRITE);
        if (t.path().isRoot()) throw new CofferException.Conflict("the root folder exists already");
        Json.send(ctx, 201, json(t.tree().mkdir(t.path(), boolParam(ctx, "parents"))));
    }

    void symlink(Context ctx) {
        Target t = target(ctx, Action.WRITE);
        if (t.path().isRoot()) throw new CofferException.Invalid("a link needs a name");
        t.tree().checkCanCreate(t.path());
        FileWire.SymlinkRequest req = Json.read(ctx, FileWire.SymlinkRequest.class, 64 * 1024);
        FileEntry e = t.tree().symlink(t.path(), req.target(), req.mtime() == null ? s.db().now() : req.mtime());
        Json.send(ctx, 201, json(e));
    }

    void attributes(Context ctx) {
        Target t = target(ctx, Action.WRITE);
        FileWire.AttributesRequest req = Json.read(ctx, FileWire.AttributesRequest.class, 64 * 1024);
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

    void links(Context ctx) {
        Target t = target(ctx, Action.WRITE);
        BatchEdits.links(ctx, t.tree(), t.request(), s.db().now());
    }

    /** Many entries' times at once: what a copied tree's folders get after their files are in. */
    void times(Context ctx) {
        Target t = target(ctx, Action.WRITE);
        BatchEdits.times(ctx, t.tree(), t.request());
    }

    void deleteBatch(Context ctx) {
        Target t = target(ctx, Action.DELETE);
        BatchEdits.deleteBatch(ctx, t.tree(), t.request());
    }

    /** How a file or folder is shown, in every tree alike. */
    static FileWire.FileEntry json(FileEntry e) {
        FileWire.EntryType type = switch (e.kind()) {
            case FILE -> FileWire.EntryType.FILE;
            case FOLDER -> FileWire.EntryType.FOLDER;
            case SYMLINK -> FileWire.EntryType.SYMLINK;
        };
        return new FileWire.FileEntry(
                e.name(), type, e.size(), e.mtime(), e.digest(), FileModes.show(e.mode()), e.target());
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
