package dev.coffer.gc;

import dev.coffer.blob.BlobStore;
import dev.coffer.chunk.ChunkId;
import dev.coffer.content.ChunkLocation;
import dev.coffer.db.Database;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a database and a content store belong together: every blob a chunk row names is in the
 * store. One listing of the store and one pass over the chunk rows, no bytes read, so it answers
 * in minutes where {@link Fsck} re-hashes for hours: the check to run on a restored backup (a
 * database dump next to a copy of the bucket) before trusting it, or on a live pair at any time.
 * Blobs no row names are counted, not reported: a copy taken after the dump holds newer blobs.
 */
public final class BackupCheck {
    /** At most this many missing blobs are named in a report; the count is always exact. */
    static final int NAMED = 100;

    private final Database db;
    private final BlobStore blobs;

    public BackupCheck(Database db, BlobStore blobs) {
        this.db = db;
        this.blobs = blobs;
    }

    public record Report(long blobsNamed, long blobsStored, long missing, List<String> missingKeys, long unreferenced) {
        public boolean consistent() {
            return missing == 0;
        }
    }

    public Report run() throws IOException {
        Set<String> stored = new HashSet<>();
        for (String prefix : List.of("chunks/", "packs/")) blobs.list(prefix, stored::add);
        Set<String> named = new HashSet<>();
        String after = "";
        while (true) {
            final String from = after;
            List<String[]> page = db.withHandle(h -> h.createQuery(
                            "SELECT hash, pack FROM chunks WHERE hash > :a AND inline_data IS NULL ORDER BY hash LIMIT 5000")
                    .bind("a", from)
                    .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)})
                    .list());
            for (String[] row : page)
                named.add(new ChunkLocation(new ChunkId(row[0]), 0, 0, row[1], 0, null).blobKey());
            if (page.size() < 5000) break;
            after = page.getLast()[0];
        }
        List<String> missingKeys = new ArrayList<>();
        long missing = 0;
        for (String key : named) {
            if (stored.contains(key)) continue;
            missing++;
            if (missingKeys.size() < NAMED) missingKeys.add(key);
        }
        missingKeys.sort(null);
        long unreferenced = stored.stream().filter(k -> !named.contains(k)).count();
        return new Report(named.size(), stored.size(), missing, missingKeys, unreferenced);
    }
}
