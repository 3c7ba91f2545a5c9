package dev.coffer.dataset;

import dev.coffer.db.InList;
import dev.coffer.error.CofferException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Reads version rows inside a caller's transaction; {@code root} is the tree a version reads from. */
record VersionRows(Version version, String root) {
    private static final String SELECT = """
            SELECT v.id, v.dataset_id, d.name, v.number, v.state, v.parent_number, v.root_tree, v.file_count, v.total_size,
                   v.new_bytes, v.message, v.created_by, v.created_at, v.committed_at
            FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id """;

    static VersionRows load(Handle h, long id) {
        return find(h, "WHERE v.id = :id", "id", id)
                .orElseThrow(() -> new CofferException.NotFound("no such dataset version"));
    }

    static Optional<VersionRows> byNumber(Handle h, DatasetId ds, long number) {
        List<VersionRows> found =
                query(h, "WHERE v.dataset_id = :d AND v.number = :n", Map.of("d", ds.value(), "n", number));
        return found.stream().findFirst();
    }

    static Optional<VersionRows> latest(Handle h, DatasetId ds) {
        List<VersionRows> found = query(
                h,
                "WHERE v.dataset_id = :d AND v.state = 'committed' ORDER BY v.commit_seq DESC LIMIT 1",
                Map.of("d", ds.value()));
        return found.stream().findFirst();
    }

    static List<Version> all(Handle h, DatasetId ds) {
        return query(h, "WHERE v.dataset_id = :d ORDER BY v.number", Map.of("d", ds.value())).stream()
                .map(VersionRows::version)
                .toList();
    }

    private static Optional<VersionRows> find(Handle h, String where, String name, Object value) {
        return query(h, where, Map.of(name, value)).stream().findFirst();
    }

    private static List<VersionRows> query(Handle h, String where, Map<String, Object> binds) {
        record Raw(
                long id,
                long dataset,
                String name,
                long number,
                String state,
                Long parent,
                String root,
                Long files,
                Long size,
                Long newBytes,
                String message,
                Long createdBy,
                long createdAt,
                Long committedAt) {}
        var q = h.createQuery(SELECT + " " + where);
        binds.forEach(q::bind);
        List<Raw> raws = q.map((rs, ctx) -> new Raw(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getString(3),
                        rs.getLong(4),
                        rs.getString(5),
                        longOrNull(rs, 6),
                        rs.getString(7),
                        longOrNull(rs, 8),
                        longOrNull(rs, 9),
                        longOrNull(rs, 10),
                        rs.getString(11),
                        longOrNull(rs, 12),
                        rs.getLong(13),
                        longOrNull(rs, 14)))
                .list();
        if (raws.isEmpty()) return List.of();
        Map<Long, List<String>> tags = new HashMap<>();
        List<Long> ids = raws.stream().map(Raw::id).toList();
        for (int i = 0; i < ids.size(); i += 500) {
            h.createQuery("SELECT version_id, name FROM dataset_tags WHERE version_id IN (<ids>) ORDER BY name")
                    .bindList("ids", InList.padded(ids.subList(i, Math.min(ids.size(), i + 500))))
                    .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)))
                    .forEach(e -> tags.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                            .add(e.getValue()));
        }
        List<VersionRows> out = new ArrayList<>(raws.size());
        for (Raw r : raws) {
            Version.State state = Version.State.of(r.state());
            boolean committed = state == Version.State.COMMITTED;
            Version v = new Version(
                    r.id(),
                    new DatasetId(r.dataset()),
                    r.name(),
                    r.number(),
                    state,
                    r.parent(),
                    committed ? r.root() : null,
                    r.files(),
                    r.size(),
                    r.newBytes(),
                    r.message(),
                    r.createdBy(),
                    r.createdAt(),
                    r.committedAt(),
                    tags.getOrDefault(r.id(), List.of()));
            out.add(new VersionRows(v, r.root()));
        }
        return out;
    }

    private static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    /**
     * Locks a draft for writing (on PostgreSQL the row lock orders writers of one draft) and
     * returns it; a committed version is refused with what to do instead.
     */
    static VersionRows lockDraft(Handle h, long id) {
        int locked = h.createUpdate("UPDATE dataset_versions SET state = state WHERE id = :id AND state = 'draft'")
                .bind("id", id)
                .execute();
        VersionRows row = load(h, id);
        if (locked == 0) throw committed(row.version());
        return row;
    }

    static CofferException.Conflict committed(Version v) {
        return new CofferException.Conflict(v.label() + " is committed and never changes; start a new version from it "
                + "(a draft with parent " + v.number() + "), change that and commit it");
    }
}
