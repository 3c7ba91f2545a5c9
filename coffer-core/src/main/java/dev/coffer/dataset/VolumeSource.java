package dev.coffer.dataset;

import dev.coffer.error.CofferException;
import dev.coffer.tree.VolumePath;
import dev.coffer.volume.Volume;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** Reads the files of a mutable volume ({@code entries}) inside a draft's transaction, to copy them. */
final class VolumeSource {
    private static final int PAGE = 1000;

    record Item(long id, String name, boolean folder, Long contentId, long size, long mtime, int mode, String target) {
        /** The draft row that copies this file or link to {@code parent}/{@code name}. */
        Overlay.Row row(String parent, String name) {
            return target != null
                    ? Overlay.Row.link(parent, name, target, mtime)
                    : Overlay.Row.file(parent, name, contentId, null, size, mtime, mode);
        }
    }

    private VolumeSource() {}

    private static final String COLUMNS = "id, name, kind, content_id, size, mtime, mode, target";

    private static Item map(ResultSet rs, StatementContext ctx) throws SQLException {
        long content = rs.getLong(4);
        Long contentId = rs.wasNull() ? null : content;
        return new Item(
                rs.getLong(1),
                rs.getString(2),
                "d".equals(rs.getString(3)),
                contentId,
                rs.getLong(5),
                rs.getLong(6),
                rs.getInt(7),
                rs.getString(8));
    }

    static Item locate(Handle h, Volume v, VolumePath path) {
        Item current = h.createQuery("SELECT " + COLUMNS + " FROM entries WHERE volume_id = :v AND parent_id IS NULL")
                .bind("v", v.id())
                .map(VolumeSource::map)
                .findOne()
                .orElseThrow(() -> new CofferException.NotFound("the volume has no files"));
        for (String name : path.names()) {
            if (!current.folder()) throw new CofferException.NotFound(path + " does not exist in the volume");
            final long parent = current.id();
            current = h.createQuery("SELECT " + COLUMNS + " FROM entries WHERE parent_id = :p AND name = :n")
                    .bind("p", parent)
                    .bind("n", name)
                    .map(VolumeSource::map)
                    .findOne()
                    .orElseThrow(() -> new CofferException.NotFound(path + " does not exist in the volume"));
        }
        return current;
    }

    /**
     * Emits the overlay rows that copy everything below volume folder {@code folder} to draft
     * folder {@code target}: a row per file (sharing its content) and per folder (a new empty
     * folder), a folder page at a time.
     */
    static void copyBelow(Handle h, Item folder, String target, String emptyTree, Consumer<Overlay.Row> out) {
        record Todo(Item folder, String target) {}
        // A queue, not recursion: a tree thousands of levels deep must not exhaust the thread's stack.
        ArrayDeque<Todo> todo = new ArrayDeque<>();
        todo.add(new Todo(folder, target));
        while (!todo.isEmpty()) {
            Todo t = todo.poll();
            String after = "";
            while (true) {
                List<Item> page = h.createQuery("SELECT " + COLUMNS
                                + " FROM entries WHERE parent_id = :p AND name > :a ORDER BY name LIMIT " + PAGE)
                        .bind("p", t.folder().id())
                        .bind("a", after)
                        .map(VolumeSource::map)
                        .list();
                for (Item e : page) {
                    if (e.folder()) {
                        out.accept(Overlay.Row.tree(t.target(), e.name(), emptyTree, e.mtime()));
                        todo.add(new Todo(e, Overlay.join(t.target(), e.name())));
                    } else {
                        out.accept(e.row(t.target(), e.name()));
                    }
                }
                if (page.size() < PAGE) break;
                after = page.getLast().name();
            }
        }
    }
}
