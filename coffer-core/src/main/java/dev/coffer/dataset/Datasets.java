package dev.coffer.dataset;

import dev.coffer.db.Database;
import dev.coffer.error.CofferException;
import dev.coffer.usage.TeamUsage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Datasets of a team ({@code teamId}) or public ({@code teamId} null): two separate namespaces.
 * Create, list, describe, rename, delete, and the one resolver of references
 * ({@link #resolve(Long, String)}) that every caller uses.
 */
public final class Datasets {
    public static final int MAX_DESCRIPTION = 10_000;

    private final Database db;
    private final TeamUsage usage;

    public Datasets(Database db) {
        this(db, null);
    }

    /** Datasets whose deletion gives their team's usage back (the server's). */
    public Datasets(Database db, TeamUsage usage) {
        this.db = db;
        this.usage = usage;
    }

    /** What {@link #describe} tells: the versions, the latest, its logical size, and the bytes all versions added. */
    public record Description(
            Dataset dataset, String owner, List<Version> versions, Version latest, long size, long newBytes) {
        public Description {
            versions = List.copyOf(versions);
        }
    }

    public Dataset create(Long teamId, String name, String description, Long createdBy) {
        String checked = Names.checkDataset(name);
        String text = checkDescription(description);
        return db.write(h -> {
            if (teamId != null
                    && h.createQuery("SELECT COUNT(*) FROM teams WHERE id = :t")
                                    .bind("t", teamId)
                                    .mapTo(Long.class)
                                    .one()
                            == 0) {
                throw new CofferException.NotFound("no such team");
            }
            if (find(h, teamId, checked) != null) throw taken(teamId, checked);
            long id = h.createQuery("""
                            INSERT INTO datasets (team_id, name, description, created_by, created_at)
                            VALUES (:t, :n, :d, :by, :now) RETURNING id""")
                    .bind("t", teamId)
                    .bind("n", checked)
                    .bind("d", text)
                    .bind("by", createdBy)
                    .bind("now", db.now())
                    .mapTo(Long.class)
                    .one();
            return byId(h, id);
        });
    }

    public List<Dataset> list(Long teamId) {
        return db.read(h -> h.createQuery("SELECT " + Dataset.COLUMNS + " FROM datasets d WHERE "
                        + (teamId == null ? "d.team_id IS NULL" : "d.team_id = :t") + " ORDER BY d.name")
                .bind("t", teamId)
                .map(Dataset::map)
                .list());
    }

    public Dataset get(Long teamId, String name) {
        String checked = Names.checkDataset(name);
        return db.read(h -> {
            Dataset d = find(h, teamId, checked);
            if (d == null) throw notFound(teamId, checked);
            return d;
        });
    }

    public Dataset get(DatasetId id) {
        return db.read(h -> byId(h, id.value()));
    }

    public Description describe(Dataset dataset) {
        return db.read(h -> {
            Dataset d = byId(h, dataset.id().value());
            String owner = d.teamId() == null
                    ? null
                    : h.createQuery("SELECT name FROM teams WHERE id = :t")
                            .bind("t", d.teamId())
                            .mapTo(String.class)
                            .one();
            List<Version> versions = VersionRows.all(h, d.id());
            Version latest =
                    VersionRows.latest(h, d.id()).map(VersionRows::version).orElse(null);
            long added = versions.stream()
                    .filter(Version::committed)
                    .mapToLong(v -> v.newBytes() == null ? 0 : v.newBytes())
                    .sum();
            return new Description(d, owner, versions, latest, latest == null ? 0 : latest.size(), added);
        });
    }

    public Dataset rename(Dataset dataset, String newName) {
        String checked = Names.checkDataset(newName);
        return db.write(h -> {
            Dataset d = byId(h, dataset.id().value());
            Dataset other = find(h, d.teamId(), checked);
            if (other != null && !other.id().equals(d.id())) throw taken(d.teamId(), checked);
            h.createUpdate("UPDATE datasets SET name = :n WHERE id = :id")
                    .bind("n", checked)
                    .bind("id", d.id().value())
                    .execute();
            return byId(h, d.id().value());
        });
    }

    public Dataset setDescription(Dataset dataset, String description) {
        String text = checkDescription(description);
        return db.write(h -> {
            int changed = h.createUpdate("UPDATE datasets SET description = :d WHERE id = :id")
                    .bind("d", text)
                    .bind("id", dataset.id().value())
                    .execute();
            if (changed == 0) throw new CofferException.NotFound("no dataset named '" + dataset.name() + "'");
            return byId(h, dataset.id().value());
        });
    }

    /** Deletes a dataset with every version and tag; GC reclaims what nothing else uses. */
    public void delete(Dataset dataset) {
        TeamLedger.write(db, usage, h -> {
            TreeNodes.lock(h);
            byId(h, dataset.id().value());
            deleteIn(h, dataset.id().value(), dataset.teamId());
            return null;
        });
    }

    /**
     * Deletes every dataset of team {@code teamId} inside the caller's transaction (a user's
     * deletion takes their Private Workspace's datasets with it). The team's usage is not kept:
     * the team itself goes in the same transaction.
     */
    public static void deleteAllOfTeam(Handle h, long teamId) {
        List<Long> ids = h.createQuery("SELECT id FROM datasets WHERE team_id = :t ORDER BY id")
                .bind("t", teamId)
                .mapTo(Long.class)
                .list();
        if (ids.isEmpty()) return;
        TreeNodes.lock(h);
        for (long id : ids) deleteIn(h, id, teamId);
    }

    private static void deleteIn(Handle h, long datasetId, Long teamId) {
        // Wait for writes in flight to its drafts, so none lands after their rows go.
        h.createUpdate("UPDATE dataset_versions SET state = state WHERE dataset_id = :d")
                .bind("d", datasetId)
                .execute();
        TreeNodes nodes = new TreeNodes(h, TeamLedger.of(h, teamId));
        record Row(long id, String state, String root) {}
        List<Row> versions = h.createQuery("SELECT id, state, root_tree FROM dataset_versions WHERE dataset_id = :d")
                .bind("d", datasetId)
                .map((rs, ctx) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .list();
        Map<String, Long> roots = new LinkedHashMap<>();
        for (Row v : versions) {
            if (v.state().equals(Version.State.DRAFT.code)) new Overlay(h, v.id(), nodes).clear();
            roots.merge(v.root(), 1L, Long::sum);
        }
        h.createUpdate("DELETE FROM dataset_tags WHERE dataset_id = :d")
                .bind("d", datasetId)
                .execute();
        h.createUpdate("DELETE FROM dataset_versions WHERE dataset_id = :d")
                .bind("d", datasetId)
                .execute();
        h.createUpdate("DELETE FROM datasets WHERE id = :d")
                .bind("d", datasetId)
                .execute();
        nodes.releaseAll(roots);
    }

    /** A version by its id (for work that outlives a request, such as imports into a draft). */
    public Version version(long id) {
        return db.read(h -> {
            if (h.createQuery("SELECT COUNT(*) FROM dataset_versions WHERE id = :v")
                            .bind("v", id)
                            .mapTo(Long.class)
                            .one()
                    == 0) {
                throw new CofferException.NotFound("the version no longer exists");
            }
            return VersionRows.load(h, id).version();
        });
    }

    /** The team a dataset version belongs to (null: a public dataset). */
    public Long teamOf(Version version) {
        return db.withHandle(h -> TeamLedger.teamOfVersion(h, version.id()));
    }

    public List<Version> versions(Dataset dataset) {
        return db.read(h -> VersionRows.all(h, dataset.id()));
    }

    /** Resolves {@code NAME}, {@code NAME:N}, {@code NAME:TAG} or {@code NAME:latest} among a team's datasets (null: public ones). */
    public Version resolve(Long teamId, String reference) {
        return resolve(teamId, VersionRef.parse(reference));
    }

    public Version resolve(Long teamId, VersionRef ref) {
        return db.read(h -> {
            Dataset d = find(h, teamId, ref.dataset());
            if (d == null) throw notFound(teamId, ref.dataset());
            return resolveIn(h, d, ref);
        });
    }

    /** Resolves a reference within one dataset (its dataset name is not looked at). */
    public Version resolve(Dataset dataset, VersionRef ref) {
        return db.read(h -> resolveIn(h, byId(h, dataset.id().value()), ref));
    }

    private static Version resolveIn(Handle h, Dataset d, VersionRef ref) {
        return switch (ref.kind()) {
            case LATEST ->
                VersionRows.latest(h, d.id())
                        .orElseThrow(() -> new CofferException.NotFound("dataset '" + d.name()
                                + "' has no committed version yet; commit a draft, or name a draft by its number"))
                        .version();
            case NUMBER ->
                VersionRows.byNumber(h, d.id(), ref.number())
                        .orElseThrow(() -> new CofferException.NotFound(
                                "dataset '" + d.name() + "' has no version " + ref.number()))
                        .version();
            case TAG -> {
                Long id = h.createQuery("SELECT version_id FROM dataset_tags WHERE dataset_id = :d AND name = :n")
                        .bind("d", d.id().value())
                        .bind("n", ref.tag())
                        .mapTo(Long.class)
                        .findOne()
                        .orElseThrow(() -> new CofferException.NotFound(
                                "dataset '" + d.name() + "' has no tag '" + ref.tag() + "'"));
                yield VersionRows.load(h, id).version();
            }
        };
    }

    static Dataset find(Handle h, Long teamId, String name) {
        return h.createQuery("SELECT " + Dataset.COLUMNS + " FROM datasets d WHERE "
                        + (teamId == null ? "d.team_id IS NULL" : "d.team_id = :t") + " AND d.name = :n")
                .bind("t", teamId)
                .bind("n", name)
                .map(Dataset::map)
                .findOne()
                .orElse(null);
    }

    static Dataset byId(Handle h, long id) {
        return h.createQuery("SELECT " + Dataset.COLUMNS + " FROM datasets d WHERE d.id = :id")
                .bind("id", id)
                .map(Dataset::map)
                .findOne()
                .orElseThrow(() -> new CofferException.NotFound("no such dataset"));
    }

    private static String checkDescription(String description) {
        String text = description == null ? "" : description;
        if (text.length() > MAX_DESCRIPTION)
            throw new CofferException.Invalid("a description holds at most " + MAX_DESCRIPTION + " characters");
        if (text.indexOf('\0') >= 0) throw new CofferException.Invalid("a description must not contain NUL characters");
        return text;
    }

    private static CofferException.Conflict taken(Long teamId, String name) {
        return new CofferException.Conflict((teamId == null ? "a public dataset" : "the team has a dataset")
                + " named '" + name + "' already; choose another name");
    }

    private static CofferException.NotFound notFound(Long teamId, String name) {
        return new CofferException.NotFound("no " + (teamId == null ? "public " : "") + "dataset named '" + name + "'");
    }
}
