package dev.coffer.dataset;

import dev.coffer.db.InList;
import dev.coffer.db.RowBatch;
import dev.coffer.tree.VolumePath;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * A draft's changes over the tree it started from: one row per changed path, keyed by (parent
 * folder, name) so that one folder's changes list in name order next to the folder's tree.
 *
 * <p>A row says what its path is now: a file ({@code f}), a folder whose contents start as tree
 * {@code tree} ({@code t}, the empty tree for a new folder; rows below it change it further), or
 * deleted ({@code x}, only where the tree below has something to hide). No row lies below a file
 * or a deleted path. A {@code t} row holds a reference on its tree.
 *
 * <p>Folder paths are written without leading slash ({@code ""} is the top, {@code "a/b"}); the
 * rows below folder F are those whose parent is F or lies in [F + "/", F + "0"), since '0' follows
 * '/' in byte order.
 */
final class Overlay {
    static final char FILE = 'f';
    static final char TREE = 't';
    static final char DELETED = 'x';
    static final char LINK = 'l';
    private static final int BATCH = 1000;

    record Row(
            String parent,
            String name,
            char kind,
            Long contentId,
            String digest,
            String tree,
            long size,
            long mtime,
            int mode,
            String target) {
        static Row file(String parent, String name, long contentId, String digest, long size, long mtime, int mode) {
            return new Row(parent, name, FILE, contentId, digest, null, size, mtime, mode, null);
        }

        static Row link(String parent, String name, String target, long mtime) {
            return new Row(parent, name, LINK, null, null, null, 0, mtime, 0, target);
        }

        static Row tree(String parent, String name, String tree, long mtime) {
            return new Row(parent, name, TREE, null, null, tree, 0, mtime, 0, null);
        }

        static Row deleted(String parent, String name) {
            return new Row(parent, name, DELETED, null, null, null, 0, 0, 0, null);
        }

        /** The row that puts {@code item} (a file or link, of any tree) at {@code parent}/{@code name}. */
        static Row of(String parent, String name, View.Item item) {
            return item.link()
                    ? link(parent, name, item.target(), item.mtime())
                    : file(parent, name, item.contentId(), item.digest(), item.size(), item.mtime(), item.mode());
        }

        String path() {
            return join(parent, name);
        }
    }

    private static final String COLUMNS =
            "o.parent, o.name, o.kind, o.content_id, c.digest, o.tree_hash, o.size, o.mtime, o.mode, o.target";
    private static final String FROM = " FROM dataset_draft_changes o LEFT JOIN contents c ON c.id = o.content_id ";
    private static final String UPSERT = """
            INSERT INTO dataset_draft_changes (version_id, parent, name, kind, content_id, tree_hash, size, mtime, mode, target)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (version_id, parent, name) DO UPDATE SET kind = excluded.kind, content_id = excluded.content_id,
                tree_hash = excluded.tree_hash, size = excluded.size, mtime = excluded.mtime, mode = excluded.mode,
                target = excluded.target""";

    private final Handle h;
    private final long version;
    private final TreeNodes nodes;

    Overlay(Handle h, long version, TreeNodes nodes) {
        this.h = h;
        this.version = version;
        this.nodes = nodes;
    }

    static String key(VolumePath path) {
        return String.join("/", path.names());
    }

    static String join(String parent, String name) {
        return parent.isEmpty() ? name : parent + "/" + name;
    }

