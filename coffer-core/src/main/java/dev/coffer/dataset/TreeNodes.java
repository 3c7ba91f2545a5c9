package dev.coffer.dataset;

import dev.coffer.db.RowBatch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * The tree nodes seen by one transaction: loads them (nodes never change, so a loaded node stays
 * valid), holds nodes built in memory until {@link #store} writes them, and keeps reference
 * counts.
 *
 * <p>Reference counting is the only way nodes are created and deleted. {@link #store} inserts the
 * nodes a new tree needs that do not exist yet, each with 0 references, and counts one reference
 * per entry of a new node on the node it points at. Whoever then points at a root (a version, a
 * draft row) calls {@link #acquire}; whoever stops pointing calls {@link #release}, which deletes
 * nodes that reach 0 and releases their children in turn, so deleting a version costs what that
 * version alone held. The empty node is permanent and never counted: new folders of drafts use
 * it without touching any shared row.
 *
 * <p>These are the places where usage accounting sees trees come and go: {@link #store} (nodes
 * inserted, with the file entries that now reference contents) and {@link #release} (nodes
 * deleted, returned to the caller).
 */
final class TreeNodes {
    private static final int CACHE_NODES = 4096;
    private static final int BATCH = 1000;
    private static final Node EMPTY_NODE = new Node(TreeShape.EMPTY, 0, List.of(), 0, 0);

    private final Handle h;
    private final Map<String, Node> pending = new HashMap<>();
    private final Map<String, Node> cache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Node> eldest) {
            return size() > CACHE_NODES;
        }
    };

    /** The team whose usage this transaction's reference changes count against (null: none, e.g. public datasets). */
    private TeamLedger ledger;

    TreeNodes(Handle h) {
        this.h = h;
    }

    TreeNodes(Handle h, TeamLedger ledger) {
        this.h = h;
        this.ledger = ledger;
    }

    TeamLedger ledger() {
        return ledger;
    }

    /**
     * Serialises transactions that change reference counts of shared nodes (on SQLite writes are
     * serialised anyway). Call it first in the transaction, before any other row is locked.
     */
    static void lock(Handle h) {
        h.createUpdate("UPDATE dataset_tree_lock SET n = n + 1 WHERE id = 1").execute();
    }

    /** The empty folder's node, stored once and kept forever. */
    String empty() {
        if (!cache.containsKey(TreeShape.EMPTY)) {
            h.createUpdate("""
                            INSERT INTO dataset_trees (hash, level, entry_count, file_count, total_size, refs)
                            VALUES (:h, 0, 0, 0, 0, 0) ON CONFLICT (hash) DO NOTHING""").bind("h", TreeShape.EMPTY).execute();
            cache.put(TreeShape.EMPTY, EMPTY_NODE);
        }
        return TreeShape.EMPTY;
    }

    Node node(String hash) {
        if (hash.equals(TreeShape.EMPTY)) return EMPTY_NODE;
        Node n = pending.get(hash);
        if (n == null) n = cache.get(hash);
        if (n != null) return n;
        record Head(int level, long files, long size) {}
        Head head = h.createQuery("SELECT level, file_count, total_size FROM dataset_trees WHERE hash = :h")
                .bind("h", hash)
                .map((rs, ctx) -> new Head(rs.getInt(1), rs.getLong(2), rs.getLong(3)))
                .findOne()
                .orElseThrow(() -> new IllegalStateException("tree node " + hash + " is missing"));
        List<TreeEntry> entries =
                new ArrayList<>(h.createQuery("SELECT " + TreeEntry.COLUMNS + TreeEntry.FROM + "WHERE e.tree_hash = :h")
                        .bind("h", hash)
                        .map(TreeEntry::map)
                        .list());
        entries.sort((a, b) -> Names.compare(a.name(), b.name()));
        n = new Node(hash, head.level(), entries, head.files(), head.size());
        cache.put(hash, n);
        return n;
    }

    /** The entry {@code name} of the folder whose root node is {@code root}, or null. */
    TreeEntry lookup(String root, String name) {
        Node n = node(root);
        while (n.level() > 0) n = node(n.entries().get(n.floor(name)).child());
        return n.find(name);
    }

    /** The files and folders of a folder, in name order, after {@code after} (null: from the start). */
    Iterator<TreeEntry> entries(String root, String after) {
        return LevelCursor.entries(this, node(root), after);
    }

    /** A node made in memory; {@link #store} writes it when a stored tree needs it. */
    Node build(int level, List<TreeEntry> entries) {
        String hash = TreeShape.hash(level, entries);
        Node known = pending.get(hash);
        if (known != null) return known;
        long files = 0;
        long size = 0;
        for (TreeEntry e : entries) {
            files += e.files();
            size += e.size();
        }
        Node n = new Node(hash, level, entries, files, size);
        pending.put(hash, n);
        return n;
    }

    /** Writes the built nodes that the tree rooted at {@code root} needs, children first. */
    void store(String root) {
        if (!pending.containsKey(root)) return;
        List<Node> order = new ArrayList<>();
        collect(root, order, new HashSet<>());
        Map<String, Long> childRefs = new LinkedHashMap<>();
        List<Node> inserted = new ArrayList<>();
        for (Node n : order) {
            if (insertHead(n, 0)) {
                inserted.add(n);
                for (TreeEntry e : n.entries()) if (e.child() != null) childRefs.merge(e.child(), 1L, Long::sum);
            }
            pending.remove(n.hash());
            cache.put(n.hash(), n);
        }
        insertEntries(inserted);
        // Entries of a new node referencing their children: global counts only (the team counts a
        // node's children when the node itself enters the team).
        acquireGlobal(childRefs);
    }

    /**
     * The pending nodes below {@code hash} in post order (children before their parent), with an
     * explicit stack: a tree thousands of levels deep must not exhaust the thread's stack.
     */
    private void collect(String hash, List<Node> order, Set<String> seen) {
        Node root = pending.get(hash);
        if (root == null || !seen.add(hash)) return;
        record Frame(Node node, int[] next) {}
        ArrayDeque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame(root, new int[] {0}));
        while (!stack.isEmpty()) {
            Frame f = stack.peek();
            List<TreeEntry> entries = f.node().entries();
            if (f.next()[0] < entries.size()) {
                String child = entries.get(f.next()[0]++).child();
                Node c = child == null ? null : pending.get(child);
                if (c != null && seen.add(child)) stack.push(new Frame(c, new int[] {0}));
            } else {
                stack.pop();
                order.add(f.node());
            }
        }
    }

    private boolean insertHead(Node n, long refs) {
        return h.createQuery("""
                        INSERT INTO dataset_trees (hash, level, entry_count, file_count, total_size, refs)
                        VALUES (:h, :level, :count, :files, :size, :refs) ON CONFLICT (hash) DO NOTHING RETURNING hash""")
                .bind("h", n.hash())
                .bind("level", n.level())
                .bind("count", n.entries().size())
                .bind("files", n.files())
                .bind("size", n.size())
                .bind("refs", refs)
                .mapTo(String.class)
                .findOne()
                .isPresent();
    }

    private void insertEntries(List<Node> nodes) {
        var batch = RowBatch.prepare(h, """
                INSERT INTO dataset_tree_entries (tree_hash, name, kind, content_id, child_tree, size, files, mtime, mode, target)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
        int rows = 0;
        for (Node n : nodes) {
            for (TreeEntry e : n.entries()) {
                batch.add(
                        n.hash(),
                        e.name(),
                        String.valueOf(e.kind()),
                        e.contentId(),
                        e.child(),
                        e.size(),
                        e.files(),
                        e.mtime(),
                        e.mode(),
                        e.target());
                if (++rows % BATCH == 0) batch.execute();
            }
        }
        batch.execute();
    }

    void acquire(String hash, long count) {
        acquireAll(Map.of(hash, count));
    }

    /**
     * Adds references. Every node referenced here exists: it was just stored, or something this
     * transaction holds (a version, a draft row) keeps it, and the tree lock keeps others from
     * deleting it meanwhile.
     */
    void acquireAll(Map<String, Long> counts) {
        acquireGlobal(counts);
        if (ledger != null) ledger.addTrees(counts);
    }

    private void acquireGlobal(Map<String, Long> counts) {
        List<Map.Entry<String, Long>> todo = counts.entrySet().stream()
                .filter(e -> !e.getKey().equals(TreeShape.EMPTY))
                .toList();
        for (int i = 0; i < todo.size(); i += BATCH) {
            List<Map.Entry<String, Long>> part = todo.subList(i, Math.min(todo.size(), i + BATCH));
            var batch = RowBatch.prepare(h, "UPDATE dataset_trees SET refs = refs + ? WHERE hash = ?");
            for (var e : part) batch.add(e.getValue(), e.getKey());
            int[] updated = batch.execute();
            for (int k = 0; k < updated.length; k++) {
                if (updated[k] == 0)
                    throw new IllegalStateException("tree node " + part.get(k).getKey() + " is missing");
            }
        }
    }

    List<String> release(String hash, long count) {
        return releaseAll(Map.of(hash, count));
    }

    /**
     * Drops references. Nodes that reach 0 are deleted with their entries and release their own
     * children; returns the deleted nodes (work in proportion to what only these references held).
     */
    List<String> releaseAll(Map<String, Long> counts) {
        // The team lets go first, while the nodes' entries still exist.
        if (ledger != null) ledger.removeTrees(counts);
        Map<String, Long> work = new LinkedHashMap<>(counts);
        work.remove(TreeShape.EMPTY);
        List<String> deleted = new ArrayList<>();
        while (!work.isEmpty()) {
            Iterator<Map.Entry<String, Long>> it = work.entrySet().iterator();
            Map.Entry<String, Long> next = it.next();
            it.remove();
            String hash = next.getKey();
            long left = h.createQuery("UPDATE dataset_trees SET refs = refs - :n WHERE hash = :h RETURNING refs")
                    .bind("n", next.getValue())
                    .bind("h", hash)
                    .mapTo(Long.class)
                    .findOne()
                    .orElseThrow(() -> new IllegalStateException("tree node " + hash + " is missing"));
            if (left < 0) throw new IllegalStateException("tree node " + hash + " has a negative reference count");
            if (left > 0) continue;
            h.createQuery(
                            "SELECT child_tree, COUNT(*) FROM dataset_tree_entries WHERE tree_hash = :h AND child_tree IS NOT NULL GROUP BY child_tree")
                    .bind("h", hash)
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                    .list()
                    .forEach(c -> {
                        if (!c.getKey().equals(TreeShape.EMPTY)) work.merge(c.getKey(), c.getValue(), Long::sum);
                    });
            h.createUpdate("DELETE FROM dataset_tree_entries WHERE tree_hash = :h")
                    .bind("h", hash)
                    .execute();
            h.createUpdate("DELETE FROM dataset_trees WHERE hash = :h")
                    .bind("h", hash)
                    .execute();
            cache.remove(hash);
            deleted.add(hash);
        }
        return deleted;
    }
}
