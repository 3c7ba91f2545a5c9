package dev.coffer.tree;

import dev.coffer.db.Database;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** Streams a volume folder's entries to a {@link TreeVisitor}, a page of rows at a time, never holding the whole tree. */
final class VolumeWalk {
    private VolumeWalk() {}

    /**
     * Visits {@code root} (a file: itself alone) or every entry below it (a folder) depth first,
     * parents before children, with its path relative to the folder.
     */
    static void walk(Database db, Entry root, TreeVisitor visitor) throws Exception {
        if (!root.directory()) {
            visitor.visit(root.toFileEntry(), List.of(root.name()));
            return;
        }
        walkFolder(db, root.id(), visitor);
    }

    /** One folder being walked: its path, the page of entries at hand and where the next page starts. */
    private static final class WalkFrame {
        final long folder;
        final List<String> path;
        List<Entry> page = List.of();
        int next;
        String after = "";
        boolean lastPage;

        WalkFrame(long folder, List<String> path) {
            this.folder = folder;
            this.path = path;
        }
    }

    /**
     * Visits everything below a folder depth first, in name order, a page of 1,000 entries at a
     * time, with an explicit stack: a tree thousands of levels deep must not exhaust the thread's.
     */
    private static void walkFolder(Database db, long rootId, TreeVisitor visitor) throws Exception {
        ArrayDeque<WalkFrame> stack = new ArrayDeque<>();
        stack.push(new WalkFrame(rootId, List.of()));
        while (!stack.isEmpty()) {
            WalkFrame f = stack.peek();
            if (f.next == f.page.size()) {
                if (f.lastPage) {
                    stack.pop();
                    continue;
                }
                f.page = db.withHandle(h -> h.createQuery("SELECT " + Entry.COLUMNS + Entry.FROM
                                + "WHERE e.parent_id = :p AND e.name > :after ORDER BY e.name LIMIT 1000")
                        .bind("p", f.folder)
                        .bind("after", f.after)
                        .map(Entry::map)
                        .list());
                f.next = 0;
                f.lastPage = f.page.size() < 1000;
                if (!f.page.isEmpty()) f.after = f.page.getLast().name();
                continue;
            }
            Entry e = f.page.get(f.next++);
            List<String> path = new ArrayList<>(f.path.size() + 1);
            path.addAll(f.path);
            path.add(e.name());
            visitor.visit(e.toFileEntry(), List.copyOf(path));
            if (e.directory()) stack.push(new WalkFrame(e.id(), List.copyOf(path)));
        }
    }
}
