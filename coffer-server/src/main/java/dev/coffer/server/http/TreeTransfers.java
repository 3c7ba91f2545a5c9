package dev.coffer.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.access.Action;
import dev.coffer.error.CofferException;
import dev.coffer.tree.FileEntry;
import dev.coffer.tree.FileTree;
import dev.coffer.tree.VolumePath;
import io.javalin.http.Context;

/**
 * Copies and moves ({@code FileWire.CopyRequest}, {@code FileWire.MoveRequest}), within one tree or between any two: {@code {"from": P, "to": Q}} within the
 * addressed tree, or with {@code "source": {"kind", "name", "team"}} from another tree (its team
 * defaults to the addressed tree's). Content is shared, never copied: no bytes travel. The source
 * must be readable (and, for a move, deletable) by the caller; the destination follows the rules
 * of any write to it (authorization, quota, read-only versions).
 */
final class TreeTransfers {
    private static final int MAX_BODY = 64 * 1024;
    /** The kind that names a team's data source (its own bucket) as a copy's source. */
    static final String SOURCES = "sources";

    private final Trees trees;
    private final BucketCopies buckets;

    TreeTransfers(Trees trees, BucketCopies buckets) {
        this.trees = trees;
        this.buckets = buckets;
    }

    /**
     * A request read: the source tree (null: the addressed one, or a bucket) and both paths;
     * {@code bucket} names a data source of {@code team} to import from.
     */
    private record Transfer(
            TreeRef source, VolumePath from, VolumePath to, boolean replace, String team, String bucket) {
        Transfer(TreeRef source, VolumePath from, VolumePath to, boolean replace) {
            this(source, from, to, replace, null, null);
        }
    }

    FileEntry copy(Context ctx, FileTree target, TreeRequest at) throws Exception {
        Transfer t = read(ctx, at);
        if (t.bucket() != null) return buckets.importInto(ctx, target, t.team(), t.bucket(), t.from(), t.to());
        FileTree source = t.source() == null ? target : trees.open(ctx, t.source(), Action.READ);
        return target.copy(source, t.from(), t.to());
    }

    /**
     * Within a tree, a move is one atomic step. Between trees it is a copy followed by deleting
     * the source: a crash between the two leaves both, never neither.
     */
    FileEntry move(Context ctx, FileTree target, TreeRequest at) throws Exception {
        Transfer t = read(ctx, at);
        if (t.bucket() != null) {
            throw new CofferException.Invalid("files leave a data source by a copy (then delete them there if you"
                    + " wish): a move across a bucket cannot be one step");
        }
        if (t.source() == null || t.source().equals(at.tree())) return target.move(t.from(), t.to(), t.replace());
        FileTree source = trees.open(ctx, t.source(), Action.DELETE);
        if (!source.writable()) {
            throw new CofferException.Conflict(
                    source.label() + " never changes, so nothing can be moved out of it; copy instead");
        }
        if (t.from().isRoot()) throw new CofferException.Invalid("the root folder cannot be moved; move what is in it");
        if (t.replace()) replaceFile(target, source, t);
        FileEntry copied = target.copy(source, t.from(), t.to());
        source.delete(t.from(), true);
        return copied;
    }

    /** With replace, an existing file at the destination gives way to a file (never a folder, never for a folder). */
    private static void replaceFile(FileTree target, FileTree source, Transfer t) {
        FileEntry existing;
        try {
            existing = target.stat(t.to());
        } catch (CofferException.NotFound e) {
            return;
        }
        if (existing.directory() || source.stat(t.from()).directory())
            throw new CofferException.Conflict(t.to() + " already exists");
        target.delete(t.to(), false);
    }

    private Transfer read(Context ctx, TreeRequest at) {
        JsonNode body = Json.read(ctx, JsonNode.class, MAX_BODY);
        if (body == null || !body.isObject())
            throw new CofferException.Invalid("the body must be a JSON object with 'from' and 'to'");
        VolumePath to = VolumeRequest.path(text(body, "to"));
        boolean replace = body.path("replace").asBoolean(false);
        JsonNode from = body.get("from");
        // The earlier form of a copy into a draft: {"from": {"volume": {...}} or {"dataset": REF}, "path": P}}.
        if (from != null && from.isObject())
            return new Transfer(
                    legacySource(from, at), VolumeRequest.path(from.path("path").asText("")), to, replace);
        VolumePath fromPath = VolumeRequest.path(text(body, "from"));
        JsonNode source = body.get("source");
        if (source == null || source.isNull()) return new Transfer(null, fromPath, to, replace);
        if (!source.isObject())
            throw new CofferException.Invalid(
                    "'source' must be an object: {\"kind\": ..., \"name\": ..., \"team\": ...}");
        String kind = text(source, "kind");
        String team = source.hasNonNull("team")
                ? VolumeRequest.decodeName(source.get("team").asText())
                : at.tree().team();
        if (kind.equals(SOURCES)) {
            if (team == null) throw new CofferException.Invalid("name the 'team' whose data source to copy from");
            return new Transfer(null, fromPath, to, replace, team, VolumeRequest.decodeName(text(source, "name")));
        }
        return new Transfer(TreeRef.of(kind, team, text(source, "name")), fromPath, to, replace);
    }

    private static TreeRef legacySource(JsonNode from, TreeRequest at) {
        JsonNode volume = from.get("volume");
        if ((volume == null) == (from.get("dataset") == null)) {
            throw new CofferException.Invalid(
                    "'from' needs either 'volume' ({kind, name}) or 'dataset' (a reference), and a 'path'");
        }
        if (volume != null) {
            String team = volume.hasNonNull("team")
                    ? volume.get("team").asText()
                    : at.tree().team();
            if (team == null || !volume.hasNonNull("kind") || !volume.hasNonNull("name")) {
                throw new CofferException.Invalid(
                        "'volume' needs 'kind' (storage or notebooks), 'name' and, for a public dataset, 'team'");
            }
            String kind = volume.get("kind").asText();
            if (!kind.equals(TreeRef.STORAGE) && !kind.equals(TreeRef.NOTEBOOKS))
                throw new CofferException.NotFound("no such volume kind: " + kind);
            return TreeRef.of(
                    kind,
                    VolumeRequest.decodeName(team),
                    VolumeRequest.decodeName(volume.get("name").asText()));
        }
        String ref = from.get("dataset").asText();
        if (from.path("public").asBoolean(false)) return TreeRef.of(TreeRef.PUBLIC_DATASETS, null, ref);
        String team =
                from.hasNonNull("team") ? from.get("team").asText() : at.tree().team();
        if (team == null)
            throw new CofferException.Invalid("name the 'team' of the dataset to copy from, or set 'public': true");
        return TreeRef.of(TreeRef.DATASETS, team, ref);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || !v.isTextual())
            throw new CofferException.Invalid("field '" + field + "' is required (a string)");
        return v.asText();
    }
}
