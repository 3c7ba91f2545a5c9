package dev.coffer.content;

import dev.coffer.db.InList;
import dev.coffer.db.RowBatch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;

/**
 * Which chunks a scope possesses: the answer that keeps deduplication from granting access.
 *
 * <p>A team possesses a registered chunk when
 * <ol>
 *   <li>a content the team holds has it ({@code team_contents}: its volumes' files, its datasets'
 *       versions and drafts), or</li>
 *   <li>the team sent the chunk's bytes within the grace period ({@code chunk_grants}), or</li>
 *   <li>one of the team's URL imports stored it (its checkpoint), or</li>
 *   <li>a public dataset has it (every team reads public datasets).</li>
 * </ol>
 * The public scope (operators writing public datasets) possesses what it sent and what public
 * datasets (their versions and drafts) have.
 *
 * <p>Knowing a chunk's name is never enough: names are handed to every reader of a file (its
 * manifest) and outlive a membership, so a name found anywhere must not open the bytes to
 * another team. A chunk the scope does not possess is answered exactly like one that exists
 * nowhere ("missing"); the client then sends the bytes once, proving possession.
 */
public final class Possession {
    private static final int SLICE = 500;
    /** Public datasets are searched for at most this many chunks per question (a recursive walk each). */
    static final int MAX_PUBLIC_LOOKUPS = 1000;

    private Possession() {}

    /** What {@link #held} found: every possessed chunk, and those possessed only by a grant older than {@code staleBefore}. */
    public record Held(Set<String> chunks, Set<String> staleGrants) {}

    /**
     * The chunks of {@code hashes} (registered ones) that {@code scope} possesses. Grants older
     * than {@code grantCutoff} no longer count; those older than {@code staleBefore} are reported
     * so that the caller can renew them.
     */
    public static Held held(Handle h, ChunkScope scope, Collection<String> hashes, long grantCutoff, long staleBefore) {
        Set<String> held = new HashSet<>();
        Set<String> staleGrants = new HashSet<>();
        List<String> all = List.copyOf(new HashSet<>(hashes));
        for (int i = 0; i < all.size(); i += SLICE) {
            List<String> slice = all.subList(i, Math.min(all.size(), i + SLICE));
            h.createQuery(
                            "SELECT chunk_hash, granted_at FROM chunk_grants WHERE scope_id = :s AND chunk_hash IN (<h>) AND granted_at >= :cutoff")
                    .bind("s", scope.id())
                    .bindList("h", InList.padded(slice))
                    .bind("cutoff", grantCutoff)
                    .map((rs, ctx) -> {
                        held.add(rs.getString(1));
                        if (rs.getLong(2) < staleBefore) staleGrants.add(rs.getString(1));
                        return null;
                    })
                    .list();
            List<String> rest = slice.stream().filter(x -> !held.contains(x)).toList();
            if (rest.isEmpty()) continue;
            if (!scope.isPublic()) {
                held.addAll(h.createQuery("""
                                SELECT c.hash FROM chunks c WHERE c.hash IN (<h>) AND (
                                    EXISTS (SELECT 1 FROM content_chunks cc
                                            JOIN team_contents tc ON tc.team_id = :t AND tc.content_id = cc.content_id
                                            WHERE cc.chunk_hash = c.hash)
                                    OR EXISTS (SELECT 1 FROM import_job_chunks jc JOIN import_jobs j ON j.id = jc.job_id
                                               WHERE jc.chunk_hash = c.hash AND j.team_id = :t))""")
                        .bind("t", scope.id())
                        .bindList("h", InList.padded(rest))
                        .mapTo(String.class)
                        .list());
            } else {
                held.addAll(h.createQuery("""
                                SELECT DISTINCT cc.chunk_hash FROM content_chunks cc
                                JOIN dataset_draft_changes o ON o.content_id = cc.content_id
                                JOIN dataset_versions v ON v.id = o.version_id
                                JOIN datasets d ON d.id = v.dataset_id AND d.team_id IS NULL
                                WHERE cc.chunk_hash IN (<h>)""")
                        .bindList("h", InList.padded(rest))
                        .mapTo(String.class)
                        .list());
            }
        }
        List<String> unheld = all.stream().filter(x -> !held.contains(x)).toList();
        if (!unheld.isEmpty() && anyPublicDataset(h)) {
            for (String hash : unheld.subList(0, Math.min(unheld.size(), MAX_PUBLIC_LOOKUPS))) {
                if (inPublicDataset(h, hash)) held.add(hash);
            }
        }
        return new Held(held, staleGrants);
    }

