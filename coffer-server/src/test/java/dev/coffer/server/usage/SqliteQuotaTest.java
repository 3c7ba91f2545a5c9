package dev.coffer.server.usage;

import dev.coffer.server.Backend;

class SqliteQuotaTest extends QuotaContract {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
