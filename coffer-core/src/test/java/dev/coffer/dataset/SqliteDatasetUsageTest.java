package dev.coffer.dataset;

import java.nio.file.Path;

class SqliteDatasetUsageTest extends DatasetUsageContract {
    @Override
    protected String newDatabase(Path tmp) {
        return "sqlite:" + tmp.resolve("coffer.db");
    }
}
