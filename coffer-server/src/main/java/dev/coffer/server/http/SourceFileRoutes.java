package dev.coffer.server.http;

import dev.coffer.access.Action;
import dev.coffer.error.CofferException;
import dev.coffer.server.Services;
import dev.coffer.source.Bucket;
import dev.coffer.tree.FileTree;
import dev.coffer.tree.VolumePath;
import dev.coffer.wire.FileWire;
import io.javalin.http.Context;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * Files in a team's data source (its own bucket), under
 * {@code /api/v1/teams/TEAM/sources/NAME/}: list, stat, download (with a Range), upload
 * (streamed), delete, make a folder, move. Viewers read; members write; the team's plan must
 * include data sources. The secret key is read from the team secret here, on the server, for
 * the one request, and goes nowhere else. Bytes in the bucket do not count toward the team's
 * Coffer storage.
 */
final class SourceFileRoutes {
    private static final String BASE = "/api/v1/teams/";
    private final Buckets buckets;
    private final BucketCopies copies;
    private final Trees trees;

    SourceFileRoutes(Services s) {
        this.buckets = new Buckets(s);
        this.copies = new BucketCopies(s);
        this.trees = new Trees(s);
    }

    void register(RouteBook r) {
        String base = "/api/v1/teams/{team}/sources/{name}/";
        String t = "Data sources";
        String where = "a data source (the team's own bucket)";
        String onTheFly = "a source defined for this request instead of the registered one named in the path, as JSON"
                + " {url, accessKeyId, secretAccessKey: \"secret:NAME\", region | endpoint}: what a notebook's"
                + " settings file declares; checked like a registered source, never stored";
        for (String suffix : new String[] {"", "/<path>"}) {
            r.get(base + "list" + suffix, t, "List a folder of " + where + ", paged", this::list)
                    .query("after", "the next of the previous page")
                    .query("limit", "entries per page (at most 1000)")
                    .header(Buckets.ON_THE_FLY, onTheFly)
                    .returns(FileWire.FileListing.class);
            r.get(base + "stat" + suffix, t, "Describe a file or folder of " + where, this::stat)
                    .header(Buckets.ON_THE_FLY, onTheFly)
                    .returns(FileWire.FileEntry.class);
            r.get(base + "files" + suffix, t, "Download a file of " + where + " (Range)", this::download)
                    .header(Buckets.ON_THE_FLY, onTheFly)
                    .returnsBytes("the file's bytes (206 with a Range)", "application/octet-stream");
            r.put(base + "files" + suffix, t, "Upload a file to " + where + " by streaming its bytes", this::upload)
                    .rawBody("application/octet-stream")
                    .header(Buckets.ON_THE_FLY, onTheFly)
                    .returns(201, FileWire.FileEntry.class);
            r.delete(base + "files" + suffix, t, "Delete a file or (recursive=true) a folder of " + where, this::delete)
                    .query("recursive", "true to delete a folder with everything in it")
                    .header(Buckets.ON_THE_FLY, onTheFly)
                    .noContent();
            r.post(base + "mkdir" + suffix, t, "Make a folder in " + where, this::mkdir)
                    .header(Buckets.ON_THE_FLY, onTheFly)
                    .returns(201, FileWire.FileEntry.class);
        }
        r.post(base + "move", t, "Rename or move a file or folder in " + where + " (copy, then delete)", this::move)
                .body(FileWire.MoveRequest.class)
                .header(Buckets.ON_THE_FLY, onTheFly)
                .returns(FileWire.FileEntry.class);
        r.post(
                        base + "copy",
                        t,
                        "Copy a file or folder of a Coffer tree (source: {kind, name, team}) into " + where
                                + ", streamed on the server",
                        this::export)
                .body(FileWire.CopyRequest.class)
                .returns(201, FileWire.FileEntry.class);
    }

    /** The request's bucket, opened for reading or writing, and the path in it. */
    private record Target(Bucket bucket, String path) implements AutoCloseable {
        @Override
        public void close() {
            bucket.close();
        }
    }

    private Target open(Context ctx, boolean write) {
        String raw = ctx.req().getRequestURI().substring(BASE.length());
        // TEAM / "sources" / NAME / OP [/ PATH]
        String[] parts = raw.split("/", 5);
        String name = VolumeRequest.decodeName(parts[2]);
        VolumePath path = VolumeRequest.decodePath(parts.length > 4 ? parts[4] : "");
        return new Target(buckets.open(ctx, VolumeRequest.decodeName(parts[0]), name, write), relative(path));
    }

    /** A checked path as the bucket takes it: relative, no leading '/' ({@code ""}: the root). */
    static String relative(VolumePath path) {
        return String.join("/", path.names());
    }

