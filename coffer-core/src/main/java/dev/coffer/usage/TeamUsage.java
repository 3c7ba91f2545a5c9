package dev.coffer.usage;

import dev.coffer.db.Database;
import dev.coffer.db.Dialect;
import dev.coffer.db.InList;
import dev.coffer.db.RowBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;

/**
 * Keeps each team's usage exact at every instant: every change that adds or removes file
 * references calls {@link #lock} first and {@link #apply} last, in its own transaction, so the
 * usage moves with the change or not at all.
 *
 * <p>Why a lock: the team's usage row is locked before anything else of the change, so the
 * team's writers take turns on PostgreSQL as they do on SQLite (one writer). Reading the
 * current reference counts and writing the new ones is then safe, rows are always locked in the
 * same order (no deadlocks), and a quota check at the end sees every earlier writer's bytes.
 */
public final class TeamUsage {
    private static final int BATCH = 500;
    private final Database db;
    private final List<UsageListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * Told of every change of a team's usage inside the changing transaction (metering, quotas);
     * throwing rolls the whole change back.
     */
    @FunctionalInterface
    public interface UsageListener {
        void changed(Handle h, long teamId, long before, long after, long at);
    }

    public TeamUsage(Database db) {
        this.db = db;
    }

    private volatile boolean enabled = true;

    /**
     * Turns usage keeping off (setting {@code metering: false}, for benchmarks that measure its
     * cost): nothing is counted, metered or limited. A later {@code coffer admin usage --repair}
     * rebuilds the figures.
     */
    public void setEnabled(boolean on) {
        this.enabled = on;
    }

    public void onChange(UsageListener l) {
        listeners.add(l);
    }

    /** Locks the team's usage row (creating it at 0) for the rest of the transaction. */
    public void lock(Handle h, long teamId) {
        if (!enabled) return;
        h.createUpdate(
                        "INSERT INTO team_usage (team_id, bytes, updated_at) VALUES (:t, 0, :now) ON CONFLICT (team_id) DO NOTHING")
                .bind("t", teamId)
                .bind("now", db.now())
                .execute();
        if (db.dialect() == Dialect.POSTGRESQL) {
            h.createQuery("SELECT bytes FROM team_usage WHERE team_id = :t FOR UPDATE")
                    .bind("t", teamId)
                    .mapTo(Long.class)
                    .one();
        }
    }

    /** The team's usage now, in bytes. */
    public long bytes(long teamId) {
        return db.withHandle(h -> bytes(h, teamId));
    }

    public static long bytes(Handle h, long teamId) {
        return h.createQuery("SELECT bytes FROM team_usage WHERE team_id = :t")
                .bind("t", teamId)
                .mapTo(Long.class)
                .findOne()
                .orElse(0L);
    }

    /**
     * Applies {@code delta} (after {@link #lock}); returns the team's usage afterwards.
     *
     * <p>The team keeps one row per content it holds ({@code team_contents}: how many of its
     * files and dataset entries use it). A chunk is the team's while any content it holds has
     * it, so no per-chunk count is kept: when contents enter, the chunks no held content has yet
     * add their size (asked before the new rows go in); when contents leave, the chunks no
     * remaining content has take theirs away (asked after the rows went). Cost: one read per
     * distinct content of the change, a few set-based statements per 500 contents entering or
     * leaving (index reads, plus the rows themselves), one write per content whose count moves.
     */
    public long apply(Handle h, UsageDelta delta) {
        long team = delta.teamId();
        if (!enabled || delta.isEmpty()) return bytes(h, team);
        Map<Long, Long> changes = delta.contents();
        Map<Long, Long> current = currentContentRefs(h, team, List.copyOf(changes.keySet()));
        Map<Long, List<Long>> enteredByRefs = new TreeMap<>();
        List<Long> left = new ArrayList<>();
        var update = RowBatch.prepare(h, "UPDATE team_contents SET refs = ? WHERE team_id = ? AND content_id = ?");
        for (var e : changes.entrySet()) {
            long before = current.getOrDefault(e.getKey(), 0L);
            long after = before + e.getValue();
            if (after < 0)
                throw new IllegalStateException(
                        "team " + team + " would hold content " + e.getKey() + " " + after + " times");
            if (before == 0) {
                enteredByRefs.computeIfAbsent(after, k -> new ArrayList<>()).add(e.getKey());
            } else if (after == 0) {
                left.add(e.getKey());
            } else {
                update.add(after, team, e.getKey());
            }
        }
        if (update.size() > 0) update.execute();
        // Entering first, then leaving: a chunk that an entering content shares with a leaving
        // one is held throughout, so its bytes neither come nor go.
        long[] change = {0};
        enteredByRefs.forEach((refs, ids) -> forSlices(ids, slice -> {
            change[0] += bytesNotHeld(h, team, slice);
            h.createUpdate(
                            "INSERT INTO team_contents (team_id, content_id, refs) SELECT :t, id, :r FROM contents WHERE id IN (<ids>)")
                    .bind("t", team)
                    .bind("r", refs)
                    .bindList("ids", InList.padded(slice))
                    .execute();
        }));
        forSlices(left, slice -> {
            h.createUpdate("DELETE FROM team_contents WHERE team_id = :t AND content_id IN (<ids>)")
                    .bind("t", team)
                    .bindList("ids", InList.padded(slice))
                    .execute();
            change[0] -= bytesNotHeld(h, team, slice);
        });
        long now = db.now();
        long bytes = h.createQuery(
                        "UPDATE team_usage SET bytes = bytes + :d, updated_at = :now WHERE team_id = :t RETURNING bytes")
                .bind("d", change[0])
                .bind("now", now)
                .bind("t", team)
                .mapTo(Long.class)
                .one();
        if (bytes < 0) throw new IllegalStateException("team " + team + " usage would be negative: " + bytes);
        if (change[0] != 0) for (UsageListener l : listeners) l.changed(h, team, bytes - change[0], bytes, now);
        return bytes;
    }

