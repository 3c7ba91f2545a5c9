package dev.coffer.tree;

import dev.coffer.error.CofferException;
import dev.coffer.volume.Volume;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The row-level statements of {@link VolumeTree}, each run inside the caller's transaction: finding
 * entries by path, inserting and upserting rows, copying a folder's rows. Kept apart so the tree's
 * own methods read as the steps of each change.
 */
final class EntryRows {
    private EntryRows() {}

    static final String UPSERT_FILE = """
            INSERT INTO entries (volume_id, parent_id, name, kind, content_id, size, mtime, mode)
            VALUES (?, ?, ?, 'f', ?, ?, ?, ?)
            ON CONFLICT (parent_id, name) DO UPDATE SET kind = 'f', content_id = excluded.content_id,
                size = excluded.size, mtime = excluded.mtime, mode = excluded.mode, target = NULL
            WHERE entries.kind <> 'd'""";

    /** One statement, so two writers racing on one path both succeed and the last one wins. */
    static long upsertFile(
            Handle h, Volume v, Entry parent, VolumePath path, long contentId, long size, long mtime, int mode) {
        return upsert(h, v, parent, path, 'f', contentId, size, mtime, mode, null);
    }

    /** Writes a file or link over whatever file or link is there (never over a folder), in one statement. */
    static long upsert(
            Handle h,
            Volume v,
            Entry parent,
            VolumePath path,
            char kind,
            Long contentId,
            long size,
            long mtime,
            int mode,
            String target) {
        Long id = h.createQuery("""
                        INSERT INTO entries (volume_id, parent_id, name, kind, content_id, size, mtime, mode, target)
                        VALUES (:v, :p, :n, :k, :c, :s, :m, :mode, :t)
                        ON CONFLICT (parent_id, name) DO UPDATE SET kind = excluded.kind, content_id = excluded.content_id,
                            size = excluded.size, mtime = excluded.mtime, mode = excluded.mode, target = excluded.target
                        WHERE entries.kind <> 'd'
                        RETURNING id""")
                .bind("v", v.id())
                .bind("p", parent.id())
                .bind("n", path.name())
                .bind("k", String.valueOf(kind))
                .bind("c", contentId)
                .bind("s", size)
                .bind("m", mtime)
                .bind("mode", mode)
                .bind("t", target)
                .mapTo(Long.class)
                .findOne()
                .orElse(null);
        if (id == null) throw new CofferException.Conflict(path + " is a folder");
        return id;
    }

    /** Copies a folder's contents level by level (no recursion: a tree may be thousands of levels deep). */
    static void copyChildren(Handle h, long volumeId, long fromFolder, long toFolder) {
        ArrayDeque<long[]> todo = new ArrayDeque<>();
        todo.add(new long[] {fromFolder, toFolder});
        while (!todo.isEmpty()) {
            long[] pair = todo.poll();
            h.createUpdate("""
                            INSERT INTO entries (volume_id, parent_id, name, kind, content_id, size, mtime, mode, target)
                            SELECT :v, :to, name, kind, content_id, size, mtime, mode, target FROM entries WHERE parent_id = :from""")
                    .bind("v", volumeId)
                    .bind("to", pair[1])
                    .bind("from", pair[0])
                    .execute();
            h.createQuery("""
                            SELECT o.id, n.id FROM entries o JOIN entries n ON n.parent_id = :to AND n.name = o.name
                            WHERE o.parent_id = :from AND o.kind = 'd'""")
                    .bind("to", pair[1])
                    .bind("from", pair[0])
                    .map((rs, ctx) -> todo.add(new long[] {rs.getLong(1), rs.getLong(2)}))
                    .list();
        }
    }

    /** The bytes a relative path adds below its destination: a slash and the name, per level. */
    static long relativeBytes(List<String> rel) {
        long bytes = 0;
        for (String name : rel) bytes += 1 + name.getBytes(StandardCharsets.UTF_8).length;
        return bytes;
    }

    static void checkWritable(Volume v, VolumePath path) {
        if (!path.isRoot() && v.reserves(path.names().getFirst())) {
            throw new CofferException.Invalid(
                    "'" + path.names().getFirst()
                            + "' is reserved at the top of a notebook's /notebooks (Jupyter keeps its checkpoints there); choose another name");
        }
    }

    static Optional<Entry> resolve(Handle h, Volume v, VolumePath path) {
        Entry current = root(h, v);
        for (String name : path.names()) {
            if (!current.directory()) return Optional.empty();
            Optional<Entry> next = child(h, current.id(), name);
            if (next.isEmpty()) return Optional.empty();
            current = next.get();
        }
        return Optional.of(current);
    }

    static Entry root(Handle h, Volume v) {
        return h.createQuery("SELECT " + Entry.COLUMNS + Entry.FROM + "WHERE e.volume_id = :v AND e.parent_id IS NULL")
                .bind("v", v.id())
                .map(Entry::map)
                .findOne()
                .orElseThrow(() -> new IllegalStateException("volume " + v.id() + " has no root folder"));
    }

    static Optional<Entry> child(Handle h, long parentId, String name) {
        return h.createQuery("SELECT " + Entry.COLUMNS + Entry.FROM + "WHERE e.parent_id = :p AND e.name = :n")
                .bind("p", parentId)
                .bind("n", name)
                .map(Entry::map)
                .findOne();
    }

    static Entry byId(Handle h, long id) {
        return h.createQuery("SELECT " + Entry.COLUMNS + Entry.FROM + "WHERE e.id = :id")
                .bind("id", id)
                .map(Entry::map)
                .one();
    }

    static Entry folderAt(Handle h, Volume v, VolumePath path) {
        Entry e = resolve(h, v, path)
                .orElseThrow(() -> new CofferException.NotFound("folder " + path + " does not exist"));
        if (!e.directory()) throw new CofferException.Conflict(path + " is a file, not a folder");
        return e;
    }

    /** Inserts a copy of {@code like} (its kind, content, size, time, mode and target) named {@code name}. */
    static Entry insert(Handle h, Volume v, Entry parent, String name, FileEntry like) {
        return byId(h, insertRow(h, v.id(), parent.id(), name, like));
    }

    static long insertRow(Handle h, long volumeId, long parentId, String name, FileEntry like) {
        return h.createQuery("""
                        INSERT INTO entries (volume_id, parent_id, name, kind, content_id, size, mtime, mode, target)
                        VALUES (:v, :p, :n, :k, :c, :s, :m, :mode, :t) RETURNING id""")
                .bind("v", volumeId)
                .bind("p", parentId)
                .bind("n", name)
                .bind("k", String.valueOf(like.kind().code))
                .bind("c", like.contentId())
                .bind("s", like.size())
                .bind("m", like.mtime())
                .bind("mode", like.mode())
                .bind("t", like.target())
                .mapTo(Long.class)
                .one();
    }

    static CofferException.NotFound notFound(VolumePath path) {
        return new CofferException.NotFound(path + " does not exist");
    }
}
