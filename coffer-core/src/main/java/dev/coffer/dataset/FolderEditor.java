package dev.coffer.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Applies a sorted list of edits to one folder and returns the root of the new folder, reading
 * and rewriting only the nodes the edits fall in.
 *
 * <p>A folder's entries are cut into level-0 nodes by {@link TreeShape}; when there is more than
 * one, their first names and hashes are cut the same way into level-1 nodes, and so on up to a
 * single root. The cut rule is a function of the sorted entries, so editing gives exactly the
 * nodes a build from scratch would give. Per level, the nodes holding an edit are re-cut; when a
 * re-cut run ends on a node boundary the old nodes that follow are kept as they are (the cut rule
 * restarts at every boundary). The replaced and new nodes become edits of the level above.
 */
final class FolderEditor {
    /** A change of one name: its new entry, or null to remove it. */
    record Edit(String name, TreeEntry entry) {}

    private final TreeNodes nodes;
    private final TreeShape shape;

    FolderEditor(TreeNodes nodes, TreeShape shape) {
        this.nodes = nodes;
        this.shape = shape;
    }

    /** The folder rooted at {@code root} with {@code edits} (sorted by name, one per name) applied. Built nodes are pending. */
    Node apply(String root, List<Edit> edits) {
        Node top = nodes.node(root);
        if (edits.isEmpty()) return top;
        List<Edit> current = edits;
        for (int level = 0; ; level++) {
            Recut recut = recut(level, top, current);
            if (level == top.level()) return finish(level, recut.added());
            current = parentEdits(recut);
        }
    }

    /** Builds a folder from entries sorted by name. */
    Node build(List<TreeEntry> entries) {
        List<Node> layer = cut(0, entries);
        return finish(0, layer);
    }

    private record Recut(List<String> removed, List<Node> added) {}

    private Recut recut(int level, Node top, List<Edit> edits) {
        LevelCursor cursor = new LevelCursor(nodes, top, level);
        List<String> removed = new ArrayList<>();
        List<Node> added = new ArrayList<>();
        List<TreeEntry> run = new ArrayList<>();
        int i = 0;
        cursor.seek(edits.getFirst().name());
        while (true) {
            String end = cursor.nextKey();
            boolean dirty = i < edits.size() && before(edits.get(i).name(), end);
            if (run.isEmpty() && !dirty) {
                // In step with the old cut: nodes up to the next edit stay as they are.
                if (i >= edits.size()) break;
                cursor.seek(edits.get(i).name());
                continue;
            }
            removed.add(cursor.key());
            List<TreeEntry> old = cursor.node().entries();
            int j = 0;
            while (j < old.size() || (i < edits.size() && before(edits.get(i).name(), end))) {
                TreeEntry next;
                boolean editHere = i < edits.size() && before(edits.get(i).name(), end);
                if (!editHere) {
                    next = old.get(j++);
                } else if (j >= old.size()) {
                    next = edits.get(i++).entry();
                } else {
                    int c = Names.compare(edits.get(i).name(), old.get(j).name());
                    if (c < 0) {
                        next = edits.get(i++).entry();
                    } else if (c == 0) {
                        next = edits.get(i++).entry();
                        j++;
                    } else {
                        next = old.get(j++);
                    }
                }
                if (next == null) continue;
                run.add(next);
                if (shape.endsNode(level, next.name(), run.size())) {
                    added.add(nodes.build(level, run));
                    run = new ArrayList<>();
                }
            }
            if (!cursor.advance()) break;
        }
        if (!run.isEmpty()) added.add(nodes.build(level, run));
        return new Recut(removed, added);
    }

    private static boolean before(String name, String end) {
        return end == null || Names.compare(name, end) < 0;
    }

    /** Old nodes leave the level above, new ones join it; a new node may reuse an old first name. */
    private static List<Edit> parentEdits(Recut recut) {
        TreeMap<String, Edit> edits = new TreeMap<>(Names.UTF8);
        for (String key : recut.removed()) edits.put(key, new Edit(key, null));
        for (Node n : recut.added()) edits.put(n.firstName(), new Edit(n.firstName(), TreeEntry.part(n)));
        return new ArrayList<>(edits.values());
    }

    /** The complete top level is known: build upwards until one node is left, or step down from a one-entry root. */
    private Node finish(int level, List<Node> layer) {
        if (layer.isEmpty()) return nodes.build(0, List.of());
        while (layer.size() > 1) {
            level++;
            layer = cut(level, layer.stream().map(TreeEntry::part).toList());
        }
        Node root = layer.getFirst();
        while (root.level() > 0 && root.entries().size() == 1)
            root = nodes.node(root.entries().getFirst().child());
        return root;
    }

    private List<Node> cut(int level, List<TreeEntry> entries) {
        List<Node> out = new ArrayList<>();
        List<TreeEntry> run = new ArrayList<>();
        for (TreeEntry e : entries) {
            run.add(e);
            if (shape.endsNode(level, e.name(), run.size())) {
                out.add(nodes.build(level, run));
                run = new ArrayList<>();
            }
        }
        if (!run.isEmpty() || out.isEmpty()) out.add(nodes.build(level, run));
        return out;
    }
}