    /**
     * The plain bytes of the distinct chunks of {@code contents} that no content team {@code team}
     * holds has: what they add when entering (asked before their rows go in) or take away when
     * leaving (asked after their rows went).
     */
    private static long bytesNotHeld(Handle h, long team, List<Long> contents) {
        return h.createQuery("""
                        SELECT COALESCE(SUM(c.size), 0) FROM chunks c
                        WHERE c.hash IN (SELECT cc.chunk_hash FROM content_chunks cc WHERE cc.content_id IN (<ids>))
                        AND NOT EXISTS (SELECT 1 FROM content_chunks other
                                        JOIN team_contents tc ON tc.team_id = :t AND tc.content_id = other.content_id
                                        WHERE other.chunk_hash = c.hash)""")
                .bind("t", team)
                .bindList("ids", InList.padded(contents))
                .mapTo(Long.class)
                .one();
    }

    private static <T> void forSlices(List<T> all, Consumer<List<T>> work) {
        for (int i = 0; i < all.size(); i += BATCH) work.accept(all.subList(i, Math.min(all.size(), i + BATCH)));
    }

    private static Map<Long, Long> currentContentRefs(Handle h, long team, List<Long> ids) {
        Map<Long, Long> current = new HashMap<>();
        forSlices(
                ids,
                slice -> h.createQuery(
                                "SELECT content_id, refs FROM team_contents WHERE team_id = :t AND content_id IN (<ids>)")
                        .bind("t", team)
                        .bindList("ids", InList.padded(slice))
                        .map((rs, ctx) -> current.put(rs.getLong(1), rs.getLong(2)))
                        .list());
        return current;
    }

    /** The references of every file of a volume, for deleting the volume (inside the caller's transaction). */
    public static UsageDelta volumeReferences(Handle h, long teamId, long volumeId, int sign) {
        UsageDelta d = new UsageDelta(teamId);
        h.createQuery(
                        "SELECT content_id, COUNT(*) FROM entries WHERE volume_id = :v AND content_id IS NOT NULL GROUP BY content_id")
                .bind("v", volumeId)
                .map((rs, ctx) -> d.add(rs.getLong(1), sign * rs.getLong(2)))
                .list();
        return d;
    }

    /** The references of every file under folder entry {@code folderId} (itself included if a file). */
    public static UsageDelta subtreeReferences(Handle h, long teamId, long entryId, int sign) {
        UsageDelta d = new UsageDelta(teamId);
        h.createQuery("""
                        WITH RECURSIVE sub(id) AS (
                            SELECT :id UNION ALL SELECT e.id FROM entries e JOIN sub ON e.parent_id = sub.id)
                        SELECT content_id, COUNT(*) FROM entries WHERE id IN (SELECT id FROM sub) AND content_id IS NOT NULL
                        GROUP BY content_id""")
                .bind("id", entryId)
                .map((rs, ctx) -> d.add(rs.getLong(1), sign * rs.getLong(2)))
                .list();
        return d;
    }
}
