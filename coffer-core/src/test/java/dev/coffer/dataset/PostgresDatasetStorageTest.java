package dev.coffer.dataset;

import dev.coffer.testkit.PostgresServer;
import java.nio.file.Path;

class PostgresDatasetStorageTest extends DatasetStorageContract {
    @Override
    protected String newDatabase(Path tmp) throws Exception {
        return PostgresServer.shared().createDatabase();
    }
}
