package dev.coffer.usage;

import dev.coffer.db.Database;
import dev.coffer.db.Dialect;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
    private final java.util.List<UsageListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

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
        h.createUpdate("INSERT INTO team_usage (team_id, bytes, updated_at) VALUES (:t, 0, :now) ON CONFLICT (team_id) DO NOTHING")
                .bind("t", teamId).bind("now", Database.now()).execute();
        if (db.dialect() == Dialect.POSTGRESQL) {
            h.createQuery("SELECT bytes FROM team_usage WHERE team_id = :t FOR UPDATE").bind("t", teamId).mapTo(Long.class).one();
        }
    }

    /** The team's usage now, in bytes. */
    public long bytes(long teamId) {
        return db.withHandle(h -> bytes(h, teamId));
    }

    public static long bytes(Handle h, long teamId) {
        return h.createQuery("SELECT bytes FROM team_usage WHERE team_id = :t").bind("t", teamId).mapTo(Long.class).findOne().orElse(0L);
    }

    /**
     * Applies {@code delta} (after {@link #lock}); returns the team's usage afterwards. Cost: one
     * read and one write per distinct content of the change, plus, for contents that enter or
     * leave the team, one per distinct chunk of those.
     */
    public long apply(Handle h, UsageDelta delta) {
        long team = delta.teamId();
        if (!enabled || delta.isEmpty()) return bytes(h, team);
        Map<Long, Long> changes = delta.contents();
        Map<Long, Long> current = currentContentRefs(h, team, List.copyOf(changes.keySet()));
        List<Long> entered = new ArrayList<>();
        List<Long> left = new ArrayList<>();
        var insert = h.prepareBatch("INSERT INTO team_contents (team_id, content_id, refs) VALUES (?, ?, ?)");
        var update = h.prepareBatch("UPDATE team_contents SET refs = ? WHERE team_id = ? AND content_id = ?");
        var delete = h.prepareBatch("DELETE FROM team_contents WHERE team_id = ? AND content_id = ?");
        for (var e : changes.entrySet()) {
            long before = current.getOrDefault(e.getKey(), 0L);
            long after = before + e.getValue();
            if (after < 0) throw new IllegalStateException("team " + team + " would hold content " + e.getKey() + " " + after + " times");
            if (before == 0) {
                insert.add(team, e.getKey(), after);
                entered.add(e.getKey());
            } else if (after == 0) {
                delete.add(team, e.getKey());
                left.add(e.getKey());
            } else {
                update.add(after, team, e.getKey());
            }
        }
        execute(insert);
        execute(update);
        execute(delete);
        long change = applyChunks(h, team, entered, left);
        long now = Database.now();
        long bytes = h.createQuery("UPDATE team_usage SET bytes = bytes + :d, updated_at = :now WHERE team_id = :t RETURNING bytes")
                .bind("d", change).bind("now", now).bind("t", team).mapTo(Long.class).one();
        if (bytes < 0) throw new IllegalStateException("team " + team + " usage would be negative: " + bytes);
        if (change != 0) for (UsageListener l : listeners) l.changed(h, team, bytes - change, bytes, now);
        return bytes;
    }

    private static void execute(org.jdbi.v3.core.statement.PreparedBatch batch) {
        if (batch.size() > 0) batch.execute();
    }

    /** Chunk references for contents that entered or left the team; returns the change in bytes. */
    private static long applyChunks(Handle h, long team, List<Long> entered, List<Long> left) {
        if (entered.isEmpty() && left.isEmpty()) return 0;
        TreeMap<String, Long> chunkChanges = new TreeMap<>();
        Map<String, Long> sizes = new HashMap<>();
        distinctChunks(h, entered, sizes, chunkChanges, 1);
        distinctChunks(h, left, sizes, chunkChanges, -1);
        chunkChanges.values().removeIf(v -> v == 0);
        Map<String, Long> current = new HashMap<>();
        List<String> hashes = List.copyOf(chunkChanges.keySet());
        for (int i = 0; i < hashes.size(); i += BATCH) {
            h.createQuery("SELECT chunk_hash, refs FROM team_chunks WHERE team_id = :t AND chunk_hash IN (<h>)")
                    .bind("t", team).bindList("h", hashes.subList(i, Math.min(hashes.size(), i + BATCH)))
                    .map((rs, ctx) -> current.put(rs.getString(1), rs.getLong(2))).list();
        }
        long bytes = 0;
        var insert = h.prepareBatch("INSERT INTO team_chunks (team_id, chunk_hash, refs) VALUES (?, ?, ?)");
        var update = h.prepareBatch("UPDATE team_chunks SET refs = ? WHERE team_id = ? AND chunk_hash = ?");
        var delete = h.prepareBatch("DELETE FROM team_chunks WHERE team_id = ? AND chunk_hash = ?");
        for (var e : chunkChanges.entrySet()) {
            long before = current.getOrDefault(e.getKey(), 0L);
            long after = before + e.getValue();
            if (after < 0) throw new IllegalStateException("team " + team + " would hold chunk " + e.getKey() + " " + after + " times");
            if (before == 0) {
                insert.add(team, e.getKey(), after);
                bytes += sizes.get(e.getKey());
            } else if (after == 0) {
                delete.add(team, e.getKey());
                bytes -= sizes.get(e.getKey());
            } else {
                update.add(after, team, e.getKey());
            }
        }
        execute(insert);
        execute(update);
        execute(delete);
        return bytes;
    }

    private static void distinctChunks(Handle h, List<Long> contents, Map<String, Long> sizes, Map<String, Long> changes, long sign) {
        for (int i = 0; i < contents.size(); i += BATCH) {
            h.createQuery("""
                            SELECT DISTINCT cc.content_id, cc.chunk_hash, c.size FROM content_chunks cc
                            JOIN chunks c ON c.hash = cc.chunk_hash WHERE cc.content_id IN (<ids>)""")
                    .bindList("ids", contents.subList(i, Math.min(contents.size(), i + BATCH)))
                    .map((rs, ctx) -> {
                        sizes.put(rs.getString(2), rs.getLong(3));
                        return changes.merge(rs.getString(2), sign, Long::sum);
                    }).list();
        }
    }

    private static Map<Long, Long> currentContentRefs(Handle h, long team, List<Long> ids) {
        Map<Long, Long> current = new HashMap<>();
        for (int i = 0; i < ids.size(); i += BATCH) {
            h.createQuery("SELECT content_id, refs FROM team_contents WHERE team_id = :t AND content_id IN (<ids>)")
                    .bind("t", team).bindList("ids", ids.subList(i, Math.min(ids.size(), i + BATCH)))
                    .map((rs, ctx) -> current.put(rs.getLong(1), rs.getLong(2))).list();
        }
        return current;
    }

    /** The references of every file of a volume, for deleting the volume (inside the caller's transaction). */
    public static UsageDelta volumeReferences(Handle h, long teamId, long volumeId, int sign) {
        UsageDelta d = new UsageDelta(teamId);
        h.createQuery("SELECT content_id, COUNT(*) FROM entries WHERE volume_id = :v AND content_id IS NOT NULL GROUP BY content_id")
                .bind("v", volumeId).map((rs, ctx) -> d.add(rs.getLong(1), sign * rs.getLong(2))).list();
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
                .bind("id", entryId).map((rs, ctx) -> d.add(rs.getLong(1), sign * rs.getLong(2))).list();
        return d;
    }
}
