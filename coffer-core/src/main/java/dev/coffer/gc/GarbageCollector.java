package dev.coffer.gc;

import dev.coffer.blob.BlobStore;
import dev.coffer.chunk.ChunkId;
import dev.coffer.content.ChunkLocation;
import dev.coffer.content.Possession;
import dev.coffer.db.Database;
import dev.coffer.db.Dialect;
import dev.coffer.db.InList;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes content nothing refers to any more, in two steps: first manifests no file uses (no
 * volume file, no file of a dataset version or draft), then chunks no manifest uses. Only what is older than the grace period (by creation for manifests,
 * by last "touch" for chunks) goes, so an upload in flight never loses a chunk it was told exists.
 *
 * <p>Plan, then execute: {@link #plan} only reads; {@link #execute} deletes rows first and blobs
 * after, each batch in one transaction that re-checks the conditions. A reference created
 * meanwhile makes the delete fail its foreign key (or, on PostgreSQL, the row is locked by the
 * committing transaction and skipped), and that batch is kept. A crash between the row delete
 * and the blob delete leaves an unreferenced blob, which {@code fsck} reports.
 *
 * <p>The collector deletes exactly the blobs of the rows it removed. Every store of new bytes
 * writes a blob key of its own (a pack), so a chunk stored again while the collector runs gets a
 * new row naming a new blob, which the collector never saw. See docs/design/possession-and-gc.md.
 */
public final class GarbageCollector {
    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);
    private static final int BATCH = 500;
    private final Database db;
    private final BlobStore blobs;

    public GarbageCollector(Database db, BlobStore blobs) {
        this.db = db;
        this.blobs = blobs;
    }

    public record Plan(long contents, long chunks, long bytes, long cutoff) {}

    public record Result(long contentsRemoved, long chunksRemoved, long bytesFreed) {}

    /** A content is used by a volume file, a file of a dataset version's tree, or a file of a draft. */
    private static final String USED = """
            EXISTS (SELECT 1 FROM entries e WHERE e.content_id = %1$s)
            OR EXISTS (SELECT 1 FROM dataset_tree_entries te WHERE te.content_id = %1$s)
            OR EXISTS (SELECT 1 FROM dataset_draft_changes o WHERE o.content_id = %1$s)""";

    private static final String UNUSED_CONTENTS =
            "FROM contents WHERE created_at < :cutoff AND NOT (" + USED.formatted("contents.id") + ")";
    /** Chunks an import in progress has stored (its checkpoint) are kept however long it runs. */
    private static final String NOT_IMPORTING =
            " AND NOT EXISTS (SELECT 1 FROM import_job_chunks jc WHERE jc.chunk_hash = chunks.hash)";

    private static final String UNUSED_CHUNKS = """
            FROM chunks WHERE touched_at < :cutoff
            AND NOT EXISTS (SELECT 1 FROM content_chunks cc WHERE cc.chunk_hash = chunks.hash)""" + NOT_IMPORTING;

    /**
     * What a collection would remove now. Chunks that only unused manifests hold are counted too,
     * since execution removes those manifests first.
     */
    public Plan plan(Duration grace) {
        long cutoff = db.now() - grace.toMillis();
        return db.read(h -> {
            long contents = h.createQuery("SELECT COUNT(*) " + UNUSED_CONTENTS)
                    .bind("cutoff", cutoff)
                    .mapTo(Long.class)
                    .one();
            String freeable = """
                    FROM chunks WHERE touched_at < :cutoff AND NOT EXISTS (
                        SELECT 1 FROM content_chunks cc JOIN contents ct ON ct.id = cc.content_id
                        WHERE cc.chunk_hash = chunks.hash AND (ct.created_at >= :cutoff""" + " OR " + USED.formatted("ct.id") + "))" + NOT_IMPORTING;
            long chunks = h.createQuery("SELECT COUNT(*) " + freeable)
                    .bind("cutoff", cutoff)
                    .mapTo(Long.class)
                    .one();
            long bytes = h.createQuery("SELECT COALESCE(SUM(stored_size), 0) " + freeable)
                    .bind("cutoff", cutoff)
                    .mapTo(Long.class)
                    .one();
            return new Plan(contents, chunks, bytes, cutoff);
        });
    }

    public Result execute(Duration grace) throws IOException {
        long cutoff = db.now() - grace.toMillis();
        // Grants outlive their use once a file holds the chunk; past the grace period they go.
        // Housekeeping only: a run that cannot expire them now still collects, the next run expires.
        try {
            db.writeRelaxed(h -> Possession.expire(h, cutoff, db.dialect() == Dialect.POSTGRESQL));
        } catch (RuntimeException busy) {
            LOG.warn("old upload grants are kept until the next collection: {}", busy.toString());
        }
        long contents = removeContents(cutoff);
        long chunks = 0;
        long bytes = 0;
        String after = "";
        while (true) {
            String from = after;
            List<String> batch = db.withHandle(h -> h.createQuery(
                            "SELECT hash " + UNUSED_CHUNKS + " AND hash > :after ORDER BY hash LIMIT " + BATCH)
                    .bind("cutoff", cutoff)
                    .bind("after", from)
                    .mapTo(String.class)
                    .list());
            if (batch.isEmpty()) break;
            after = batch.getLast();
            record Removed(String hash, long storedSize, String pack, boolean inline) {}
            List<Removed> removed;
            try {
                // Synced before any blob goes: a lost row delete must never leave a row without its blob.
                removed = db.write(h -> h.createQuery("DELETE FROM chunks WHERE hash IN (SELECT hash " + UNUSED_CHUNKS
                                + " AND hash IN (<hashes>)" + skipLocked()
                                + ") RETURNING hash, stored_size, pack, inline_data IS NOT NULL")
                        .bindList("hashes", InList.padded(batch))
                        .bind("cutoff", cutoff)
                        .map((rs, ctx) ->
                                new Removed(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getBoolean(4)))
                        .list());
            } catch (RuntimeException raced) {
                // A manifest started using one of these chunks between our read and delete: keep them, go on.
                continue;
            }
            Set<String> packs = new HashSet<>();
            for (Removed r : removed) {
                // A chunk kept in its row had no blob. Rows without a pack otherwise are chunks
                // stored before every chunk got a blob of its own.
                if (!r.inline()) {
                    if (r.pack() == null) blobs.delete(new ChunkId(r.hash()).blobKey());
                    else packs.add(r.pack());
                }
                chunks++;
                bytes += r.storedSize();
            }
            deleteDeadPacks(packs);
        }
        return new Result(contents, chunks, bytes);
    }

    /**
     * Deletes the packs none of whose chunks is registered any more. No new row ever names an
     * existing pack (each store writes a pack of its own), so a pack found dead stays dead.
     */
    private void deleteDeadPacks(Set<String> packs) throws IOException {
        if (packs.isEmpty()) return;
        Set<String> alive =
                new HashSet<>(db.withHandle(h -> h.createQuery("SELECT DISTINCT pack FROM chunks WHERE pack IN (<p>)")
                        .bindList("p", InList.padded(List.copyOf(packs)))
                        .mapTo(String.class)
                        .list()));
        for (String pack : packs) if (!alive.contains(pack)) blobs.delete(ChunkLocation.packKey(pack));
    }

    /**
     * Removes unused manifests a batch at a time, each batch re-checked in its own transaction.
     * On PostgreSQL rows a commit has locked are skipped (it is about to use them) and a batch
     * that meets a foreign key anyway is kept whole: one busy content never fails the whole run,
     * and the collector never fails a user's commit.
     */
    private long removeContents(long cutoff) {
        long removed = 0;
        long after = 0;
        while (true) {
            long from = after;
            List<Long> ids = db.withHandle(
                    h -> h.createQuery("SELECT id " + UNUSED_CONTENTS + " AND id > :after ORDER BY id LIMIT " + BATCH)
                            .bind("cutoff", cutoff)
                            .bind("after", from)
                            .mapTo(Long.class)
                            .list());
            if (ids.isEmpty()) return removed;
            after = ids.getLast();
            try {
                removed += db.write(h -> h.createUpdate("DELETE FROM contents WHERE id IN (SELECT id " + UNUSED_CONTENTS
                                + " AND id IN (<ids>)" + skipLocked() + ")")
                        .bind("cutoff", cutoff)
                        .bindList("ids", InList.padded(ids))
                        .execute());
            } catch (RuntimeException raced) {
                // kept for the next run
            }
        }
    }

    private String skipLocked() {
        return db.dialect() == Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
    }
}
