package dev.coffer.dataset;

import dev.coffer.db.Database;
import dev.coffer.db.InList;
import dev.coffer.usage.TeamUsage;
import dev.coffer.usage.UsageDelta;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;

/**
 * A team's share of dataset references, kept inside each change (see dev.coffer.usage): how many
 * of the team's versions, draft rows and folder nodes point at each folder node
 * ({@code team_tree_refs}), so a node's files count for the team once, however many of its
 * versions share it. When a node enters the team (first reference) its entries are counted and
 * its sub-nodes entered in turn; when it leaves, the same in reverse. Unchanged folders shared
 * with earlier versions stop the walk at once, so a new version costs what it changed.
 *
 * <p>Public datasets belong to no team: they have no ledger.
 */
final class TeamLedger {
    private final Handle h;
    private final TeamUsage usage;
    final UsageDelta delta;

    private TeamLedger(Handle h, TeamUsage usage, long teamId) {
        this.h = h;
        this.usage = usage;
        this.delta = new UsageDelta(teamId);
    }

    /** The write in progress on this thread: its usage keeper and, once a team is known, its ledger. */
    private static final class Context {
        final Handle h;
        final TeamUsage usage;
        TeamLedger ledger;

        Context(Handle h, TeamUsage usage) {
            this.h = h;
            this.usage = usage;
        }
    }

    private static final ThreadLocal<Context> CURRENT = new ThreadLocal<>();

    /**
     * Runs a dataset write in one transaction, with usage kept: the parts of the write that touch
     * references ask for {@link #of}, and what they gathered is applied at the end, in the same
     * transaction. Without {@code usage} (tools and tests of the engine alone) nothing is counted.
     */
    static <T> T write(Database db, TeamUsage usage, HandleCallback<T, RuntimeException> work) {
        return db.write(h -> {
            Context outer = CURRENT.get();
            CURRENT.set(usage == null ? null : new Context(h, usage));
            try {
                T out = work.withHandle(h);
                Context c = CURRENT.get();
                if (c != null && c.ledger != null) c.ledger.finish();
                return out;
            } finally {
                if (outer == null) CURRENT.remove();
                else CURRENT.set(outer);
            }
        });
    }

    /**
     * The ledger of team {@code teamId} for the write in progress (locking the team's usage on
     * first use); null for a public dataset or outside {@link #write}.
     */
    static TeamLedger of(Handle h, Long teamId) {
        Context c = CURRENT.get();
        if (teamId == null || c == null || c.h != h) return null;
        if (c.ledger == null) {
            c.usage.lock(h, teamId);
            c.ledger = new TeamLedger(h, c.usage, teamId);
        }
        if (c.ledger.delta.teamId() != teamId) throw new IllegalStateException("one dataset write touches one team");
        return c.ledger;
    }

    /** Applies the current write's ledger now (for a dry run that reads the result before rolling back). */
    static void applyNow() {
        Context c = CURRENT.get();
        if (c != null && c.ledger != null) {
            c.ledger.finish();
            c.ledger = new TeamLedger(c.h, c.usage, c.ledger.delta.teamId());
        }
    }

    static TeamLedger ofVersion(Handle h, long versionId) {
        return of(h, teamOfVersion(h, versionId));
    }

    /** The team of the dataset that version {@code versionId} belongs to (null: public). */
    static Long teamOfVersion(Handle h, long versionId) {
        return h.createQuery(
                        "SELECT d.team_id FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id WHERE v.id = :v")
                .bind("v", versionId)
                .map((rs, ctx) -> {
                    long t = rs.getLong(1);
                    return rs.wasNull() ? null : t;
                })
                .findOne()
                .orElse(null);
    }

    /** Applies what the transaction changed to the team's usage (last step of every dataset write). */
    void finish() {
        usage.apply(h, delta);
    }

    void addContent(Long contentId) {
        delta.add(contentId);
    }

    void removeContent(Long contentId) {
        delta.remove(contentId);
    }

    void removeContents(Map<Long, Long> counts) {
        counts.forEach((id, n) -> delta.add(id, -n));
    }

    /** References added to nodes (they exist, with their entries). */
    void addTrees(Map<String, Long> counts) {
        walk(counts, 1);
    }

