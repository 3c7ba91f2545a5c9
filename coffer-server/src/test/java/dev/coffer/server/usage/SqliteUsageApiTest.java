package dev.coffer.server.usage;

import dev.coffer.server.Backend;

class SqliteUsageApiTest extends UsageApiContract {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
