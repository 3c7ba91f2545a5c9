package dev.coffer.gc;

import dev.coffer.blob.BlobNotFoundException;
import dev.coffer.blob.BlobStore;
import dev.coffer.chunk.ChunkId;
import dev.coffer.content.ChunkLocation;
import dev.coffer.dataset.TreeCheck;
import dev.coffer.db.Database;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks the store against the metadata: every registered chunk is read back and re-hashed, every
 * manifest's chunks and sizes add up, every dataset tree node matches its hash, its contents and
 * its reference count ({@link TreeCheck}), and blobs that no chunk row names are reported.
 */
public final class Fsck {
    private final Database db;
    private final BlobStore blobs;

    public Fsck(Database db, BlobStore blobs) {
        this.db = db;
        this.blobs = blobs;
    }

    public record Report(
            long chunksChecked,
            long bytesChecked,
            long contentsChecked,
            long treesChecked,
            List<String> problems,
            long unreferencedBlobs) {
        public boolean clean() {
            return problems.isEmpty();
        }
    }

    public Report run() throws IOException {
        List<String> problems = new ArrayList<>();
        Set<String> known = new HashSet<>();
        long chunks = 0;
        long bytes = 0;
        String after = "";
        while (true) {
            final String from = after;
            List<ChunkLocation> page = db.withHandle(h -> h.createQuery(
                            "SELECT hash, size, stored_size, pack, pack_offset, inline_data FROM chunks WHERE hash > :a"
                                    + " ORDER BY hash LIMIT 1000")
                    .bind("a", from)
                    .map((rs, ctx) -> new ChunkLocation(
                            new ChunkId(rs.getString(1)),
                            rs.getInt(2),
                            rs.getInt(3),
                            rs.getString(4),
                            rs.getLong(5),
                            rs.getBytes(6)))
                    .list());
            for (ChunkLocation where : page) {
                if (!where.isInline()) known.add(where.blobKey());
                String hash = where.id().hex();
                try {
                    byte[] plain = where.read(blobs);
                    if (plain.length != where.size())
                        problems.add("chunk " + hash + " holds " + plain.length + " bytes, expected " + where.size());
                    else if (!ChunkId.of(plain).equals(where.id()))
                        problems.add("chunk " + hash + " does not match its hash");
                    bytes += plain.length;
                } catch (BlobNotFoundException e) {
                    problems.add("chunk " + hash + " is registered but its blob is missing");
                } catch (RuntimeException | IOException e) {
                    problems.add("chunk " + hash + " cannot be read: " + e.getMessage());
                }
                chunks++;
            }
            if (page.size() < 1000) break;
            after = page.getLast().id().hex();
        }
        long contents = db.read(h -> {
            h.createQuery("""
                            SELECT ct.id, ct.size, ct.chunk_count, COALESCE(SUM(c.size), 0), COUNT(cc.seq), COUNT(c.hash)
                            FROM contents ct LEFT JOIN content_chunks cc ON cc.content_id = ct.id LEFT JOIN chunks c ON c.hash = cc.chunk_hash
                            GROUP BY ct.id, ct.size, ct.chunk_count""")
                    .map((rs, ctx) -> {
                        long id = rs.getLong(1);
                        if (rs.getLong(5) != rs.getLong(6))
                            problems.add("content " + id + " refers to chunks that are not registered");
                        if (rs.getLong(3) != rs.getLong(5))
                            problems.add(
                                    "content " + id + " lists " + rs.getLong(5) + " chunks, expected " + rs.getLong(3));
                        if (rs.getLong(2) != rs.getLong(4))
                            problems.add("content " + id + " chunks add up to " + rs.getLong(4) + " bytes, expected "
                                    + rs.getLong(2));
                        return id;
                    })
                    .list();
            long dangling = h.createQuery(
                            "SELECT COUNT(*) FROM entries e WHERE e.kind = 'f' AND NOT EXISTS (SELECT 1 FROM contents c WHERE c.id = e.content_id)")
                    .mapTo(Long.class)
                    .one();
            if (dangling > 0) problems.add(dangling + " file(s) refer to missing content");
            return h.createQuery("SELECT COUNT(*) FROM contents")
                    .mapTo(Long.class)
                    .one();
        });
        long trees = new TreeCheck(db).run(problems::add);
        long[] orphans = {0};
        for (String prefix : List.of("chunks/", "packs/")) {
            blobs.list(prefix, key -> {
                if (!known.contains(key)) orphans[0]++;
            });
        }
        return new Report(chunks, bytes, contents, trees, problems, orphans[0]);
    }
}
