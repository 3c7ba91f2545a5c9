package dev.coffer.server.access;

import dev.coffer.server.Backend;

class PostgresIsolationTest extends IsolationContract {
    @Override
    Backend backend() {
        return Backend.POSTGRESQL;
    }
}
