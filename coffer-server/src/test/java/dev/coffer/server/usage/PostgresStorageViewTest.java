package dev.coffer.server.usage;

import dev.coffer.server.Backend;

class PostgresStorageViewTest extends StorageViewContract {
    @Override
    Backend backend() {
        return Backend.POSTGRESQL;
    }
}