    static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    static String nameOf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static Row map(ResultSet rs, StatementContext ctx) throws SQLException {
        long content = rs.getLong(4);
        Long contentId = rs.wasNull() ? null : content;
        return new Row(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3).charAt(0),
                contentId,
                rs.getString(5),
                rs.getString(6),
                rs.getLong(7),
                rs.getLong(8),
                rs.getInt(9),
                rs.getString(10));
    }

    Row get(String parent, String name) {
        return h.createQuery("SELECT " + COLUMNS + FROM + "WHERE o.version_id = :v AND o.parent = :p AND o.name = :n")
                .bind("v", version)
                .bind("p", parent)
                .bind("n", name)
                .map(Overlay::map)
                .findOne()
                .orElse(null);
    }

    /** Rows of folder {@code parent} after {@code after} (null: from the start), in name order. */
    List<Row> page(String parent, String after, int limit) {
        return h.createQuery("SELECT " + COLUMNS + FROM
                        + "WHERE o.version_id = :v AND o.parent = :p AND o.name > :a ORDER BY o.name LIMIT :n")
                .bind("v", version)
                .bind("p", parent)
                .bind("a", after == null ? "" : after)
                .bind("n", limit)
                .map(Overlay::map)
                .list();
    }

    /** Every row of folder {@code parent}, by name. */
    Map<String, Row> all(String parent) {
        Map<String, Row> rows = new LinkedHashMap<>();
        String after = null;
        while (true) {
            List<Row> page = page(parent, after, 10_000);
            for (Row r : page) rows.put(r.name(), r);
            if (page.size() < 10_000) return rows;
            after = page.getLast().name();
        }
    }

    /** The rows among {@code names} of folder {@code parent}. */
    Map<String, Row> among(String parent, Collection<String> names) {
        Map<String, Row> found = new HashMap<>();
        List<String> all = new ArrayList<>(new HashSet<>(names));
        for (int i = 0; i < all.size(); i += 500) {
            h.createQuery("SELECT " + COLUMNS + FROM
                            + "WHERE o.version_id = :v AND o.parent = :p AND o.name IN (<names>)")
                    .bind("v", version)
                    .bind("p", parent)
                    .bindList("names", InList.padded(all.subList(i, Math.min(all.size(), i + 500))))
                    .map(Overlay::map)
                    .forEach(r -> found.put(r.name(), r));
        }
        return found;
    }

    /** Writes {@code row} over {@code previous} (the row at that path, or null), moving tree references. */
    void put(Row row, Row previous) {
        if (row.kind() == TREE) nodes.acquire(row.tree(), 1);
        RowBatch.prepare(h, UPSERT).add(values(row)).execute();
        if (previous != null && previous.kind() == TREE) nodes.release(previous.tree(), 1);
        TeamLedger ledger = nodes.ledger();
        if (ledger != null) {
            if (row.kind() == FILE) ledger.addContent(row.contentId());
            if (previous != null && previous.kind() == FILE) ledger.removeContent(previous.contentId());
        }
    }

    /**
     * Writes many rows that replace only files or deletions and hold no tree but the empty one
     * (uploads, new folders, copies from a volume); no reference count moves.
     */
    void putAll(List<Row> rows) {
        List<Row> replaced = new ArrayList<>();
        if (nodes.ledger() != null) {
            Map<String, List<String>> byParent = new LinkedHashMap<>();
            for (Row r : rows)
                byParent.computeIfAbsent(r.parent(), k -> new ArrayList<>()).add(r.name());
            byParent.forEach(
                    (parent, names) -> replaced.addAll(among(parent, names).values()));
        }
        putAll(rows, replaced);
    }

    /** As {@link #putAll(List)}, when the caller has read the rows these replace ({@code replaced}). */
    void putAll(List<Row> rows, Collection<Row> replaced) {
        TeamLedger ledger = nodes.ledger();
        if (ledger != null) {
            for (Row r : rows) if (r.kind() == FILE) ledger.addContent(r.contentId());
            // Rows these replace give their files back.
            for (Row old : replaced) if (old.kind() == FILE) ledger.removeContent(old.contentId());
        }
        for (Row r : rows)
            if (r.kind() == TREE && !r.tree().equals(TreeShape.EMPTY))
                throw new IllegalArgumentException("putAll holds only the empty tree");
        upsert(rows);
    }

    /**
     * Writes folder rows that keep the tree their folder has (a change of time): {@code taken}
     * counts, per tree, the rows that hold it where no row held it before (the folder was the
     * base tree's); the others replace a row holding the same tree, so no reference moves.
     */
    void putFolders(List<Row> rows, Map<String, Long> taken) {
        for (Row r : rows) if (r.kind() != TREE) throw new IllegalArgumentException("putFolders holds only folders");
        if (!taken.isEmpty()) nodes.acquireAll(taken);
        upsert(rows);
    }

    private void upsert(List<Row> rows) {
        for (int i = 0; i < rows.size(); i += BATCH) {
            var batch = RowBatch.prepare(h, UPSERT);
            for (Row r : rows.subList(i, Math.min(rows.size(), i + BATCH))) batch.add(values(r));
            batch.execute();
        }
    }

    private Object[] values(Row r) {
        return new Object[] {
            version,
            r.parent(),
            r.name(),
            String.valueOf(r.kind()),
            r.contentId(),
            r.tree(),
            r.size(),
            r.mtime(),
            r.mode(),
            r.target()
        };
    }

    void remove(Row row) {
        h.createUpdate("DELETE FROM dataset_draft_changes WHERE version_id = :v AND parent = :p AND name = :n")
                .bind("v", version)
                .bind("p", row.parent())
                .bind("n", row.name())
                .execute();
        if (row.kind() == TREE) nodes.release(row.tree(), 1);
        if (row.kind() == FILE && nodes.ledger() != null) nodes.ledger().removeContent(row.contentId());
    }

    private static final String BELOW = "version_id = :v AND (parent = :f OR (parent >= :lo AND parent < :hi))";

    /** Removes every row below folder {@code folder} (not the folder's own row). */
    void removeBelow(String folder) {
        String where = folder.isEmpty() ? "version_id = :v" : BELOW;
        Map<String, Long> trees = new LinkedHashMap<>();
        h.createQuery("SELECT tree_hash, COUNT(*) FROM dataset_draft_changes WHERE " + where
                        + " AND kind = 't' GROUP BY tree_hash")
                .bind("v", version)
                .bind("f", folder)
                .bind("lo", folder + "/")
                .bind("hi", folder + "0")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(e -> trees.put(e.getKey(), e.getValue()));
        TeamLedger ledger = nodes.ledger();
        if (ledger != null) {
            Map<Long, Long> files = new LinkedHashMap<>();
            h.createQuery("SELECT content_id, COUNT(*) FROM dataset_draft_changes WHERE " + where
                            + " AND kind = 'f' GROUP BY content_id")
                    .bind("v", version)
                    .bind("f", folder)
                    .bind("lo", folder + "/")
                    .bind("hi", folder + "0")
                    .map((rs, ctx) -> files.put(rs.getLong(1), rs.getLong(2)))
                    .list();
            ledger.removeContents(files);
        }
        h.createUpdate("DELETE FROM dataset_draft_changes WHERE " + where)
                .bind("v", version)
                .bind("f", folder)
                .bind("lo", folder + "/")
                .bind("hi", folder + "0")
                .execute();
        nodes.releaseAll(trees);
    }

    /** Re-keys every row below folder {@code from} to lie below {@code to} (which has no rows below it). */
    void moveBelow(String from, String to) {
        h.createUpdate("UPDATE dataset_draft_changes SET parent = :to || substr(parent, :cut) WHERE " + BELOW)
                .bind("to", to)
                .bind("cut", from.codePointCount(0, from.length()) + 1)
                .bind("v", version)
                .bind("f", from)
                .bind("lo", from + "/")
                .bind("hi", from + "0")
                .execute();
    }

    /**
     * Copies every row below folder {@code from} to lie below {@code to} (which has no rows below
     * it), taking a reference on each tree and file the copies name.
     */
    void copyBelow(String from, String to) {
        Map<String, Long> trees = new LinkedHashMap<>();
        h.createQuery("SELECT tree_hash, COUNT(*) FROM dataset_draft_changes WHERE " + BELOW
                        + " AND kind = 't' GROUP BY tree_hash")
                .bind("v", version)
                .bind("f", from)
                .bind("lo", from + "/")
                .bind("hi", from + "0")
                .map((rs, ctx) -> trees.put(rs.getString(1), rs.getLong(2)))
                .list();
        nodes.acquireAll(trees);
        TeamLedger ledger = nodes.ledger();
        if (ledger != null) {
            h.createQuery("SELECT content_id FROM dataset_draft_changes WHERE " + BELOW + " AND kind = 'f'")
                    .bind("v", version)
                    .bind("f", from)
                    .bind("lo", from + "/")
                    .bind("hi", from + "0")
                    .mapTo(Long.class)
                    .list()
                    .forEach(ledger::addContent);
        }
        h.createUpdate("""
                        INSERT INTO dataset_draft_changes (version_id, parent, name, kind, content_id, tree_hash, size, mtime, mode, target)
                        SELECT version_id, :to || substr(parent, :cut), name, kind, content_id, tree_hash, size, mtime, mode, target
                        FROM dataset_draft_changes WHERE\s""" + BELOW)
                .bind("to", to)
                .bind("cut", from.codePointCount(0, from.length()) + 1)
                .bind("v", version)
                .bind("f", from)
                .bind("lo", from + "/")
                .bind("hi", from + "0")
                .execute();
    }

    /** The folders with changes at or below them: every parent of a row, with its ancestors. */
    Set<String> changedFolders() {
        Set<String> folders = new HashSet<>();
        h.createQuery("SELECT DISTINCT parent FROM dataset_draft_changes WHERE version_id = :v")
                .bind("v", version)
                .mapTo(String.class)
                .forEach(p -> {
                    String f = p;
                    while (folders.add(f) && !f.isEmpty()) f = parentOf(f);
                });
        return folders;
    }

    /** Drops every row, releasing their trees (commit and discard). */
    void clear() {
        removeBelow("");
    }
}
