package dev.coffer.dataset;

import dev.coffer.db.Database;
import dev.coffer.usage.TeamUsage;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;

/**
 * "Deleting this frees N" for a dataset or one of its versions: the delete is carried out in a
 * transaction that is then rolled back, and the drop of the team's usage inside it is the
 * answer. It is exact (the same code as the real delete decides what leaves the team) and costs
 * what the delete would: in proportion to what only that version or dataset holds.
 */
public final class DatasetFrees {
    private final Database db;
    private final TeamUsage usage;

    public DatasetFrees(Database db, TeamUsage usage) {
        this.db = db;
        this.usage = usage;
    }

    private static final class Answer extends RuntimeException {
        final long bytes;

        Answer(long bytes) {
            super(null, null, false, false);
            this.bytes = bytes;
        }
    }

    /** Bytes the team's usage would drop by if {@code version} were deleted (0 for public datasets). */
    public long ifVersionDeleted(Version version) {
        return dryRun(h -> Drafts.drop(h, VersionRows.load(h, version.id())), version.id(), null);
    }

    /** Bytes the team's usage would drop by if {@code dataset} were deleted with all its versions. */
    public long ifDatasetDeleted(Dataset dataset) {
        if (dataset.teamId() == null) return 0;
        return dryRun(
                h -> {
                    for (long id : h.createQuery("SELECT id FROM dataset_versions WHERE dataset_id = :d")
                            .bind("d", dataset.id().value())
                            .mapTo(Long.class)
                            .list()) {
                        Drafts.drop(h, VersionRows.load(h, id));
                    }
                },
                null,
                dataset.teamId());
    }

    private long dryRun(Consumer<Handle> delete, Long versionId, Long teamId) {
        try {
            TeamLedger.write(db, usage, h -> {
                TreeNodes.lock(h);
                Long team = teamId != null ? teamId : TeamLedger.teamOfVersion(h, versionId);
                if (team == null) throw new Answer(0);
                usage.lock(h, team);
                long before = TeamUsage.bytes(h, team);
                delete.accept(h);
                TeamLedger.applyNow();
                throw new Answer(before - TeamUsage.bytes(h, team));
            });
            throw new IllegalStateException("a dry run must not commit");
        } catch (Answer a) {
            return a.bytes;
        }
    }
}
