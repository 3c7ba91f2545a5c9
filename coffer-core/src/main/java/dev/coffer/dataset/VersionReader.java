package dev.coffer.dataset;

import dev.coffer.chunk.ChunkId;
import dev.coffer.content.ContentStore;
import dev.coffer.content.Manifest;
import dev.coffer.db.Database;
import dev.coffer.error.CofferException;
import dev.coffer.tree.FileEntry;
import dev.coffer.tree.FileModes;
import dev.coffer.tree.FilePage;
import dev.coffer.tree.TreeVisitor;
import dev.coffer.tree.VolumePath;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Reads any version, draft or committed, alike: stat, folder pages by name, a file's manifest,
 * a walk. A draft reads as its parent with its changes laid over it.
 */
public final class VersionReader {
    public static final int MAX_PAGE = 10_000;
    private static final int WALK_PAGE = 1000;

    private final Database db;
    private final ContentStore content;

    public VersionReader(Database db, ContentStore content) {
        this.db = db;
        this.content = content;
    }

    static View view(Handle h, VersionRows row) {
        TreeNodes nodes = new TreeNodes(h);
        Overlay overlay =
                row.version().committed() ? null : new Overlay(h, row.version().id(), nodes);
        return new View(nodes, overlay, row.root());
    }

    public FileEntry stat(Version version, VolumePath path) {
        return db.read(h -> {
            VersionRows row = VersionRows.load(h, version.id());
            View.Located at = view(h, row).locate(path);
            if (!at.exists()) throw notFound(row.version(), path);
            return at.item().entry(path.name());
        });
    }

    public FilePage list(Version version, VolumePath dir, String after, int limit) {
        int pageSize = Math.max(1, Math.min(limit, MAX_PAGE));
        return db.read(h -> {
            VersionRows row = VersionRows.load(h, version.id());
            View view = view(h, row);
            View.Located at = view.locate(dir);
            if (!at.exists()) throw notFound(row.version(), dir);
            if (!at.item().folder()) throw new CofferException.Conflict(dir + " is a file, not a folder");
            Iterator<View.Child> children =
                    view.children(at.path(), at.item(), after == null || after.isEmpty() ? null : after, pageSize);
            List<FileEntry> entries = new ArrayList<>(Math.min(pageSize, 1024));
            while (entries.size() < pageSize && children.hasNext()) {
                View.Child c = children.next();
                entries.add(c.item().entry(c.name()));
            }
            String next = children.hasNext() ? entries.getLast().name() : null;
            return new FilePage(entries, next);
        });
    }

    /** The manifest (ordered chunks) of the file at {@code path}. */
    public Manifest manifest(Version version, VolumePath path) {
        return content.manifestOf(FileModes.contentOf(stat(version, path), path));
    }

    /**
     * Visits everything under {@code dir} depth-first, parents before children, with paths
     * relative to {@code dir}; folders are read a page at a time so huge versions stream.
     */
    public void walk(Version version, VolumePath dir, TreeVisitor visitor) throws Exception {
        record Start(String path, View.Item item, FileEntry entry) {}
        Start start = db.read(h -> {
            VersionRows row = VersionRows.load(h, version.id());
            View.Located at = view(h, row).locate(dir);
            if (!at.exists()) throw notFound(row.version(), dir);
            return new Start(at.path(), at.item(), at.item().entry(dir.name()));
        });
        if (!start.item().folder()) {
            visitor.visit(start.entry(), List.of(dir.name()));
            return;
        }
        walkFolder(version.id(), start.path(), start.item(), new ArrayList<>(), visitor);
    }

    /** One folder being walked: where it is, the page of children at hand and where the next starts. */
    private static final class WalkFrame {
        final String path;
        final View.Item folder;
        final List<String> prefix;
        List<View.Child> page = List.of();
        int next;
        String after;
        boolean lastPage;

        WalkFrame(String path, View.Item folder, List<String> prefix) {
            this.path = path;
            this.folder = folder;
            this.prefix = prefix;
        }
    }

    /**
     * Depth first, in name order, a page at a time, with an explicit stack: a tree thousands of
     * levels deep must not exhaust the thread's stack.
     */
    private void walkFolder(long id, String path, View.Item folder, List<String> prefix, TreeVisitor visitor)
            throws Exception {
        ArrayDeque<WalkFrame> stack = new ArrayDeque<>();
        stack.push(new WalkFrame(path, folder, List.copyOf(prefix)));
        while (!stack.isEmpty()) {
            WalkFrame f = stack.peek();
            if (f.next == f.page.size()) {
                if (f.lastPage) {
                    stack.pop();
                    continue;
                }
                f.page = db.read(h -> {
                    Iterator<View.Child> it =
                            view(h, VersionRows.load(h, id)).children(f.path, f.folder, f.after, WALK_PAGE);
                    List<View.Child> out = new ArrayList<>();
                    while (out.size() < WALK_PAGE && it.hasNext()) out.add(it.next());
                    return out;
                });
                f.next = 0;
                f.lastPage = f.page.size() < WALK_PAGE;
                if (!f.page.isEmpty()) f.after = f.page.getLast().name();
                continue;
            }
            View.Child c = f.page.get(f.next++);
            List<String> here = new ArrayList<>(f.prefix.size() + 1);
            here.addAll(f.prefix);
            here.add(c.name());
            visitor.visit(c.item().entry(c.name()), List.copyOf(here));
            if (c.item().folder())
                stack.push(new WalkFrame(Overlay.join(f.path, c.name()), c.item(), List.copyOf(here)));
        }
    }

    /**
     * True when some file of the version uses chunk {@code id}: a chunk is readable only through
     * a version that holds it. Searches upwards from the nodes holding the chunk's files, so the
     * cost follows how widely the chunk is shared, not the version's size. For a draft, its own
     * files and the trees it started from count.
     */
    public boolean usesChunk(Version version, ChunkId id) {
        return db.read(h -> {
            VersionRows row = VersionRows.load(h, version.id());
            if (!row.version().committed()) {
                long own = h.createQuery("""
                                SELECT COUNT(*) FROM dataset_draft_changes o JOIN content_chunks cc ON cc.content_id = o.content_id
                                WHERE o.version_id = :v AND cc.chunk_hash = :c""")
                        .bind("v", row.version().id())
                        .bind("c", id.hex())
                        .mapTo(Long.class)
                        .one();
                if (own > 0) return true;
            }
            return h.createQuery("""
                            WITH RECURSIVE up(hash) AS (
                                SELECT e.tree_hash FROM dataset_tree_entries e JOIN content_chunks cc ON cc.content_id = e.content_id
                                WHERE cc.chunk_hash = :c
                                UNION
                                SELECT e.tree_hash FROM dataset_tree_entries e JOIN up ON e.child_tree = up.hash)
                            SELECT COUNT(*) FROM up WHERE up.hash = :root
                                OR up.hash IN (SELECT tree_hash FROM dataset_draft_changes WHERE version_id = :v AND kind = 't')""")
                            .bind("c", id.hex())
                            .bind("root", row.root())
                            .bind("v", row.version().id())
                            .mapTo(Long.class)
                            .one()
                    > 0;
        });
    }

    private static CofferException.NotFound notFound(Version v, VolumePath path) {
        return new CofferException.NotFound(path + " does not exist in " + v.label());
    }
}
