package dev.coffer.content;

import dev.coffer.db.Dialect;
import dev.coffer.db.InList;
import dev.coffer.db.RowBatch;
import dev.coffer.error.CofferException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Records manifests inside a file commit's transaction: checks that the committing scope may name
 * every chunk, finds the contents that exist already and inserts the others.
 *
 * <p>Against the collector: on PostgreSQL the chunk and content rows a commit relies on are
 * locked ({@code FOR KEY SHARE}, the lock a foreign key check takes) as they are read, and the
 * collector skips locked rows ({@code SKIP LOCKED}); a row the collector locked first is seen
 * gone once it commits, so the commit either inserts the content afresh or answers 409 with the
 * chunks to send again. It never fails on a foreign key. SQLite runs one writer at a time.
 */
final class ManifestRecorder {
    private static final int QUERY_BATCH = 500;
    private final Handle h;
    private final String lock;
    private final ChunkScope scope;
    private final long now;
    private final long grantCutoff;

    ManifestRecorder(Handle h, Dialect dialect, ChunkScope scope, long now, long grantCutoff) {
        this.h = h;
        this.lock = dialect == Dialect.POSTGRESQL ? " FOR KEY SHARE" : "";
        this.scope = scope;
        this.now = now;
        this.grantCutoff = grantCutoff;
    }

    long[] recordAll(List<Manifest> manifests) {
        Map<String, Manifest> byDigest = new LinkedHashMap<>();
        String[] digests = new String[manifests.size()];
        for (int i = 0; i < digests.length; i++) {
            digests[i] = manifests.get(i).digest();
            byDigest.putIfAbsent(digests[i], manifests.get(i));
        }
        checkChunks(byDigest.values());
        Map<String, Long> ids = new HashMap<>();
        List<String> all = new ArrayList<>(byDigest.keySet());
        for (int i = 0; i < all.size(); i += QUERY_BATCH) {
            h.createQuery("SELECT id, size, digest FROM contents WHERE digest IN (<d>)" + lock)
                    .bindList("d", InList.padded(all.subList(i, Math.min(all.size(), i + QUERY_BATCH))))
                    .map((rs, ctx) -> {
                        Manifest m = byDigest.get(rs.getString(3));
                        // The digest covers the chunk names only; their sizes must agree with what is stored.
                        if (rs.getLong(2) != m.size()) {
                            throw new CofferException.Invalid("manifest says the file holds " + m.size()
                                    + " bytes but its chunks hold " + rs.getLong(2));
                        }
                        ids.put(rs.getString(3), rs.getLong(1));
                        return null;
                    })
                    .list();
        }
        List<Manifest> fresh = byDigest.entrySet().stream()
                .filter(e -> !ids.containsKey(e.getKey()))
                .map(Map.Entry::getValue)
                .toList();
        if (!fresh.isEmpty()) insertContents(fresh, ids);
        long[] out = new long[digests.length];
        for (int i = 0; i < digests.length; i++) out[i] = ids.get(digests[i]);
        return out;
    }

    /**
     * Every chunk named must be registered and the scope's ({@link Possession}); a chunk that is
     * not the scope's is reported missing exactly like one stored nowhere, before anything about
     * its size is said, so a commit learns nothing about other teams' content.
     */
    private void checkChunks(Iterable<Manifest> manifests) {
        Map<String, Integer> wanted = new LinkedHashMap<>();
        for (Manifest m : manifests) for (ChunkRef c : m.chunks()) wanted.putIfAbsent(c.id().hex(), c.size());
        List<String> hashes = new ArrayList<>(wanted.keySet());
        Map<String, Integer> known = new HashMap<>();
        for (int i = 0; i < hashes.size(); i += QUERY_BATCH) {
            h.createQuery("SELECT hash, size FROM chunks WHERE hash IN (<hashes>)" + lock)
                    .bindList("hashes", InList.padded(hashes.subList(i, Math.min(hashes.size(), i + QUERY_BATCH))))
                    .map((rs, ctx) -> known.put(rs.getString(1), rs.getInt(2)))
                    .list();
        }
        Set<String> held =
                Possession.held(h, scope, known.keySet(), grantCutoff, 0).chunks();
        List<String> missing = hashes.stream().filter(x -> !held.contains(x)).toList();
        if (!missing.isEmpty()) {
            throw new CofferException.Conflict(
                    missing.size() + " chunk(s) of the manifest are not stored; upload them first",
                    Map.of("missingChunks", missing.size() > 1000 ? missing.subList(0, 1000) : missing));
        }
        Possession.settle(h, scope, hashes);
        for (Manifest m : manifests) {
            for (ChunkRef c : m.chunks()) {
                int size = known.get(c.id().hex());
                if (size != c.size()) {
                    throw new CofferException.Invalid("manifest says chunk " + c.id().hex() + " holds " + c.size()
                            + " bytes but it holds " + size);
                }
            }
        }
    }

    private void insertContents(List<Manifest> fresh, Map<String, Long> ids) {
        Map<String, Long> inserted = new HashMap<>();
        for (int i = 0; i < fresh.size(); i += QUERY_BATCH) {
            List<Manifest> part = fresh.subList(i, Math.min(fresh.size(), i + QUERY_BATCH));
            String values = String.join(", ", Collections.nCopies(part.size(), "(?, ?, ?, ?)"));
            var q = h.createQuery("INSERT INTO contents (digest, size, chunk_count, created_at) VALUES " + values
                    + " ON CONFLICT (digest) DO NOTHING RETURNING id, digest");
            int k = 0;
            for (Manifest m : part) {
                q.bind(k++, m.digest())
                        .bind(k++, m.size())
                        .bind(k++, m.chunks().size())
                        .bind(k++, now);
            }
            q.map((rs, ctx) -> inserted.put(rs.getString(2), rs.getLong(1))).list();
        }
        ids.putAll(inserted);
        List<String> raced = fresh.stream()
                .map(Manifest::digest)
                .filter(d -> !inserted.containsKey(d))
                .toList();
        for (int i = 0; i < raced.size(); i += QUERY_BATCH) {
            // A concurrent upload of the same content committed first: share its row.
            h.createQuery("SELECT id, digest FROM contents WHERE digest IN (<d>)" + lock)
                    .bindList("d", InList.padded(raced.subList(i, Math.min(raced.size(), i + QUERY_BATCH))))
                    .map((rs, ctx) -> ids.put(rs.getString(2), rs.getLong(1)))
                    .list();
        }
        var batch = RowBatch.prepare(
                h, "INSERT INTO content_chunks (content_id, seq, start_offset, chunk_hash) VALUES (?, ?, ?, ?)");
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
}
