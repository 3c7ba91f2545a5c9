package dev.coffer.content;

import dev.coffer.blob.BlobStore;
import dev.coffer.chunk.ChunkCodec;
import dev.coffer.chunk.ChunkId;
import dev.coffer.chunk.Chunker;
import dev.coffer.chunk.FastCdc;
import dev.coffer.db.Database;
import dev.coffer.db.InList;
import dev.coffer.db.RowBatch;
import dev.coffer.error.CofferException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Handle;

/**
 * Deduplicated content: chunks in a {@link BlobStore}, their registry and the manifests of files
 * in the metadata database.
 *
 * <p>Order of writes, so that a crash at any point is harmless: a chunk's blob is made durable
 * first, then its row is inserted; a manifest (and the file entry pointing at it) is committed
 * only after every chunk row exists, which a foreign key enforces. A crash leaves at worst an
 * unregistered blob, never a reference to missing bytes.
 */
public final class ContentStore {
    /** Chunks larger than this are refused before their bytes are read. */
    public static final int MAX_CHUNK_SIZE = FastCdc.MAX_SIZE;

    /**
     * Chunks of at most this many bytes, stored one at a time, are kept in their row rather than
     * in a blob: a new small file then costs one database commit, not a blob file, its sync, a
     * rename and a sync of its folder. (Chunks sent in a batch go to one pack, as before.)
     */
    public static final int INLINE_MAX = 16 * 1024;

    private static final int QUERY_BATCH = 500;

    private final Database db;
    private final BlobStore blobs;

    public ContentStore(Database db, BlobStore blobs) {
        this.db = db;
        this.blobs = blobs;
    }

    public BlobStore blobs() {
        return blobs;
    }

    /** A chunk touched more recently than this is not touched again (saves a write per question). */
    public static final long TOUCH_INTERVAL_MS = 10 * 60 * 1000;

    /**
     * How long sent-but-uncommitted bytes count against a hard quota ({@link UploadGuard}). The
     * commit is the exact check; the reservation only keeps a team from filling the store with
     * bytes it never commits, so it may be shorter than the grace period.
     */
    public static final long RESERVATION_MS = 15 * 60 * 1000;

    /**
     * Asked before new bytes sent by a team are stored (a plan's hard limit): may refuse them.
     * {@code pending} gives the team's sent-but-uncommitted bytes (only computed when asked).
     */
    @FunctionalInterface
    public interface UploadGuard {
        void admit(Handle h, long teamId, long newBytes, LongSupplier pending);
    }

    private volatile UploadGuard uploadGuard = (h, team, bytes, pending) -> {};

    public void setUploadGuard(UploadGuard guard) {
        this.uploadGuard = guard;
    }

    private volatile ChunkListener chunkListener = ChunkListener.NONE;

    /** Who is told which offered chunks were new and which were deduplicated (the server's metrics). */
    public void setChunkListener(ChunkListener listener) {
        this.chunkListener = listener;
    }

    /**
     * Refuses {@code newBytes} of new content from {@code scope} when they would take the team
     * past a hard limit, counting what it sent lately but has not committed. Called before the
     * bytes are stored, and by streaming uploads with their declared length before any is read.
     */
    public void admitUpload(ChunkScope scope, long newBytes) {
        if (scope == null || scope.isPublic() || newBytes <= 0) return;
        db.withHandle(h -> {
            uploadGuard.admit(
                    h, scope.id(), newBytes, () -> Possession.pendingBytes(h, scope, db.now() - RESERVATION_MS));
            return null;
        });
    }

    private volatile long graceMillis = Duration.ofHours(1).toMillis();

    /**
     * The collector's grace period, which is also how long a chunk sent by a scope counts as that
     * scope's without a file holding it (its grant). It must exceed the touch interval by at
     * least as much again, so a chunk a client was just told exists outlives its upload.
     */
    public void setGrace(Duration grace) {
        checkGrace(grace);
        this.graceMillis = grace.toMillis();
    }

