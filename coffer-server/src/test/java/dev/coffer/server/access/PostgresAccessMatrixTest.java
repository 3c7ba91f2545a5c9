package dev.coffer.server.access;

import dev.coffer.server.Backend;

class PostgresAccessMatrixTest extends AccessMatrixContract {
    @Override
    Backend backend() {
        return Backend.POSTGRESQL;
    }
}
