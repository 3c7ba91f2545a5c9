package dev.coffer.server.http;

import dev.coffer.error.CofferException;
import dev.coffer.tree.FileTree;
import dev.coffer.tree.NewLink;
import dev.coffer.tree.VolumePath;
import dev.coffer.wire.FileWire;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The file API's changes of many entries in one request and one transaction (links, times,
 * deletions): what a copied or pushed tree needs besides its files, up to {@value
 * FileRoutes#MAX_FILES_PER_BATCH} entries at once. The caller has opened the tree for the change.
 */
final class BatchEdits {
    /** 10,000 paths of up to 4 KiB each, with room for the JSON around them. */
    private static final long MAX_PATH_LIST_BODY = 48L << 20;

    private static final int MAX = FileRoutes.MAX_FILES_PER_BATCH;

    private BatchEdits() {}

    /** Many links at once: what a copied tree's links become, one request instead of one per link. */
    static void links(Context ctx, FileTree tree, TreeRequest request, long now) {
        FileWire.LinksRequest req = Json.readStream(ctx, FileWire.LinksRequest.class, MAX_PATH_LIST_BODY);
        if (req.links() == null)
            throw new CofferException.Invalid("field 'links' is required (an object of path: {target, mtime})");
        if (req.links().size() > MAX) throw new CofferException.Invalid("make at most " + MAX + " links at once");
        Map<VolumePath, NewLink> links = new LinkedHashMap<>();
        for (var e : req.links().entrySet()) {
            if (e.getKey().isBlank()) throw new CofferException.Invalid("every path must be a non-empty string");
            FileWire.SymlinkRequest link = e.getValue();
            if (link == null || link.target() == null)
                throw new CofferException.Invalid("the link '" + e.getKey() + "' needs a 'target'");
            VolumePath path = request.below(e.getKey());
            tree.checkCanCreate(path);
            links.put(path, new NewLink(link.target(), link.mtime() == null ? now : link.mtime()));
        }
        Json.send(ctx, 200, new FileWire.LinksResult(tree.symlinkAll(links)));
    }

    static void times(Context ctx, FileTree tree, TreeRequest request) {
        FileWire.TimesRequest req = Json.readStream(ctx, FileWire.TimesRequest.class, MAX_PATH_LIST_BODY);
        if (req.times() == null)
            throw new CofferException.Invalid("field 'times' is required (an object of path: epoch milliseconds)");
        if (req.times().size() > MAX) throw new CofferException.Invalid("set at most " + MAX + " times at once");
        Map<VolumePath, Long> times = new LinkedHashMap<>();
        for (var e : req.times().entrySet()) {
            if (e.getKey().isBlank()) throw new CofferException.Invalid("every path must be a non-empty string");
            if (e.getValue() == null)
                throw new CofferException.Invalid("the time of '" + e.getKey() + "' must be epoch milliseconds");
            times.put(request.below(e.getKey()), e.getValue());
        }
        Json.send(ctx, 200, new FileWire.TimesResult(tree.setTimes(times)));
    }

    static void deleteBatch(Context ctx, FileTree tree, TreeRequest request) {
        FileWire.DeleteRequest req = Json.readStream(ctx, FileWire.DeleteRequest.class, MAX_PATH_LIST_BODY);
        if (req.paths() == null)
            throw new CofferException.Invalid("field 'paths' is required (a list of paths to delete)");
        if (req.paths().size() > MAX) throw new CofferException.Invalid("delete at most " + MAX + " paths at once");
        List<VolumePath> paths = new ArrayList<>(req.paths().size());
        for (String p : req.paths()) {
            if (p == null || p.isBlank()) throw new CofferException.Invalid("every path must be a non-empty string");
            paths.add(request.below(p));
        }
        tree.deleteAll(paths, Boolean.TRUE.equals(req.recursive()));
        Json.send(ctx, 200, new FileWire.DeleteResult(paths.size()));
    }
}
