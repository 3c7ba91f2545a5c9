package dev.coffer.server;

import dev.coffer.content.ContentStore;
import dev.coffer.dataset.Datasets;
import dev.coffer.dataset.Drafts;
import dev.coffer.dataset.Tags;
import dev.coffer.dataset.VersionDiff;
import dev.coffer.dataset.VersionReader;
import dev.coffer.db.Database;

/** The dataset engine's parts the HTTP layer uses. */
public record DatasetServices(Datasets datasets, Drafts drafts, Tags tags, VersionReader reader, VersionDiff diff) {
    public static DatasetServices of(Database db, ContentStore content) {
        return new DatasetServices(new Datasets(db), new Drafts(db, content), new Tags(db), new VersionReader(db, content), new VersionDiff(db));
    }
}
