package dev.coffer.tree;

import java.nio.charset.StandardCharsets;
import org.jdbi.v3.core.Handle;

/**
 * How long the paths below a folder run, so a move or copy of the folder into a deeper place can
 * be refused before it creates paths longer than {@link VolumePath#MAX_PATH_BYTES} (paths that
 * no client could then name, download or delete one by one). One recursive query in the
 * database, not a walk in Java: a folder nested thousands deep costs no stack.
 */
public final class SubtreeDepth {
    private SubtreeDepth() {}

    /**
     * Bytes that the deepest entry below {@code entry} adds to the entry's own path (each name
     * plus its {@code /}); 0 for a file or an empty folder. Runs in the caller's transaction.
     */
    public static long deepestBelow(Handle h, Entry entry) {
        return entry.directory() ? deepestBelow(h, entry.id()) : 0;
    }

    /** The same for the folder whose entry id is {@code folderId}. */
    public static long deepestBelow(Handle h, long folderId) {
        return h.createQuery("""
                        WITH RECURSIVE below (id, kind, bytes) AS (
                            SELECT id, kind, 0 FROM entries WHERE id = :root
                            UNION ALL
                            SELECT e.id, e.kind, below.bytes + 1 + octet_length(e.name)
                            FROM entries e JOIN below ON e.parent_id = below.id
                            WHERE below.kind = 'd'
                        )
                        SELECT COALESCE(MAX(bytes), 0) FROM below""").bind("root", folderId).mapTo(Long.class).one();
    }

    /**
     * Refuses moving or copying {@code source} to {@code to} when a path would end up past the
     * limit. A destination no longer than the source's own path cannot, so no query is run then.
     * Called inside the move's or copy's own transaction, so nothing added meanwhile slips past.
     */
    public static void checkMove(Handle h, VolumePath from, Entry source, VolumePath to) {
        if (to.byteLength() <= from.byteLength()) return;
        VolumePath.checkFits(to, deepestBelow(h, source));
    }

    /**
     * Refuses copying or moving {@code from} of any tree to {@code to} when a path would end up
     * past the limit, by walking the source folder; nothing is walked when the destination is no
     * longer than the source's own path. For trees whose writes cannot check inside their own
     * transaction (versions never change; a draft checks just before its write).
     */
    public static void checkFits(FileTree source, VolumePath from, VolumePath to) throws Exception {
        if (to.byteLength() <= from.byteLength()) return;
        if (!source.stat(from).directory()) return;
        long[] deepest = {0};
        source.walk(from, (entry, path) -> {
            long bytes = 0;
            for (String name : path) bytes += 1 + name.getBytes(StandardCharsets.UTF_8).length;
            deepest[0] = Math.max(deepest[0], bytes);
        });
        VolumePath.checkFits(to, deepest[0]);
    }
}