    /** References dropped from nodes; call before the nodes' own rows may be deleted. */
    void removeTrees(Map<String, Long> counts) {
        walk(counts, -1);
    }

    /** Entries of nodes that entered or left, grouped: a content or a sub-node, and how many entries name it. */
    private record Counted(Long content, String child, long count) {}

    /** Nodes per statement of the walk: well under either database's limit on bound values. */
    private static final int SLICE = 500;

    /**
     * Adds {@code sign} × each count to the team's references of those nodes; a node whose count
     * goes from 0 (or to 0) enters (leaves) the team with its files, and its sub-nodes are walked
     * in turn. Level by level, in slices: one statement reads the counts of up to {@link #SLICE}
     * nodes, one batch writes them, one statement reads the entries of those that entered or left
     * (a commit of 100 changes over 100 folders touches ~3,000 nodes: two statements each, one at
     * a time, cost most of its time). All counts of one walk have one sign, so a node met twice
     * (shared by two folders) enters or leaves once, as it would one at a time.
     */
    private void walk(Map<String, Long> counts, int sign) {
        long team = delta.teamId();
        Map<String, Long> level = new HashMap<>();
        counts.forEach((k, v) -> {
            if (!k.equals(TreeShape.EMPTY) && v != 0) level.merge(k, v, Long::sum);
        });
        while (!level.isEmpty()) {
            Map<String, Long> next = new HashMap<>();
            List<String> hashes = new ArrayList<>(level.keySet());
            for (int i = 0; i < hashes.size(); i += SLICE) {
                List<String> slice = hashes.subList(i, Math.min(hashes.size(), i + SLICE));
                Map<String, Long> before = new HashMap<>();
                h.createQuery("SELECT tree_hash, refs FROM team_tree_refs WHERE team_id = :t AND tree_hash IN (<h>)")
                        .bind("t", team)
                        .bindList("h", InList.padded(slice))
                        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                        .forEach(e -> before.put(e.getKey(), e.getValue()));
                var inserts =
                        h.prepareBatch("INSERT INTO team_tree_refs (team_id, tree_hash, refs) VALUES (:t, :h, :r)");
                var updates =
                        h.prepareBatch("UPDATE team_tree_refs SET refs = :r WHERE team_id = :t AND tree_hash = :h");
                var deletes = h.prepareBatch("DELETE FROM team_tree_refs WHERE team_id = :t AND tree_hash = :h");
                List<String> crossed = new ArrayList<>();
                for (String hash : slice) {
                    long was = before.getOrDefault(hash, 0L);
                    long after = was + sign * level.get(hash);
                    if (after < 0)
                        throw new IllegalStateException(
                                "team " + team + " would hold node " + hash + " " + after + " times");
                    if (was == 0)
                        inserts.bind("t", team).bind("h", hash).bind("r", after).add();
                    else if (after == 0) deletes.bind("t", team).bind("h", hash).add();
                    else
                        updates.bind("r", after).bind("t", team).bind("h", hash).add();
                    if (was == 0 || after == 0) crossed.add(hash);
                }
                if (inserts.size() > 0) inserts.execute();
                if (updates.size() > 0) updates.execute();
                if (deletes.size() > 0) deletes.execute();
                if (crossed.isEmpty()) continue;
                // The nodes that entered (or left) the team: so do their files and sub-nodes, once each.
                h.createQuery("""
                                SELECT content_id, child_tree, COUNT(*) FROM dataset_tree_entries WHERE tree_hash IN (<h>)
                                GROUP BY content_id, child_tree""")
                        .bindList("h", InList.padded(crossed))
                        .map((rs, ctx) -> {
                            long c = rs.getLong(1);
                            return new Counted(rs.wasNull() ? null : c, rs.getString(2), rs.getLong(3));
                        })
                        .forEach(e -> {
                            if (e.content() != null) delta.add(e.content(), sign * e.count());
                            if (e.child() != null && !e.child().equals(TreeShape.EMPTY))
                                next.merge(e.child(), e.count(), Long::sum);
                        });
            }
            level.clear();
            level.putAll(next);
        }
    }
}
