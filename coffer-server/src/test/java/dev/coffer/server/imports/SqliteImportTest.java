package dev.coffer.server.imports;

import dev.coffer.server.Backend;

class SqliteImportTest extends ImportContract {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
