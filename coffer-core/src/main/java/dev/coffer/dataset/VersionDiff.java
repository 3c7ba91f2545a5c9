package dev.coffer.dataset;

import dev.coffer.db.Database;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The files added, removed and changed between two versions (committed or drafts), exactly.
 * It descends only where two folders differ: equal folder hashes are skipped whole, inside a
 * wide folder equal nodes are skipped, and a draft's unchanged folders are recognised by its
 * overlay. A rename shows as removed + added; a file whose content is the same is unchanged
 * (whatever its mtime). Changes come in path order (by UTF-8 bytes, folder by folder).
 */
public final class VersionDiff {
    public enum Kind {
        ADDED,
        REMOVED,
        CHANGED
    }

    /** One changed file; {@code oldSize} is null for an added file, {@code newSize} for a removed one. */
    public record Change(String path, Kind kind, Long oldSize, Long newSize) {}

    private final Database db;

    public VersionDiff(Database db) {
        this.db = db;
    }

    public List<Change> diff(Version from, Version to) {
        List<Change> out = new ArrayList<>();
        diff(from, to, out::add);
        return out;
    }

    /**
     * Streams the changes from {@code from} (null: an empty version, so every file is added) to
     * {@code to} to {@code out}, inside one read transaction.
     */
    public void diff(Version from, Version to, Consumer<Change> out) {
        db.read(h -> {
            View a = from == null
                    ? new View(new TreeNodes(h), null, TreeShape.EMPTY)
                    : VersionReader.view(h, VersionRows.load(h, from.id()));
            View b = VersionReader.view(h, VersionRows.load(h, to.id()));
            new Walk(a, b, out).folder("", a.rootItem(), b.rootItem());
            return null;
        });
    }

    private static final class Walk {
        private final View a;
        private final View b;
        private final TreeNodes nodes;
        private final Map<String, Set<String>> changedA;
        private final Map<String, Set<String>> changedB;
        private final Consumer<Change> out;

        Walk(View a, View b, Consumer<Change> out) {
            this.a = a;
            this.b = b;
            this.nodes = a.nodes();
            this.changedA = changedChildren(a);
            this.changedB = changedChildren(b);
            this.out = out;
        }

        /** Folder path → names of its child folders with changes below; every changed folder is a key. */
        private static Map<String, Set<String>> changedChildren(View v) {
            Map<String, Set<String>> map = new HashMap<>();
            if (v.overlay() == null) return map;
            for (String f : v.overlay().changedFolders()) {
                map.computeIfAbsent(f, k -> new HashSet<>());
                if (!f.isEmpty())
                    map.computeIfAbsent(Overlay.parentOf(f), k -> new HashSet<>())
                            .add(Overlay.nameOf(f));
            }
            return map;
        }

        void folder(String path, View.Item fa, View.Item fb) {
            boolean ca = changedA.containsKey(path);
            boolean cb = changedB.containsKey(path);
            boolean sameTree = fa.tree().equals(fb.tree());
            if (!ca && !cb && sameTree) return;
            Map<String, TreeEntry[]> delta = sameTree ? Map.of() : delta(fa.tree(), fb.tree());
            Map<String, Overlay.Row> rowsA = ca ? a.overlay().all(path) : Map.of();
            Map<String, Overlay.Row> rowsB = cb ? b.overlay().all(path) : Map.of();
            TreeSet<String> names = new TreeSet<>(Names.UTF8);
            names.addAll(delta.keySet());
            names.addAll(rowsA.keySet());
            names.addAll(rowsB.keySet());
            names.addAll(changedA.getOrDefault(path, Set.of()));
            names.addAll(changedB.getOrDefault(path, Set.of()));
            for (String name : names) {
                TreeEntry[] d = delta.get(name);
                View.Item ia = effective(rowsA.get(name), d == null ? null : d[0], d != null, fa, name);
                View.Item ib = effective(rowsB.get(name), d == null ? null : d[1], d != null, fb, name);
                compare(Overlay.join(path, name), ia, ib);
            }
        }

        private View.Item effective(
                Overlay.Row row, TreeEntry fromDelta, boolean inDelta, View.Item folder, String name) {
            if (row != null) return View.Item.of(row);
            if (inDelta) return View.Item.of(fromDelta);
            return View.Item.of(nodes.lookup(folder.tree(), name));
        }

        private void compare(String path, View.Item ia, View.Item ib) {
            if (ia == null && ib == null) return;
            if (ia == null) {
                emit(b, path, ib, Kind.ADDED);
            } else if (ib == null) {
                emit(a, path, ia, Kind.REMOVED);
            } else if (!ia.folder() && !ib.folder()) {
                if (!ia.sameFile(ib)) out.accept(new Change("/" + path, Kind.CHANGED, ia.size(), ib.size()));
            } else if (ia.folder() && ib.folder()) {
                folder(path, ia, ib);
            } else {
                emit(a, path, ia, Kind.REMOVED);
                emit(b, path, ib, Kind.ADDED);
            }
        }

        /** Every file at or below {@code path} of one side, as added or removed. */
        private void emit(View v, String path, View.Item item, Kind kind) {
            if (!item.folder()) {
                out.accept(
                        kind == Kind.ADDED
                                ? new Change("/" + path, kind, null, item.size())
                                : new Change("/" + path, kind, item.size(), null));
                return;
            }
            Iterator<View.Child> children = v.children(path, item, null, 1000);
            while (children.hasNext()) {
                View.Child c = children.next();
                emit(v, Overlay.join(path, c.name()), c.item(), kind);
            }
        }

        /**
         * The entries by which two folder trees differ: nodes both hold are set aside, level by
         * level, until only differing leaves remain; their entries are compared by name.
         */
        private Map<String, TreeEntry[]> delta(String rootA, String rootB) {
            Set<String> sa = new HashSet<>(Set.of(rootA));
            Set<String> sb = new HashSet<>(Set.of(rootB));
            while (true) {
                Set<String> common = new HashSet<>(sa);
                common.retainAll(sb);
                sa.removeAll(common);
                sb.removeAll(common);
                boolean expandedA = expand(sa);
                boolean expandedB = expand(sb);
                if (!expandedA && !expandedB) break;
            }
            Map<String, TreeEntry[]> delta = new HashMap<>();
            for (String hash : sa)
                for (TreeEntry e : nodes.node(hash).entries())
                    delta.computeIfAbsent(e.name(), k -> new TreeEntry[2])[0] = e;
            for (String hash : sb)
                for (TreeEntry e : nodes.node(hash).entries())
                    delta.computeIfAbsent(e.name(), k -> new TreeEntry[2])[1] = e;
            delta.values().removeIf(pair -> Objects.equals(pair[0], pair[1]));
            return delta;
        }

        /** Replaces the index nodes of {@code set} by their children; false when it holds only level-0 nodes. */
        private boolean expand(Set<String> set) {
            List<String> index =
                    set.stream().filter(hash -> nodes.node(hash).level() > 0).toList();
            for (String hash : index) {
                set.remove(hash);
                for (TreeEntry e : nodes.node(hash).entries()) set.add(e.child());
            }
            return !index.isEmpty();
        }
    }
}
