package dev.coffer.gc;

import dev.coffer.blob.BlobStore;
import dev.coffer.chunk.ChunkId;
import dev.coffer.content.ChunkLocation;
import dev.coffer.db.Database;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Removes content nothing refers to any more, in two steps: first manifests no file uses (no
 * volume file, no file of a dataset version or draft), then chunks no manifest uses. Only what is older than the grace period (by creation for manifests,
 * by last "touch" for chunks) goes, so an upload in flight never loses a chunk it was told exists.
 *
 * <p>Plan, then execute: {@link #plan} only reads; {@link #execute} deletes rows first and blobs
 * after, each batch in one transaction that re-checks the conditions. A reference created
 * meanwhile makes the delete fail its foreign key, and that batch is skipped. A crash between the
 * row delete and the blob delete leaves an unreferenced blob, which {@code fsck} reports.
 */
public final class GarbageCollector {
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
    private static final String UNUSED_CONTENTS = "FROM contents WHERE created_at < :cutoff AND NOT ("
            + USED.formatted("contents.id") + ")";
    /** Chunks an import in progress has stored (its checkpoint) are kept however long it runs. */
    private static final String NOT_IMPORTING = " AND NOT EXISTS (SELECT 1 FROM import_job_chunks jc WHERE jc.chunk_hash = chunks.hash)";
    private static final String UNUSED_CHUNKS = """
            FROM chunks WHERE touched_at < :cutoff
            AND NOT EXISTS (SELECT 1 FROM content_chunks cc WHERE cc.chunk_hash = chunks.hash)""" + NOT_IMPORTING;

    /**
     * What a collection would remove now. Chunks that only unused manifests hold are counted too,
     * since execution removes those manifests first.
     */
    public Plan plan(Duration grace) {
        long cutoff = Database.now() - grace.toMillis();
        return db.read(h -> {
            long contents = h.createQuery("SELECT COUNT(*) " + UNUSED_CONTENTS).bind("cutoff", cutoff).mapTo(Long.class).one();
            String freeable = """
                    FROM chunks WHERE touched_at < :cutoff AND NOT EXISTS (
                        SELECT 1 FROM content_chunks cc JOIN contents ct ON ct.id = cc.content_id
                        WHERE cc.chunk_hash = chunks.hash AND (ct.created_at >= :cutoff""" + " OR " + USED.formatted("ct.id") + "))" + NOT_IMPORTING;
            long chunks = h.createQuery("SELECT COUNT(*) " + freeable).bind("cutoff", cutoff).mapTo(Long.class).one();
            long bytes = h.createQuery("SELECT COALESCE(SUM(stored_size), 0) " + freeable).bind("cutoff", cutoff).mapTo(Long.class).one();
            return new Plan(contents, chunks, bytes, cutoff);
        });
    }

    public Result execute(Duration grace) throws IOException {
        long cutoff = Database.now() - grace.toMillis();
        long contents = db.write(h -> h.createUpdate("DELETE " + UNUSED_CONTENTS).bind("cutoff", cutoff).execute());
        long chunks = 0;
        long bytes = 0;
        while (true) {
            List<String> batch = db.withHandle(h -> h.createQuery("SELECT hash " + UNUSED_CHUNKS + " LIMIT " + BATCH)
                    .bind("cutoff", cutoff).mapTo(String.class).list());
            if (batch.isEmpty()) break;
            record Removed(String hash, long storedSize, String pack) {}
            List<Removed> removed;
            try {
                removed = db.write(h -> h.createQuery("DELETE FROM chunks WHERE hash IN (<hashes>) AND touched_at < :cutoff "
                                + "AND NOT EXISTS (SELECT 1 FROM content_chunks cc WHERE cc.chunk_hash = chunks.hash)" + NOT_IMPORTING + " "
                                + "RETURNING hash, stored_size, pack")
                        .bindList("hashes", batch).bind("cutoff", cutoff)
                        .map((rs, ctx) -> new Removed(rs.getString(1), rs.getLong(2), rs.getString(3))).list());
            } catch (RuntimeException raced) {
                // A manifest started using one of these chunks between our read and delete: keep them all.
                break;
            }
            java.util.Set<String> packs = new java.util.HashSet<>();
            for (Removed r : removed) {
                if (r.pack() == null) blobs.delete(new ChunkId(r.hash()).blobKey());
                else packs.add(r.pack());
                chunks++;
                bytes += r.storedSize();
            }
            for (String pack : packs) {
                // A pack goes when none of its chunks is registered any more (new chunks never join an old pack).
                long left = db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM chunks WHERE pack = :p").bind("p", pack)
                        .mapTo(Long.class).one());
                if (left == 0) blobs.delete(ChunkLocation.packKey(pack));
            }
            if (removed.isEmpty()) break;
        }
        return new Result(contents, chunks, bytes);
    }
}
