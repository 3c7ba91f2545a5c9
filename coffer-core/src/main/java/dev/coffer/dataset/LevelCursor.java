package dev.coffer.dataset;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Walks the nodes of one level of a folder's tree in name order, loading only the path from the
 * root to the current node. {@link #seek} goes to the node whose name range holds a name (the
 * first node holds everything below its successor's first name).
 */
final class LevelCursor {
    private final TreeNodes nodes;
    private final Node root;
    private final int level;
    private final List<Node> path = new ArrayList<>();
    private final List<Integer> positions = new ArrayList<>();
    private Node current;

    LevelCursor(TreeNodes nodes, Node root, int level) {
        if (root.level() < level) throw new IllegalArgumentException("the tree has no level " + level);
        this.nodes = nodes;
        this.root = root;
        this.level = level;
    }

    /** Positions on the node holding {@code name}; null means the first node. */
    void seek(String name) {
        path.clear();
        positions.clear();
        Node n = root;
        while (n.level() > level) {
            int i = name == null ? 0 : n.floor(name);
            path.add(n);
            positions.add(i);
            n = nodes.node(n.entries().get(i).child());
        }
        current = n;
    }

    Node node() {
        return current;
    }

    /** The first name of the current node's range, as its parent records it. */
    String key() {
        if (path.isEmpty()) return current.firstName();
        return path.getLast().entries().get(positions.getLast()).name();
    }

    /** The first name of the next node, or null when this is the last node of the level. */
    String nextKey() {
        for (int d = path.size() - 1; d >= 0; d--) {
            int next = positions.get(d) + 1;
            if (next < path.get(d).entries().size())
                return path.get(d).entries().get(next).name();
        }
        return null;
    }

    /** Moves to the next node of the level; false at the end. */
    boolean advance() {
        int d = path.size() - 1;
        while (d >= 0 && positions.get(d) + 1 >= path.get(d).entries().size()) d--;
        if (d < 0) return false;
        positions.set(d, positions.get(d) + 1);
        while (path.size() > d + 1) {
            path.removeLast();
            positions.removeLast();
        }
        Node n = nodes.node(path.get(d).entries().get(positions.get(d)).child());
        while (n.level() > level) {
            path.add(n);
            positions.add(0);
            n = nodes.node(n.entries().getFirst().child());
        }
        current = n;
        return true;
    }

    /** The level-0 entries of the folder rooted at {@code root} whose names come after {@code after} (null: all). */
    static Iterator<TreeEntry> entries(TreeNodes nodes, Node root, String after) {
        LevelCursor cursor = new LevelCursor(nodes, root, 0);
        cursor.seek(after);
        return new Iterator<>() {
            int i = firstAfter(cursor.node(), after);
            boolean done = false;

            @Override
            public boolean hasNext() {
                while (!done && i >= cursor.node().entries().size()) {
                    if (!cursor.advance()) done = true;
                    else i = 0;
                }
                return !done;
            }

            @Override
            public TreeEntry next() {
                if (!hasNext()) throw new NoSuchElementException();
                return cursor.node().entries().get(i++);
            }
        };
    }

    private static int firstAfter(Node n, String after) {
        if (after == null) return 0;
        int i = 0;
        while (i < n.entries().size() && Names.compare(n.entries().get(i).name(), after) <= 0) i++;
        return i;
    }
}
