package dev.coffer.dataset;

import dev.coffer.testkit.PostgresServer;
import java.nio.file.Path;

class PostgresDatasetUsageTest extends DatasetUsageContract {
    @Override
    protected String newDatabase(Path tmp) throws Exception {
        return PostgresServer.shared().createDatabase();
    }
}