    /** Refuses a grace period too short for the touch interval (see {@link #setGrace}). */
    public static void checkGrace(Duration grace) {
        if (grace.toMillis() < 2 * TOUCH_INTERVAL_MS) {
            throw new CofferException.Invalid("gc.grace must be at least " + (2 * TOUCH_INTERVAL_MS / 60_000)
                    + " minutes (twice the " + TOUCH_INTERVAL_MS / 60_000
                    + "-minute touch interval, so a chunk a client was told exists"
                    + " outlives its upload), got " + grace.toMinutes() + " minutes");
        }
    }

    /**
     * The chunks of {@code ids} that {@code scope} must send: those the store lacks and those it
     * has but the scope does not possess ({@link Possession}) are answered alike, so the answer
     * says nothing about other teams' content. Possessed chunks are "touched" (unless touched in
     * the last ten minutes), which starts a new grace period for them, and so are the scope's
     * grants on them: the collector will not remove a chunk the client was just told exists
     * before the client can commit a manifest that uses it. Only stale ones cost a write.
     */
    public List<ChunkId> missing(ChunkScope scope, Collection<ChunkId> ids) {
        List<ChunkId> unique = List.copyOf(new LinkedHashSet<>(ids));
        Set<String> present = new HashSet<>();
        long[] presentBytes = {0};
        List<String> stale = new ArrayList<>();
        Set<String> staleGrants = new HashSet<>();
        long now = db.now();
        for (int i = 0; i < unique.size(); i += QUERY_BATCH) {
            List<String> batch = unique.subList(i, Math.min(unique.size(), i + QUERY_BATCH)).stream()
                    .map(ChunkId::hex)
                    .toList();
            db.withHandle(h -> {
                Map<String, Long> touched = new HashMap<>();
                Map<String, Integer> sizes = new HashMap<>();
                h.createQuery("SELECT hash, touched_at, size FROM chunks WHERE hash IN (<hashes>)")
                        .bindList("hashes", InList.padded(batch))
                        .map((rs, ctx) -> {
                            sizes.put(rs.getString(1), rs.getInt(3));
                            return touched.put(rs.getString(1), rs.getLong(2));
                        })
                        .list();
                Possession.Held held =
                        Possession.held(h, scope, touched.keySet(), now - graceMillis, now - TOUCH_INTERVAL_MS);
                for (String hash : held.chunks()) {
                    present.add(hash);
                    presentBytes[0] += sizes.get(hash);
                    if (touched.get(hash) < now - TOUCH_INTERVAL_MS) stale.add(hash);
                }
                staleGrants.addAll(held.staleGrants());
                return null;
            });
        }
        if (!stale.isEmpty() || !staleGrants.isEmpty()) {
            db.writeRelaxed(h -> {
                touch(h, stale, now);
                Possession.renew(h, scope, staleGrants, now);
                return null;
            });
        }
        // The client will not send these: deduplication saved their transfer and their storage.
        if (!present.isEmpty()) chunkListener.deduplicated(present.size(), presentBytes[0]);
        return unique.stream().filter(id -> !present.contains(id.hex())).toList();
    }

    private static void touch(Handle h, List<String> hashes, long now) {
        for (int i = 0; i < hashes.size(); i += QUERY_BATCH) {
            h.createUpdate("UPDATE chunks SET touched_at = :now WHERE hash IN (<hashes>)")
                    .bind("now", now)
                    .bindList("hashes", InList.padded(hashes.subList(i, Math.min(hashes.size(), i + QUERY_BATCH))))
                    .execute();
        }
    }

    /**
     * Stores one chunk sent by {@code scope} after checking that its bytes hash to its name, and
     * records that the scope possesses it. Storing a chunk that exists already costs the hash
     * check and the grant. Returns true when new bytes were stored.
     *
     * <p>New bytes always go to a blob key of their own (a pack of one chunk), never to a key
     * derived from the chunk's name: the collector deletes exactly the blob of the row it
     * removed, so a chunk stored again while it runs can never lose its bytes.
     */
    public boolean putChunk(ChunkScope scope, ChunkId claimed, byte[] plain) throws IOException {
        return store(scope, claimed, plain);
    }

    /**
     * Stores one chunk without granting it to anyone: for server-side writers (URL imports) whose
     * own records (an import's checkpoint) keep the chunk theirs until they commit.
     */
    public boolean putChunk(ChunkId claimed, byte[] plain) throws IOException {
        return store(null, claimed, plain);
    }

