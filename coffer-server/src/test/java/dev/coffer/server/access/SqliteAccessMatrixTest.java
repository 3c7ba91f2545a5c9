package dev.coffer.server.access;

import dev.coffer.server.Backend;

class SqliteAccessMatrixTest extends AccessMatrixContract {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
