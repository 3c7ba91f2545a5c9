package dev.coffer.server;

import java.util.Map;

class SqliteDatasetApiTest extends DatasetApiContract {
    @Override
    protected Map<String, String> settings() {
        return Map.of();
    }
}