    private static FileWire.FileEntry json(Bucket.Item i) {
        return new FileWire.FileEntry(
                i.name(),
                i.folder() ? FileWire.EntryType.FOLDER : FileWire.EntryType.FILE,
                i.size(),
                i.mtime(),
                null,
                null,
                null);
    }

    void list(Context ctx) {
        try (Target t = open(ctx, false)) {
            int limit = Math.min(FileRoutes.intParam(ctx, "limit", 1000), 1000);
            Bucket.Page page = t.bucket().list(t.path(), ctx.queryParam("after"), limit);
            Json.send(
                    ctx,
                    200,
                    new FileWire.FileListing(
                            t.path(),
                            page.items().stream().map(SourceFileRoutes::json).toList(),
                            page.next(),
                            null,
                            null));
        }
    }

    void stat(Context ctx) {
        try (Target t = open(ctx, false)) {
            Json.send(ctx, 200, json(t.bucket().stat(t.path())));
        }
    }

    void download(Context ctx) throws Exception {
        try (Target t = open(ctx, false)) {
            Bucket.Item item = t.bucket().stat(t.path());
            if (item.folder()) throw new CofferException.Conflict(t.path() + " is a folder: list it");
            long start = 0;
            long length = item.size();
            String range = ctx.header("Range");
            ctx.header("Accept-Ranges", "bytes");
            if (range != null) {
                long[] r = Downloads.parseRange(range, item.size());
                if (r == null) {
                    ctx.header("Content-Range", "bytes */" + item.size());
                    Problems.write(
                            ctx,
                            416,
                            "range-not-satisfiable",
                            "range '" + range + "' is outside the file (" + item.size() + " bytes)",
                            Map.of("size", item.size()));
                    return;
                }
                start = r[0];
                length = r[1] - r[0] + 1;
                ctx.status(206).header("Content-Range", "bytes " + r[0] + "-" + r[1] + "/" + item.size());
            }
            ctx.contentType("application/octet-stream").header("Content-Length", Long.toString(length));
            if (length == 0) return;
            OutputStream out = GuardedOutput.of(ctx);
            try (InputStream in = t.bucket().read(t.path(), start, length)) {
                in.transferTo(out);
            }
        }
    }

    void upload(Context ctx) throws Exception {
        try (Target t = open(ctx, true)) {
            if (t.path().isEmpty()) throw new CofferException.Invalid("a file needs a name");
            Bucket.Item item = t.bucket().write(t.path(), GuardedBody.of(ctx, Long.MAX_VALUE, "no limit"));
            Json.send(ctx, 201, json(item));
        }
    }

    void delete(Context ctx) {
        try (Target t = open(ctx, true)) {
            if (t.path().isEmpty()) throw new CofferException.Conflict("the data source's root is not deleted");
            t.bucket().delete(t.path(), FileRoutes.boolParam(ctx, "recursive"));
            ctx.status(204);
        }
    }

    void mkdir(Context ctx) {
        try (Target t = open(ctx, true)) {
            t.bucket().mkdir(t.path());
            Json.send(ctx, 201, json(t.bucket().stat(t.path())));
        }
    }

    /** An export: a file or folder of a volume or a dataset version, written into the bucket. */
    void export(Context ctx) throws Exception {
        FileWire.CopyRequest req = Json.read(ctx, FileWire.CopyRequest.class, 64 * 1024);
        if (req.source() == null || req.source().kind() == null || req.source().name() == null)
            throw new CofferException.Invalid(
                    "'source' is required: the tree to copy from, {\"kind\": \"storage\", \"name\": \"CLUSTER\"} or a"
                            + " dataset version {\"kind\": \"datasets\", \"name\": \"DATASET:N\"}");
        String[] parts = ctx.req().getRequestURI().substring(BASE.length()).split("/", 5);
        String team = VolumeRequest.decodeName(parts[0]);
        String name = VolumeRequest.decodeName(parts[2]);
        String sourceTeam = req.source().team() == null
                ? team
                : VolumeRequest.decodeName(req.source().team());
        FileTree source = trees.open(
                ctx, TreeRef.of(req.source().kind(), sourceTeam, req.source().name()), Action.READ);
        Bucket.Item item = copies.exportTo(
                ctx, team, name, source, VolumeRequest.path(req.from()), relative(VolumeRequest.path(req.to())));
        Json.send(ctx, 201, json(item));
    }

    void move(Context ctx) {
        try (Target t = open(ctx, true)) {
            FileWire.MoveRequest req = Json.read(ctx, FileWire.MoveRequest.class, 64 * 1024);
            if (req.source() != null) throw new CofferException.Invalid("a data source moves files within itself only");
            String from = relative(VolumeRequest.path(req.from()));
            String to = relative(VolumeRequest.path(req.to()));
            t.bucket().move(from, to, Boolean.TRUE.equals(req.replace()));
            Json.send(ctx, 200, json(t.bucket().stat(to)));
        }
    }
}
