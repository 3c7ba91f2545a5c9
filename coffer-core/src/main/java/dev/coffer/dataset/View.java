package dev.coffer.dataset;

import dev.coffer.tree.FileEntry;
import dev.coffer.tree.VolumePath;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * What a version looks like inside one transaction: a committed version is its tree; a draft is
 * its overlay rows laid over the tree it started from. Readers, writers and the diff all see a
 * version through this class, so drafts and committed versions read alike.
 */
final class View {
    /**
     * An effective file or folder. A folder's {@code tree} is the tree its listing starts from
     * (overlay rows below it change it further); a file names its content.
     */
    record Item(
            boolean folder,
            String tree,
            Long contentId,
            String digest,
            long size,
            long mtime,
            int mode,
            String target) {
        static Item of(TreeEntry e) {
            if (e == null) return null;
            if (e.isFolder()) return folder(e.child(), e.mtime());
            return new Item(false, null, e.contentId(), e.digest(), e.size(), e.mtime(), e.mode(), e.target());
        }

        static Item of(Overlay.Row r) {
            return switch (r.kind()) {
                case Overlay.FILE, Overlay.LINK ->
                    new Item(false, null, r.contentId(), r.digest(), r.size(), r.mtime(), r.mode(), r.target());
                case Overlay.TREE -> folder(r.tree(), r.mtime());
                default -> null;
            };
        }

        static Item folder(String tree, long mtime) {
            return new Item(true, tree, null, null, 0, mtime, 0, null);
        }

        /** A symbolic link: no content, its target as text. */
        boolean link() {
            return target != null;
        }

        FileEntry entry(String name) {
            if (folder) return FileEntry.folder(name, mtime);
            return link()
                    ? FileEntry.symlink(name, target, mtime)
                    : FileEntry.file(name, contentId, digest, size, mtime, mode);
        }

        /** The same file (content and mode) or the same link (target). */
        boolean sameFile(Item other) {
            if (folder || other.folder) return false;
            if (link() || other.link()) return link() && other.link() && target.equals(other.target);
            return contentId.equals(other.contentId) && mode == other.mode;
        }
    }

    /**
     * A located path: {@code item} is what it is now (null: nothing), {@code row} its own overlay
     * row (null: none), {@code below} what the tree under any row at that path holds (null:
     * nothing; also when a folder on the way does not exist).
     */
    record Located(String path, Item item, Overlay.Row row, Item below) {
        boolean exists() {
            return item != null;
        }
    }

    /** A child of a folder, in name order. */
    record Child(String name, Item item) {}

    private final TreeNodes nodes;
    private final Overlay overlay;
    private final String root;

    /** {@code overlay} is null for a committed version. */
    View(TreeNodes nodes, Overlay overlay, String root) {
        this.nodes = nodes;
        this.overlay = overlay;
        this.root = root;
    }

    TreeNodes nodes() {
        return nodes;
    }

    Overlay overlay() {
        return overlay;
    }

    Item rootItem() {
        return Item.folder(root, 0);
    }

    Located locate(VolumePath path) {
        return locate(path, null);
    }

    /**
     * As {@link #locate(VolumePath)}; {@code folders} (null: none) keeps the folders walked
     * through by earlier calls of one write, so many paths in the same folders walk from their
     * nearest known folder instead of from the root. Valid only while the write changes no
     * folder's tree (times and files may change).
     */
    Located locate(VolumePath path, Map<VolumePath, Item> folders) {
        Item current = rootItem();
        String parent = "";
        if (path.isRoot()) return new Located("", current, null, current);
        List<String> names = path.names();
        int start = 0;
        if (folders != null) {
            for (int known = names.size() - 1; known > 0; known--) {
                Item folder = folders.get(new VolumePath(names.subList(0, known)));
                if (folder != null) {
                    current = folder;
                    parent = String.join("/", names.subList(0, known));
                    start = known;
                    break;
                }
            }
        }
        for (int i = start; i < names.size(); i++) {
            String name = names.get(i);
            Item below = Item.of(nodes.lookup(current.tree(), name));
            Overlay.Row row = overlay == null ? null : overlay.get(parent, name);
            Item item = row != null ? Item.of(row) : below;
            String here = Overlay.join(parent, name);
            if (i == names.size() - 1) return new Located(here, item, row, below);
            if (item == null || !item.folder()) return new Located(Overlay.key(path), null, null, null);
            if (folders != null) folders.put(new VolumePath(names.subList(0, i + 1)), item);
            current = item;
            parent = here;
        }
        throw new IllegalStateException("unreachable");
    }

    /**
     * The children of folder {@code path} (whose effective item is {@code folder}) after
     * {@code after}; {@code expected} is how many the caller means to read (rows are read in
     * pages of about that size).
     */
    Iterator<Child> children(String path, Item folder, String after, int expected) {
        Iterator<TreeEntry> base = nodes.entries(folder.tree(), after);
        return overlay == null ? new TreeChildren(base) : new MergedChildren(base, overlay, path, after, expected);
    }

    private record TreeChildren(Iterator<TreeEntry> base) implements Iterator<Child> {
        public boolean hasNext() {
            return base.hasNext();
        }

        public Child next() {
            TreeEntry e = base.next();
            return new Child(e.name(), Item.of(e));
        }
    }

    /** Merges a folder's tree entries with its overlay rows (read a page at a time); rows win. */
    private static final class MergedChildren implements Iterator<Child> {
        private final int page;
        private final Iterator<TreeEntry> base;
        private final Overlay overlay;
        private final String folder;
        private List<Overlay.Row> rows;
        private int r;
        private boolean rowsDone;
        private TreeEntry pendingBase;
        private Child next;

        MergedChildren(Iterator<TreeEntry> base, Overlay overlay, String folder, String after, int expected) {
            this.page = Math.max(16, Math.min(expected + 1, 1000));
            this.base = base;
            this.overlay = overlay;
            this.folder = folder;
            this.rows = overlay.page(folder, after, page);
            this.rowsDone = rows.size() < page;
        }

        private Overlay.Row peekRow() {
            if (r >= rows.size()) {
                if (rowsDone || rows.isEmpty()) return null;
                rows = overlay.page(folder, rows.getLast().name(), page);
                rowsDone = rows.size() < page;
                r = 0;
                if (rows.isEmpty()) return null;
            }
            return rows.get(r);
        }

        private TreeEntry peekBase() {
            if (pendingBase == null && base.hasNext()) pendingBase = base.next();
            return pendingBase;
        }

        @Override
        public boolean hasNext() {
            while (next == null) {
                Overlay.Row row = peekRow();
                TreeEntry entry = peekBase();
                if (row == null && entry == null) return false;
                int c = row == null ? 1 : entry == null ? -1 : Names.compare(row.name(), entry.name());
                if (c <= 0) {
                    r++;
                    if (c == 0) pendingBase = null;
                    Item item = Item.of(row);
                    if (item != null) next = new Child(row.name(), item);
                } else {
                    pendingBase = null;
                    next = new Child(entry.name(), Item.of(entry));
                }
            }
            return true;
        }

        @Override
        public Child next() {
            if (!hasNext()) throw new NoSuchElementException();
            Child c = next;
            next = null;
            return c;
        }
    }
}
