package dev.coffer.dataset;

import java.nio.file.Path;

class SqliteDatasetStorageTest extends DatasetStorageContract {
    @Override
    protected String newDatabase(Path tmp) {
        return "sqlite:" + tmp.resolve("coffer.db");
    }
}