    /**
     * Records that {@code scope} sent these chunks' bytes now (inside the caller's transaction).
     * Rows are written in hash order, as in {@link #grantNew}: two uploads of one team that share
     * chunks then lock them in the same order and wait for each other instead of deadlocking.
     */
    public static void grant(Handle h, ChunkScope scope, Collection<String> hashes, long now) {
        if (hashes.isEmpty()) return;
        var batch = RowBatch.prepare(h, """
                INSERT INTO chunk_grants (scope_id, chunk_hash, granted_at) VALUES (?, ?, ?)
                ON CONFLICT (scope_id, chunk_hash) DO UPDATE SET granted_at = excluded.granted_at""");
        for (String hash : new TreeSet<>(hashes)) batch.add(scope.id(), hash, now);
        batch.execute();
    }

    /**
     * Records that {@code scope} sent these chunks as new bytes ({@code sizes}: hash → size): they
     * are granted, and reserved against the scope's quota until a commit names them.
     */
    public static void grantNew(Handle h, ChunkScope scope, Map<String, Integer> sizes, long now) {
        if (sizes.isEmpty()) return;
        var batch = RowBatch.prepare(h, """
                INSERT INTO chunk_grants (scope_id, chunk_hash, granted_at, pending_bytes) VALUES (?, ?, ?, ?)
                ON CONFLICT (scope_id, chunk_hash) DO UPDATE SET granted_at = excluded.granted_at, pending_bytes = excluded.pending_bytes""");
        new TreeMap<>(sizes).forEach((hash, size) -> batch.add(scope.id(), hash, now, (long) size));
        batch.execute();
    }

    /** The new bytes {@code scope} sent since {@code since} that no commit has named yet: its upload reservation. */
    public static long pendingBytes(Handle h, ChunkScope scope, long since) {
        return h.createQuery(
                        "SELECT COALESCE(SUM(pending_bytes), 0) FROM chunk_grants WHERE scope_id = :s AND pending_bytes > 0 AND granted_at >= :since")
                .bind("s", scope.id())
                .bind("since", since)
                .mapTo(Long.class)
                .one();
    }

    /** A commit named these chunks: they are the team's now, no longer a reservation. */
    public static void settle(Handle h, ChunkScope scope, List<String> hashes) {
        for (int i = 0; i < hashes.size(); i += SLICE) {
            h.createUpdate(
                            "UPDATE chunk_grants SET pending_bytes = 0 WHERE scope_id = :s AND pending_bytes > 0 AND chunk_hash IN (<h>)")
                    .bind("s", scope.id())
                    .bindList("h", InList.padded(hashes.subList(i, Math.min(hashes.size(), i + SLICE))))
                    .execute();
        }
    }

    /** Renews grants still in force, so that a client told "you have it" has the grace period to commit. */
    public static void renew(Handle h, ChunkScope scope, Collection<String> hashes, long now) {
        List<String> all = new ArrayList<>(hashes);
        for (int i = 0; i < all.size(); i += SLICE) {
            h.createUpdate("UPDATE chunk_grants SET granted_at = :now WHERE scope_id = :s AND chunk_hash IN (<h>)")
                    .bind("now", now)
                    .bind("s", scope.id())
                    .bindList("h", InList.padded(all.subList(i, Math.min(all.size(), i + SLICE))))
                    .execute();
        }
    }

    /**
     * Forgets grants older than {@code cutoff} (the collector's housekeeping); returns how many.
     * With {@code skipLocked} (PostgreSQL) a grant an upload is renewing right now is left for
     * the next run: the collector never waits on an upload's row, so the two cannot deadlock.
     */
    public static int expire(Handle h, long cutoff, boolean skipLocked) {
        String old = "SELECT scope_id, chunk_hash FROM chunk_grants WHERE granted_at < :cutoff";
        String sql = skipLocked
                ? "DELETE FROM chunk_grants WHERE (scope_id, chunk_hash) IN (" + old + " FOR UPDATE SKIP LOCKED)"
                : "DELETE FROM chunk_grants WHERE granted_at < :cutoff";
        return h.createUpdate(sql).bind("cutoff", cutoff).execute();
    }

    private static boolean anyPublicDataset(Handle h) {
        return h.createQuery("SELECT 1 FROM datasets WHERE team_id IS NULL LIMIT 1")
                .mapTo(Integer.class)
                .findOne()
                .isPresent();
    }

    /**
     * Whether a version (committed or a draft's parent) of a public dataset has the chunk: from
     * the folder nodes whose files have it, up through the nodes that hold those, to a root.
     */
    private static boolean inPublicDataset(Handle h, String hash) {
        return h.createQuery("""
                        WITH RECURSIVE up(tree) AS (
                            SELECT te.tree_hash FROM content_chunks cc JOIN dataset_tree_entries te ON te.content_id = cc.content_id
                            WHERE cc.chunk_hash = :h
                            UNION
                            SELECT p.tree_hash FROM dataset_tree_entries p JOIN up ON p.child_tree = up.tree)
                        SELECT 1 FROM up JOIN dataset_versions v ON v.root_tree = up.tree
                        JOIN datasets d ON d.id = v.dataset_id AND d.team_id IS NULL LIMIT 1""").bind("h", hash).mapTo(Integer.class).findOne().isPresent();
    }
}
