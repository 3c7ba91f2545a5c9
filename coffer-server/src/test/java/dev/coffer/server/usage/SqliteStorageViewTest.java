package dev.coffer.server.usage;

import dev.coffer.server.Backend;

class SqliteStorageViewTest extends StorageViewContract {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
