package dev.coffer.dataset;

import dev.coffer.db.Database;
import dev.coffer.error.CofferException;
import java.util.List;

/**
 * Tags name committed versions ({@code v1}, {@code clean}). A tag moves only when moved
 * explicitly: putting an existing tag on another version without {@code move} is a conflict.
 */
public final class Tags {
    public record Tag(String name, long version) {}

    private final Database db;

    public Tags(Database db) {
        this.db = db;
    }

    /** Puts tag {@code name} on {@code version}; returns the version with its tags. */
    public Version tag(Version version, String name, boolean move) {
        String tag = Names.checkTag(name);
        return db.write(h -> {
            VersionRows row = VersionRows.load(h, version.id());
            Version v = row.version();
            if (!v.committed())
                throw new CofferException.Conflict(
                        v.label() + " is a draft; only committed versions carry tags, so commit it first");
            record Current(long id, long number) {}
            Current current = h.createQuery("""
                            SELECT t.version_id, v.number FROM dataset_tags t JOIN dataset_versions v ON v.id = t.version_id
                            WHERE t.dataset_id = :d AND t.name = :n""")
                    .bind("d", v.datasetId().value())
                    .bind("n", tag)
                    .map((rs, ctx) -> new Current(rs.getLong(1), rs.getLong(2)))
                    .findOne()
                    .orElse(null);
            if (current == null) {
                h.createUpdate(
                                "INSERT INTO dataset_tags (dataset_id, name, version_id, created_at) VALUES (:d, :n, :v, :now)")
                        .bind("d", v.datasetId().value())
                        .bind("n", tag)
                        .bind("v", v.id())
                        .bind("now", db.now())
                        .execute();
            } else if (current.id() != v.id()) {
                if (!move) {
                    throw new CofferException.Conflict("tag '" + tag + "' is on version " + current.number() + " of '"
                            + v.dataset() + "'; move it explicitly to put it on version " + v.number());
                }
                h.createUpdate(
                                "UPDATE dataset_tags SET version_id = :v, created_at = :now WHERE dataset_id = :d AND name = :n")
                        .bind("v", v.id())
                        .bind("now", db.now())
                        .bind("d", v.datasetId().value())
                        .bind("n", tag)
                        .execute();
            }
            return VersionRows.load(h, v.id()).version();
        });
    }

    public void untag(Dataset dataset, String name) {
        String tag = Names.checkTag(name);
        db.useWrite(h -> {
            int removed = h.createUpdate("DELETE FROM dataset_tags WHERE dataset_id = :d AND name = :n")
                    .bind("d", dataset.id().value())
                    .bind("n", tag)
                    .execute();
            if (removed == 0)
                throw new CofferException.NotFound("dataset '" + dataset.name() + "' has no tag '" + tag + "'");
        });
    }

    /** The dataset's tags by name, with the version number each is on. */
    public List<Tag> list(Dataset dataset) {
        return db.read(h -> h.createQuery("""
                        SELECT t.name, v.number FROM dataset_tags t JOIN dataset_versions v ON v.id = t.version_id
                        WHERE t.dataset_id = :d ORDER BY t.name""")
                .bind("d", dataset.id().value())
                .map((rs, ctx) -> new Tag(rs.getString(1), rs.getLong(2)))
                .list());
    }
}
