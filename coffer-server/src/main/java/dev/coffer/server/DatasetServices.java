package dev.coffer.server;

import dev.coffer.content.ContentStore;
import dev.coffer.dataset.Datasets;
import dev.coffer.dataset.Drafts;
import dev.coffer.dataset.Tags;
import dev.coffer.dataset.VersionDiff;
import dev.coffer.dataset.VersionReader;
import dev.coffer.db.Database;
import dev.coffer.usage.TeamUsage;

/** The dataset engine's parts the HTTP layer uses. */
public record DatasetServices(Datasets datasets, Drafts drafts, Tags tags, VersionReader reader, VersionDiff diff) {
    /** Dataset parts whose changes count for their team's usage. */
    public static DatasetServices of(Database db, ContentStore content, TeamUsage usage) {
        return new DatasetServices(
                new Datasets(db, usage),
                new Drafts(db, content, usage),
                new Tags(db),
                new VersionReader(db, content),
                new VersionDiff(db));
    }
}