    private boolean store(ChunkScope scope, ChunkId claimed, byte[] plain) throws IOException {
        checkChunk(claimed, plain);
        long now = db.now();
        if (isRegistered(claimed)) {
            // Known bytes: touch the chunk (a streaming upload commits only at its end) and grant
            // it. If the collector removed the row meanwhile, go on and store the bytes again.
            boolean kept = db.writeRelaxed(h -> {
                int rows = h.createUpdate("UPDATE chunks SET touched_at = :now WHERE hash = :h")
                        .bind("now", now)
                        .bind("h", claimed.hex())
                        .execute();
                if (rows > 0 && scope != null) Possession.grant(h, scope, List.of(claimed.hex()), now);
                return rows > 0;
            });
            if (kept) {
                chunkListener.deduplicated(1, plain.length);
                return false;
            }
        }
        admitUpload(scope, plain.length);
        // A small chunk lives in its row: no blob, so the file commit that follows is its only sync.
        byte[] inline = plain.length <= INLINE_MAX ? ChunkCodec.encode(plain) : null;
        Pack pack = inline != null ? null : Pack.build(Map.of(claimed.hex(), plain));
        if (pack != null) blobs.put(pack.key(), pack.bytes());
        int storedSize =
                inline != null ? inline.length : pack.entries().getFirst().storedSize();
        boolean inserted = db.writeRelaxed(h -> {
            int rows = h.createUpdate("""
                            INSERT INTO chunks (hash, size, stored_size, pack, pack_offset, created_at, touched_at, inline_data)
                            VALUES (:hash, :size, :stored, :pack, 0, :now, :now, :inline) ON CONFLICT (hash) DO NOTHING""")
                    .bind("hash", claimed.hex())
                    .bind("size", plain.length)
                    .bind("stored", storedSize)
                    .bind("pack", pack == null ? null : pack.id())
                    .bind("now", now)
                    .bind("inline", inline)
                    .execute();
            if (rows == 0) {
                h.createUpdate("UPDATE chunks SET touched_at = :now WHERE hash = :h")
                        .bind("now", now)
                        .bind("h", claimed.hex())
                        .execute();
            }
            if (scope != null && rows == 1) Possession.grantNew(h, scope, Map.of(claimed.hex(), plain.length), now);
            else if (scope != null) Possession.grant(h, scope, List.of(claimed.hex()), now);
            return rows == 1;
        });
        // Another upload of the same bytes registered first: our blob is named by no row.
        if (!inserted && pack != null) blobs.delete(pack.key());
        if (inserted) chunkListener.stored(1, plain.length);
        else chunkListener.deduplicated(1, plain.length);
        return inserted;
    }

    private static void checkChunk(ChunkId claimed, byte[] plain) {
        if (plain.length == 0)
            throw new CofferException.Invalid("a chunk holds at least one byte (an empty file has no chunks)");
        if (plain.length > MAX_CHUNK_SIZE) {
            throw new CofferException.Invalid(
                    "a chunk holds at most " + MAX_CHUNK_SIZE + " bytes, got " + plain.length);
        }
        ChunkId actual = ChunkId.of(plain);
        if (!actual.equals(claimed)) {
            throw new CofferException.Corrupt(
                    "chunk bytes do not match its name: expected " + claimed + ", got " + actual);
        }
    }

