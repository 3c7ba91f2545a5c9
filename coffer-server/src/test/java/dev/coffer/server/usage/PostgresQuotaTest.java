package dev.coffer.server.usage;

import dev.coffer.server.Backend;

class PostgresQuotaTest extends QuotaContract {
    @Override
    Backend backend() {
        return Backend.POSTGRESQL;
    }
}
