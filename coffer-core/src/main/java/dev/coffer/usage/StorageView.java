package dev.coffer.usage;

import dev.coffer.db.Database;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The Storage view: each volume of a team with its logical size, its file count and the bytes
 * deleting it would free, that is the chunks only it holds within the team (content also used
 * by another of the team's files or versions stays). The same figure for any folder.
 *
 * <p>How "frees" is computed from the kept reference counts, without scanning the rest of the
 * team: a content is exclusive to the scope when all of the team's references to it lie inside
 * the scope; a chunk is freed when every team content using it is exclusive to the scope.
 */
public final class StorageView {
    private final Database db;

    public StorageView(Database db) {
        this.db = db;
    }

    /** Size, files and what deleting would free, for a volume or a folder. */
    public record Figures(long logicalBytes, long files, long freesBytes) {}

    /** One volume of the team: {@code kind} storage (name: its cluster) or notebook (name: the notebook). */
    public record VolumeFigures(long volumeId, String kind, String name, String cluster, Figures figures) {}

    public List<VolumeFigures> volumes(long teamId) {
        return db.read(h -> {
            List<VolumeFigures> out = new ArrayList<>();
            record V(long id, String kind, String name, String cluster) {}
            List<V> volumes = h.createQuery("""
                            SELECT v.id, v.kind, COALESCE(n.name, c.name), c.name FROM volumes v
                            JOIN clusters c ON c.id = v.cluster_id LEFT JOIN notebooks n ON n.id = v.notebook_id
                            WHERE v.team_id = :t ORDER BY v.kind DESC, 3""")
                    .bind("t", teamId)
                    .map((rs, ctx) -> new V(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                    .list();
            for (V v : volumes) {
                out.add(new VolumeFigures(
                        v.id(), v.kind(), v.name(), v.cluster(), figures(h, teamId, VOLUME_SCOPE, v.id())));
            }
            return out;
        });
    }

    /** Figures for the folder or file entry {@code entryId} and everything under it. */
    public Figures subtree(long teamId, long entryId) {
        return db.read(h -> figures(h, teamId, SUBTREE_SCOPE, entryId));
    }

    /** The entries in scope: one row per file, with its content and size. {@code :s} is the volume or entry id. */
    private static final String VOLUME_SCOPE =
            "SELECT content_id, size FROM entries WHERE volume_id = :s AND content_id IS NOT NULL";

    private static final String SUBTREE_SCOPE = """
            WITH RECURSIVE sub(id) AS (SELECT :s UNION ALL SELECT e.id FROM entries e JOIN sub ON e.parent_id = sub.id)
            SELECT content_id, size FROM entries WHERE id IN (SELECT id FROM sub) AND content_id IS NOT NULL""";

    private static Figures figures(Handle h, long teamId, String scope, long scopeId) {
        long[] sizeAndFiles = h.createQuery("SELECT COALESCE(SUM(f.size), 0), COUNT(*) FROM (" + scope + ") f")
                .bind("s", scopeId)
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .one();
        // What deleting the scope frees: the chunks of contents whose every team reference lies
        // in it ("gone"), unless a content the team keeps has them too.
        String gone = "SELECT f.content_id FROM (" + scope + """
                ) f GROUP BY f.content_id
                HAVING COUNT(*) = (SELECT tc.refs FROM team_contents tc WHERE tc.team_id = :t AND tc.content_id = f.content_id)""";
        long frees = h.createQuery("SELECT COALESCE(SUM(c.size), 0) FROM chunks c WHERE c.hash IN ("
                        + "SELECT cc.chunk_hash FROM content_chunks cc WHERE cc.content_id IN (" + gone
                        + ")) AND NOT EXISTS ("
                        + "SELECT 1 FROM content_chunks other JOIN team_contents tc ON tc.team_id = :t AND tc.content_id = other.content_id "
                        + "WHERE other.chunk_hash = c.hash AND other.content_id NOT IN (" + gone + "))")
                .bind("s", scopeId)
                .bind("t", teamId)
                .mapTo(Long.class)
                .one();
        return new Figures(sizeAndFiles[0], sizeAndFiles[1], frees);
    }
}
