package dev.coffer.dataset;

import dev.coffer.db.Database;
import dev.coffer.db.InList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;

/**
 * Checks dataset trees for {@code fsck}: every node's hash is recomputed from its entries, its
 * counts add up, its files' contents exist, and its reference count equals the versions, entries
 * and draft rows that point at it.
 */
public final class TreeCheck {
    private static final int PAGE = 500;

    private final Database db;

    public TreeCheck(Database db) {
        this.db = db;
    }

    /** Reports each problem to {@code problems}; returns the number of nodes checked. */
    public long run(Consumer<String> problems) {
        long checked = 0;
        String after = "";
        while (true) {
            final String from = after;
            List<String> page = db.withHandle(
                    h -> h.createQuery("SELECT hash FROM dataset_trees WHERE hash > :a ORDER BY hash LIMIT " + PAGE)
                            .bind("a", from)
                            .mapTo(String.class)
                            .list());
            if (page.isEmpty()) break;
            db.read(h -> {
                checkPage(h, page, problems);
                return null;
            });
            checked += page.size();
            if (page.size() < PAGE) break;
            after = page.getLast();
        }
        db.read(h -> {
            long dangling = h.createQuery("""
                            SELECT COUNT(*) FROM dataset_draft_changes o WHERE o.kind = 'f'
                            AND NOT EXISTS (SELECT 1 FROM contents c WHERE c.id = o.content_id)""").mapTo(Long.class).one();
            if (dangling > 0) problems.accept(dangling + " draft file(s) refer to missing content");
            return null;
        });
        return checked;
    }

    private static void checkPage(Handle h, List<String> hashes, Consumer<String> problems) {
        record Head(int level, long count, long files, long size, long refs, long used) {}
        Map<String, Head> heads = new HashMap<>();
        h.createQuery("""
                        SELECT t.hash, t.level, t.entry_count, t.file_count, t.total_size, t.refs,
                            (SELECT COUNT(*) FROM dataset_versions v WHERE v.root_tree = t.hash)
                            + (SELECT COUNT(*) FROM dataset_tree_entries e WHERE e.child_tree = t.hash)
                            + (SELECT COUNT(*) FROM dataset_draft_changes o WHERE o.tree_hash = t.hash)
                        FROM dataset_trees t WHERE t.hash IN (<hashes>)""")
                .bindList("hashes", InList.padded(hashes))
                .map((rs, ctx) -> Map.entry(
                        rs.getString(1),
                        new Head(
                                rs.getInt(2),
                                rs.getLong(3),
                                rs.getLong(4),
                                rs.getLong(5),
                                rs.getLong(6),
                                rs.getLong(7))))
                .forEach(e -> heads.put(e.getKey(), e.getValue()));
        Map<String, List<TreeEntry>> entries = new HashMap<>();
        h.createQuery("SELECT e.tree_hash, " + TreeEntry.COLUMNS + TreeEntry.FROM + "WHERE e.tree_hash IN (<hashes>)")
                .bindList("hashes", InList.padded(hashes))
                .map((rs, ctx) -> {
                    long content = rs.getLong(4);
                    Long contentId = rs.wasNull() ? null : content;
                    return Map.entry(
                            rs.getString(1),
                            new TreeEntry(
                                    rs.getString(2),
                                    rs.getString(3).charAt(0),
                                    contentId,
                                    rs.getString(5),
                                    rs.getString(6),
                                    rs.getLong(7),
                                    rs.getLong(8),
                                    rs.getLong(9),
                                    rs.getInt(10),
                                    rs.getString(11)));
                })
                .forEach(e -> entries.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                        .add(e.getValue()));
        for (String hash : hashes) {
            Head head = heads.get(hash);
            if (head == null) continue;
            List<TreeEntry> list = entries.getOrDefault(hash, new ArrayList<>());
            list.sort((a, b) -> Names.compare(a.name(), b.name()));
            if (list.stream().anyMatch(e -> e.isFile() && e.digest() == null)) {
                problems.accept("dataset tree node " + hash + " has a file whose content is missing");
                continue;
            }
            if (!TreeShape.hash(head.level(), list).equals(hash))
                problems.accept("dataset tree node " + hash + " does not match its hash");
            long files = list.stream().mapToLong(TreeEntry::files).sum();
            long size = list.stream().mapToLong(TreeEntry::size).sum();
            if (head.count() != list.size() || head.files() != files || head.size() != size) {
                problems.accept("dataset tree node " + hash + " records " + head.count() + " entries, " + head.files()
                        + " files, " + head.size() + " bytes but holds " + list.size() + ", " + files + ", " + size);
            }
            boolean permanent = hash.equals(TreeShape.EMPTY);
            if (!permanent && head.refs() != head.used()) {
                problems.accept("dataset tree node " + hash + " counts " + head.refs() + " references but "
                        + head.used() + " point at it");
            }
        }
    }
}
