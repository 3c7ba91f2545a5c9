package dev.coffer.content;

import dev.coffer.blob.BlobStore;
import dev.coffer.chunk.ChunkCodec;
import dev.coffer.chunk.ChunkId;
import dev.coffer.chunk.Chunker;
import dev.coffer.chunk.FastCdc;
import dev.coffer.db.Database;
import dev.coffer.error.CofferException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    static final long TOUCH_INTERVAL_MS = 10 * 60 * 1000;

    /**
     * The chunks of {@code ids} that the store lacks. Chunks it has are "touched" (unless they were
     * touched in the last ten minutes), which starts a new grace period for them: the garbage
     * collector will not remove a chunk the client was just told exists before the client can
     * commit a manifest that uses it. The question itself is a read; only stale chunks cost a write.
     */
    public List<ChunkId> missing(Collection<ChunkId> ids) {
        List<ChunkId> unique = List.copyOf(new java.util.LinkedHashSet<>(ids));
        Set<String> present = new HashSet<>();
        List<String> stale = new ArrayList<>();
        long now = Database.now();
        for (int i = 0; i < unique.size(); i += QUERY_BATCH) {
            List<String> batch = unique.subList(i, Math.min(unique.size(), i + QUERY_BATCH)).stream().map(ChunkId::hex).toList();
            db.withHandle(h -> h.createQuery("SELECT hash, touched_at FROM chunks WHERE hash IN (<hashes>)")
                    .bindList("hashes", batch)
                    .map((rs, ctx) -> {
                        present.add(rs.getString(1));
                        if (rs.getLong(2) < now - TOUCH_INTERVAL_MS) stale.add(rs.getString(1));
                        return null;
                    }).list());
        }
        for (int i = 0; i < stale.size(); i += QUERY_BATCH) {
            List<String> batch = stale.subList(i, Math.min(stale.size(), i + QUERY_BATCH));
            db.writeRelaxed(h -> h.createUpdate("UPDATE chunks SET touched_at = :now WHERE hash IN (<hashes>)")
                    .bind("now", now).bindList("hashes", batch).execute());
        }
        return unique.stream().filter(id -> !present.contains(id.hex())).toList();
    }

    /**
     * Stores one chunk after checking that its bytes hash to its name. Storing a chunk that
     * exists already costs nothing but the hash check. Returns true when new bytes were stored.
     */
    public boolean putChunk(ChunkId claimed, byte[] plain) throws IOException {
        if (plain.length > MAX_CHUNK_SIZE) {
            throw new CofferException.Invalid("a chunk holds at most " + MAX_CHUNK_SIZE + " bytes, got " + plain.length);
        }
        ChunkId actual = ChunkId.of(plain);
        if (!actual.equals(claimed)) {
            throw new CofferException.Corrupt("chunk bytes do not match its name: expected " + claimed + ", got " + actual);
        }
        if (isRegistered(claimed)) return false;
        byte[] stored = ChunkCodec.encode(plain);
        blobs.put(claimed.blobKey(), stored);
        long now = Database.now();
        return db.writeRelaxed(h -> h.createUpdate("""
                        INSERT INTO chunks (hash, size, stored_size, created_at, touched_at)
                        VALUES (:hash, :size, :stored, :now, :now) ON CONFLICT (hash) DO NOTHING""")
                .bind("hash", claimed.hex())
                .bind("size", plain.length)
                .bind("stored", stored.length)
                .bind("now", now)
                .execute()) == 1;
    }

    /** A read-only check: storing a chunk that exists already must not cost a write transaction. */
    private boolean isRegistered(ChunkId id) {
        return db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM chunks WHERE hash = :h").bind("h", id.hex())
                .mapTo(Long.class).one()) > 0;
    }

    /** Chunks a stream (the server side of a plain streaming upload) and stores every chunk. */
    public Manifest ingest(InputStream in) throws IOException {
        Chunker chunker = new Chunker(in);
        List<ChunkRef> refs = new ArrayList<>();
        for (byte[] chunk = chunker.next(); chunk != null; chunk = chunker.next()) {
            ChunkId id = ChunkId.of(chunk);
            putChunk(id, chunk);
            refs.add(new ChunkRef(id, chunk.length));
        }
        return new Manifest(refs);
    }

    /**
     * Records {@code manifest} inside the caller's transaction and returns its content id. Refuses
     * (409, listing them) when chunks are missing or their sizes disagree with the registry.
     */
    public long record(Handle h, Manifest manifest) {
        return recordAll(h, List.of(manifest))[0];
    }

    /**
     * Records many manifests with a handful of statements per few hundred (thousands of small files
     * commit together); returns their content ids in order. Identical manifests share one row.
     */
    public long[] recordAll(Handle h, List<Manifest> manifests) {
        Map<String, Manifest> byDigest = new LinkedHashMap<>();
        String[] digests = new String[manifests.size()];
        for (int i = 0; i < digests.length; i++) {
            digests[i] = manifests.get(i).digest();
            byDigest.putIfAbsent(digests[i], manifests.get(i));
        }
        Map<String, Long> ids = new java.util.HashMap<>();
        List<String> all = new ArrayList<>(byDigest.keySet());
        for (int i = 0; i < all.size(); i += QUERY_BATCH) {
            h.createQuery("SELECT id, size, digest FROM contents WHERE digest IN (<d>)")
                    .bindList("d", all.subList(i, Math.min(all.size(), i + QUERY_BATCH)))
                    .map((rs, ctx) -> {
                        Manifest m = byDigest.get(rs.getString(3));
                        // The digest covers the chunk names only; their sizes must agree with what is stored.
                        if (rs.getLong(2) != m.size()) {
                            throw new CofferException.Invalid("manifest says the file holds " + m.size()
                                    + " bytes but its chunks hold " + rs.getLong(2));
                        }
                        ids.put(rs.getString(3), rs.getLong(1));
                        return null;
                    }).list();
        }
        List<Manifest> fresh = byDigest.entrySet().stream().filter(e -> !ids.containsKey(e.getKey())).map(Map.Entry::getValue).toList();
        if (!fresh.isEmpty()) insertContents(h, fresh, ids);
        long[] out = new long[digests.length];
        for (int i = 0; i < digests.length; i++) out[i] = ids.get(digests[i]);
        return out;
    }

    private void insertContents(Handle h, List<Manifest> fresh, Map<String, Long> ids) {
        List<ChunkRef> chunks = new ArrayList<>();
        for (Manifest m : fresh) chunks.addAll(m.chunks());
        checkChunksPresent(h, new Manifest(chunks));
        long now = Database.now();
        Map<String, Long> inserted = new java.util.HashMap<>();
        for (int i = 0; i < fresh.size(); i += QUERY_BATCH) {
            List<Manifest> part = fresh.subList(i, Math.min(fresh.size(), i + QUERY_BATCH));
            String values = String.join(", ", java.util.Collections.nCopies(part.size(), "(?, ?, ?, ?)"));
            var q = h.createQuery("INSERT INTO contents (digest, size, chunk_count, created_at) VALUES " + values
                    + " ON CONFLICT (digest) DO NOTHING RETURNING id, digest");
            int k = 0;
            for (Manifest m : part) {
                q.bind(k++, m.digest()).bind(k++, m.size()).bind(k++, m.chunks().size()).bind(k++, now);
            }
            q.map((rs, ctx) -> inserted.put(rs.getString(2), rs.getLong(1))).list();
        }
        ids.putAll(inserted);
        List<String> raced = fresh.stream().map(Manifest::digest).filter(d -> !inserted.containsKey(d)).toList();
        for (int i = 0; i < raced.size(); i += QUERY_BATCH) {
            // A concurrent upload of the same content committed first: share its row.
            h.createQuery("SELECT id, digest FROM contents WHERE digest IN (<d>)")
                    .bindList("d", raced.subList(i, Math.min(raced.size(), i + QUERY_BATCH)))
                    .map((rs, ctx) -> ids.put(rs.getString(2), rs.getLong(1))).list();
        }
        var batch = h.prepareBatch("INSERT INTO content_chunks (content_id, seq, start_offset, chunk_hash) VALUES (?, ?, ?, ?)");
        int rows = 0;
        for (Manifest m : fresh) {
            Long id = inserted.get(m.digest());
            if (id == null) continue;
            long offset = 0;
            int seq = 0;
            for (ChunkRef c : m.chunks()) {
                batch.add(id, seq++, offset, c.id().hex());
                offset += c.size();
                rows++;
            }
        }
        if (rows > 0) batch.execute();
    }

    private void checkChunksPresent(Handle h, Manifest manifest) {
        Map<String, Integer> wanted = new LinkedHashMap<>();
        for (ChunkRef c : manifest.chunks()) wanted.put(c.id().hex(), c.size());
        List<String> hashes = new ArrayList<>(wanted.keySet());
        Map<String, Integer> known = new java.util.HashMap<>();
        for (int i = 0; i < hashes.size(); i += QUERY_BATCH) {
            h.createQuery("SELECT hash, size FROM chunks WHERE hash IN (<hashes>)")
                    .bindList("hashes", hashes.subList(i, Math.min(hashes.size(), i + QUERY_BATCH)))
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getInt(2)))
                    .forEach(e -> known.put(e.getKey(), e.getValue()));
        }
        List<String> missing = new ArrayList<>();
        for (var e : wanted.entrySet()) {
            Integer size = known.get(e.getKey());
            if (size == null) missing.add(e.getKey());
            else if (!size.equals(e.getValue())) {
                throw new CofferException.Invalid("manifest says chunk " + e.getKey() + " holds " + e.getValue()
                        + " bytes but it holds " + size);
            }
        }
        if (!missing.isEmpty()) {
            throw new CofferException.Conflict(missing.size() + " chunk(s) of the manifest are not stored; upload them first",
                    Map.of("missingChunks", missing.size() > 1000 ? missing.subList(0, 1000) : missing));
        }
    }

    /** One chunk's plain bytes (ranged chunk reads for mounts and resumable downloads). */
    public byte[] readChunk(ChunkId id) throws IOException {
        ChunkLocation where = db.withHandle(h -> h.createQuery("SELECT size, stored_size, pack, pack_offset FROM chunks WHERE hash = :h")
                .bind("h", id.hex())
                .map((rs, ctx) -> new ChunkLocation(id, rs.getInt(1), rs.getInt(2), rs.getString(3), rs.getLong(4)))
                .findOne().orElse(null));
        if (where == null) throw new CofferException.NotFound("no chunk " + id);
        return where.read(blobs);
    }

    /**
     * Stores many small chunks as one pack blob: one write and one sync for the lot, then one
     * transaction registering them all. Each chunk is checked against its name first; chunks the
     * store has already are skipped. Returns the number of chunks newly stored.
     */
    public int putChunks(List<Map.Entry<ChunkId, byte[]>> chunks) throws IOException {
        Map<String, byte[]> fresh = new LinkedHashMap<>();
        for (Map.Entry<ChunkId, byte[]> c : chunks) {
            byte[] plain = c.getValue();
            if (plain.length > MAX_CHUNK_SIZE) throw new CofferException.Invalid("a chunk holds at most " + MAX_CHUNK_SIZE + " bytes");
            ChunkId actual = ChunkId.of(plain);
            if (!actual.equals(c.getKey())) {
                throw new CofferException.Corrupt("chunk bytes do not match its name: expected " + c.getKey() + ", got " + actual);
            }
            fresh.put(actual.hex(), plain);
        }
        for (int i = 0; i < fresh.size(); i += QUERY_BATCH) {
            List<String> batch = new ArrayList<>(fresh.keySet()).subList(i, Math.min(fresh.size(), i + QUERY_BATCH));
            db.withHandle(h -> h.createQuery("SELECT hash FROM chunks WHERE hash IN (<hashes>)").bindList("hashes", batch)
                    .mapTo(String.class).list()).forEach(fresh::remove);
        }
        if (fresh.isEmpty()) return 0;
        Pack pack = Pack.build(fresh);
        blobs.put(pack.key(), pack.bytes());
        long now = Database.now();
        db.writeRelaxed(h -> {
            var insert = h.prepareBatch("""
                    INSERT INTO chunks (hash, size, stored_size, pack, pack_offset, created_at, touched_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING""");
            for (Pack.Entry e : pack.entries()) insert.add(e.hash(), e.size(), e.storedSize(), pack.id(), e.offset(), now, now);
            insert.execute();
            return null;
        });
        return pack.entries().size();
    }

    /** A content's chunks from the one holding {@code offset}, in order, with their start offsets. */
    public List<PlacedChunk> chunksFrom(long contentId, long offset) {
        return db.withHandle(h -> h.createQuery("""
                        SELECT cc.chunk_hash, cc.start_offset, c.size FROM content_chunks cc
                        JOIN chunks c ON c.hash = cc.chunk_hash
                        WHERE cc.content_id = :id AND cc.seq >= COALESCE(
                            (SELECT MAX(seq) FROM content_chunks WHERE content_id = :id AND start_offset <= :off), 0)
                        ORDER BY cc.seq""")
                .bind("id", contentId).bind("off", offset)
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
        Map<Long, List<ChunkLocation>> out = new java.util.HashMap<>();
        db.withHandle(h -> {
            for (int i = 0; i < ids.size(); i += QUERY_BATCH) {
                h.createQuery("""
                                SELECT cc.content_id, c.hash, c.size, c.stored_size, c.pack, c.pack_offset FROM content_chunks cc
                                JOIN chunks c ON c.hash = cc.chunk_hash WHERE cc.content_id IN (<ids>) ORDER BY cc.content_id, cc.seq""")
                        .bindList("ids", ids.subList(i, Math.min(ids.size(), i + QUERY_BATCH)))
                        .map((rs, ctx) -> Map.entry(rs.getLong(1),
                                new ChunkLocation(new ChunkId(rs.getString(2)), rs.getInt(3), rs.getInt(4), rs.getString(5), rs.getLong(6))))
                        .forEach(e -> out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
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