    /** A read-only check: storing a chunk that exists already must not cost a write transaction. */
    private boolean isRegistered(ChunkId id) {
        return db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM chunks WHERE hash = :h")
                        .bind("h", id.hex())
                        .mapTo(Long.class)
                        .one())
                > 0;
    }

    /** Chunks a stream sent by {@code scope} (the server side of a plain streaming upload) and stores every chunk. */
    public Manifest ingest(ChunkScope scope, InputStream in) throws IOException {
        Chunker chunker = new Chunker(in);
        List<ChunkRef> refs = new ArrayList<>();
        for (byte[] chunk = chunker.next(); chunk != null; chunk = chunker.next()) {
            ChunkId id = ChunkId.of(chunk);
            putChunk(scope, id, chunk);
            refs.add(new ChunkRef(id, chunk.length));
        }
        return new Manifest(refs);
    }

    /**
     * Records {@code manifest} for {@code scope} inside the caller's transaction and returns its
     * content id. Refuses (409, listing them) when chunks are missing or not the scope's.
     */
    public long record(Handle h, ChunkScope scope, Manifest manifest) {
        return recordAll(h, scope, List.of(manifest))[0];
    }

    /**
     * Records many manifests with a handful of statements per few hundred (thousands of small files
     * commit together); returns their content ids in order. Identical manifests share one row.
     * Every chunk named must be registered and possessed by {@code scope}, whether the content
     * exists already or not: a manifest is not a way to reach bytes one has not got.
     */
    public long[] recordAll(Handle h, ChunkScope scope, List<Manifest> manifests) {
        long now = db.now();
        return new ManifestRecorder(h, db.dialect(), scope, now, now - graceMillis).recordAll(manifests);
    }

    /** One chunk's plain bytes (ranged chunk reads for mounts and resumable downloads). */
    public byte[] readChunk(ChunkId id) throws IOException {
        ChunkLocation where = db.withHandle(h -> h.createQuery(
                        "SELECT size, stored_size, pack, pack_offset, inline_data FROM chunks WHERE hash = :h")
                .bind("h", id.hex())
                .map((rs, ctx) -> new ChunkLocation(
                        id, rs.getInt(1), rs.getInt(2), rs.getString(3), rs.getLong(4), rs.getBytes(5)))
                .findOne()
                .orElse(null));
        if (where == null) throw new CofferException.NotFound("no chunk " + id);
        return where.read(blobs);
    }

    /**
     * Stores many small chunks sent by {@code scope} as one pack blob: one write and one sync for
     * the lot, then one transaction registering them all and granting every chunk received to the
     * scope (those the store had already too: the scope has shown it has their bytes). Each chunk
     * is checked against its name first. Returns the number of chunks newly stored.
     */
    public int putChunks(ChunkScope scope, List<Map.Entry<ChunkId, byte[]>> chunks) throws IOException {
        Map<String, byte[]> fresh = new LinkedHashMap<>();
        for (Map.Entry<ChunkId, byte[]> c : chunks) {
            checkChunk(c.getKey(), c.getValue());
            fresh.put(c.getKey().hex(), c.getValue());
        }
        List<String> received = List.copyOf(fresh.keySet());
        for (int i = 0; i < received.size(); i += QUERY_BATCH) {
            List<String> batch = received.subList(i, Math.min(received.size(), i + QUERY_BATCH));
            db.withHandle(h -> h.createQuery("SELECT hash FROM chunks WHERE hash IN (<hashes>)")
                            .bindList("hashes", InList.padded(batch))
                            .mapTo(String.class)
                            .list())
                    .forEach(fresh::remove);
        }
        admitUpload(scope, fresh.values().stream().mapToLong(b -> b.length).sum());
        Pack pack = fresh.isEmpty() ? null : Pack.build(fresh);
        if (pack != null) blobs.put(pack.key(), pack.bytes());
        long now = db.now();
        long[] insertedBytes = {0};
        int inserted = db.writeRelaxed(h -> {
            int rows = 0;
            insertedBytes[0] = 0;
            if (pack != null) {
                var insert = RowBatch.prepare(h, """
                        INSERT INTO chunks (hash, size, stored_size, pack, pack_offset, created_at, touched_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING""");
                for (Pack.Entry e : pack.entries())
                    insert.add(e.hash(), e.size(), e.storedSize(), pack.id(), e.offset(), now, now);
                int[] counts = insert.execute();
                for (int i = 0; i < counts.length; i++) {
                    rows += counts[i];
                    if (counts[i] > 0) insertedBytes[0] += pack.entries().get(i).size();
                }
            }
            List<String> known =
                    received.stream().filter(x -> !fresh.containsKey(x)).toList();
            touch(h, known, now);
            Possession.grant(h, scope, known, now);
            Map<String, Integer> sizes = new LinkedHashMap<>();
            fresh.forEach((hash, bytes) -> sizes.put(hash, bytes.length));
            Possession.grantNew(h, scope, sizes, now);
            return rows;
        });
        // Every chunk of the pack was registered by a racing upload first: no row names it.
        if (pack != null && inserted == 0) blobs.delete(pack.key());
        // The rest of the batch (known chunks, repeats within it, chunks a racing upload registered
        // first) cost no new bytes in the store.
        long receivedBytes = 0;
        for (Map.Entry<ChunkId, byte[]> c : chunks) receivedBytes += c.getValue().length;
        if (inserted > 0) chunkListener.stored(inserted, insertedBytes[0]);
        if (chunks.size() > inserted)
            chunkListener.deduplicated(chunks.size() - inserted, receivedBytes - insertedBytes[0]);
        return inserted;
    }

    /** A content's chunks from the one holding {@code offset}, in order, with their start offsets. */
    public List<PlacedChunk> chunksFrom(long contentId, long offset) {
        return db.withHandle(h -> h.createQuery("""
                        SELECT cc.chunk_hash, cc.start_offset, c.size FROM content_chunks cc
                        JOIN chunks c ON c.hash = cc.chunk_hash
                        WHERE cc.content_id = :id AND cc.seq >= COALESCE(
                            (SELECT MAX(seq) FROM content_chunks WHERE content_id = :id AND start_offset <= :off), 0)
                        ORDER BY cc.seq""")
                .bind("id", contentId)
                .bind("off", offset)
                .map((rs, ctx) -> new PlacedChunk(new ChunkId(rs.getString(1)), rs.getLong(2), rs.getInt(3)))
                .list());
    }

    public record PlacedChunk(ChunkId id, long start, int size) {}

    /** Writes bytes {@code [offset, offset+length)} of a content to {@code out}, chunk by chunk. */
    public void read(long contentId, long offset, long length, OutputStream out) throws IOException {
        long end = offset + length;
        for (PlacedChunk c : chunksFrom(contentId, offset)) {
            if (c.start() >= end) break;
            byte[] plain = readChunk(c.id());
            int from = (int) Math.max(0, offset - c.start());
            int to = (int) Math.min(plain.length, end - c.start());
            if (to > from) out.write(plain, from, to - from);
        }
    }

    /**
     * Where the chunks of each content lie, in order: one query per {@value #QUERY_BATCH}
     * contents. For an archive of 100,000 small files this replaces two queries a file (its
     * chunk list, then each chunk's place), which cost most of the archive's time.
     */
    public Map<Long, List<ChunkLocation>> locate(Collection<Long> contentIds) {
        List<Long> ids = new ArrayList<>(new HashSet<>(contentIds));
        Map<Long, List<ChunkLocation>> out = new HashMap<>();
        db.withHandle(h -> {
            for (int i = 0; i < ids.size(); i += QUERY_BATCH) {
                h.createQuery("""
                                SELECT cc.content_id, c.hash, c.size, c.stored_size, c.pack, c.pack_offset, c.inline_data
                                FROM content_chunks cc
                                JOIN chunks c ON c.hash = cc.chunk_hash WHERE cc.content_id IN (<ids>) ORDER BY cc.content_id, cc.seq""")
                        .bindList("ids", InList.padded(ids.subList(i, Math.min(ids.size(), i + QUERY_BATCH))))
                        .map((rs, ctx) -> Map.entry(
                                rs.getLong(1),
                                new ChunkLocation(
                                        new ChunkId(rs.getString(2)),
                                        rs.getInt(3),
                                        rs.getInt(4),
                                        rs.getString(5),
                                        rs.getLong(6),
                                        rs.getBytes(7))))
                        .forEach(e -> out.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                                .add(e.getValue()));
            }
            return null;
        });
        return out;
    }

    /** Writes a whole content, given where its chunks lie ({@link #locate}). */
    public void write(List<ChunkLocation> chunks, OutputStream out) throws IOException {
        for (ChunkLocation c : chunks) out.write(c.read(blobs));
    }

    /** Reads the manifest of a stored content. */
    public Manifest manifestOf(long contentId) {
        return new Manifest(db.withHandle(h -> h.createQuery("""
                        SELECT cc.chunk_hash, c.size FROM content_chunks cc JOIN chunks c ON c.hash = cc.chunk_hash
                        WHERE cc.content_id = :id ORDER BY cc.seq""")
                .bind("id", contentId)
                .map((rs, ctx) -> new ChunkRef(new ChunkId(rs.getString(1)), rs.getInt(2)))
                .list()));
    }
}
