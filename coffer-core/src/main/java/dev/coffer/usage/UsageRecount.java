package dev.coffer.usage;

import dev.coffer.db.Database;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Counts a team's usage from scratch, from its files themselves, and compares it with the usage
 * kept up to date change by change. A team's references are its volumes' files, the files of
 * every distinct folder node its dataset versions and drafts hold (a node shared by several
 * versions counts once), and its drafts' uploaded files. They must agree exactly; {@link #repair} makes the kept
 * figures equal to the recount (after a bug, or an old database), in one transaction.
 */
public final class UsageRecount {
    /** Every content reference of a team, one row per file (and dataset entry). */
    static final String REFERENCES = """
            SELECT e.content_id AS content_id FROM entries e JOIN volumes v ON v.id = e.volume_id
            WHERE v.team_id = :t AND e.content_id IS NOT NULL
            UNION ALL
            SELECT te.content_id FROM dataset_tree_entries te WHERE te.content_id IS NOT NULL AND te.tree_hash IN (
                WITH RECURSIVE held(hash) AS (
                    SELECT dv.root_tree FROM dataset_versions dv JOIN datasets d ON d.id = dv.dataset_id WHERE d.team_id = :t
                    UNION
                    SELECT o.tree_hash FROM dataset_draft_changes o JOIN dataset_versions dv ON dv.id = o.version_id
                        JOIN datasets d ON d.id = dv.dataset_id WHERE d.team_id = :t AND o.kind = 't'
                    UNION
                    SELECT x.child_tree FROM dataset_tree_entries x JOIN held ON x.tree_hash = held.hash WHERE x.child_tree IS NOT NULL)
                SELECT hash FROM held)
            UNION ALL
            SELECT o.content_id FROM dataset_draft_changes o JOIN dataset_versions dv ON dv.id = o.version_id
                JOIN datasets d ON d.id = dv.dataset_id WHERE d.team_id = :t AND o.kind = 'f'""";

    private final Database db;
    private final TeamUsage usage;

    public UsageRecount(Database db, TeamUsage usage) {
        this.db = db;
        this.usage = usage;
    }

    /** A team's kept usage next to its recount; {@code mismatches} names the rows that differ. */
    public record Report(long teamId, String team, long kept, long counted, List<String> mismatches) {
        public boolean agrees() {
            return kept == counted && mismatches.isEmpty();
        }
    }

    public List<Report> all() {
        List<long[]> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        db.withHandle(h -> h.createQuery("SELECT id, name FROM teams ORDER BY id")
                .map((rs, ctx) -> {
                    ids.add(new long[] {rs.getLong(1)});
                    return names.add(rs.getString(2));
                })
                .list());
        List<Report> reports = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            long id = ids.get(i)[0];
            String name = names.get(i);
            reports.add(db.read(h -> report(h, id, name)));
        }
        return reports;
    }

    public Report team(long teamId) {
        return db.read(h -> report(
                h,
                teamId,
                h.createQuery("SELECT name FROM teams WHERE id = :t")
                        .bind("t", teamId)
                        .mapTo(String.class)
                        .one()));
    }

    private static Report report(Handle h, long teamId, String name) {
        long kept = TeamUsage.bytes(h, teamId);
        long counted = h.createQuery("""
                        SELECT COALESCE(SUM(c.size), 0) FROM chunks c WHERE c.hash IN (
                            SELECT cc.chunk_hash FROM content_chunks cc WHERE cc.content_id IN (""" + REFERENCES + "))")
                .bind("t", teamId)
                .mapTo(Long.class)
                .one();
        Map<Long, Long> want = new HashMap<>();
        h.createQuery("SELECT r.content_id, COUNT(*) FROM (" + REFERENCES + ") r GROUP BY r.content_id")
                .bind("t", teamId)
                .map((rs, ctx) -> want.put(rs.getLong(1), rs.getLong(2)))
                .list();
        Map<Long, Long> have = new HashMap<>();
        h.createQuery("SELECT content_id, refs FROM team_contents WHERE team_id = :t")
                .bind("t", teamId)
                .map((rs, ctx) -> have.put(rs.getLong(1), rs.getLong(2)))
                .list();
        List<String> mismatches = new ArrayList<>();
        for (var e : want.entrySet()) {
            Long kept1 = have.get(e.getKey());
            if (!e.getValue().equals(kept1))
                mismatches.add("content " + e.getKey() + ": " + e.getValue() + " references, kept " + kept1);
        }
        for (var e : have.entrySet()) {
            if (!want.containsKey(e.getKey()))
                mismatches.add("content " + e.getKey() + ": no references, kept " + e.getValue());
        }
        return new Report(teamId, name, kept, counted, List.copyOf(mismatches));
    }

    /** Rebuilds a team's kept figures from its files, in one transaction; returns the new usage. */
    public long repair(long teamId) {
        return db.write(h -> {
            usage.lock(h, teamId);
            h.createUpdate("DELETE FROM team_contents WHERE team_id = :t")
                    .bind("t", teamId)
                    .execute();
            h.createUpdate("UPDATE team_usage SET bytes = 0 WHERE team_id = :t")
                    .bind("t", teamId)
                    .execute();
            UsageDelta all = new UsageDelta(teamId);
            h.createQuery("SELECT r.content_id, COUNT(*) FROM (" + REFERENCES + ") r GROUP BY r.content_id")
                    .bind("t", teamId)
                    .map((rs, ctx) -> all.add(rs.getLong(1), rs.getLong(2)))
                    .list();
            return usage.apply(h, all);
        });
    }
}
