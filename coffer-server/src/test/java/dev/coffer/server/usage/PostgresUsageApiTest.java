package dev.coffer.server.usage;

import dev.coffer.server.Backend;

class PostgresUsageApiTest extends UsageApiContract {
    @Override
    Backend backend() {
        return Backend.POSTGRESQL;
    }
}
