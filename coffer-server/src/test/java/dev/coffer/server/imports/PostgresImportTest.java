package dev.coffer.server.imports;

import dev.coffer.server.Backend;

class PostgresImportTest extends ImportContract {
    @Override
    Backend backend() {
        return Backend.POSTGRESQL;
    }
}
