package dev.coffer.server;

import dev.coffer.testkit.PostgresServer;
import java.util.Map;

class PostgresDatasetApiTest extends DatasetApiContract {
    @Override
    protected Map<String, String> settings() throws Exception {
        return Map.of("COFFER_DB", PostgresServer.shared().createDatabase());
    }
}
