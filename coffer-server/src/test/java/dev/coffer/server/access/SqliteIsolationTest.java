package dev.coffer.server.access;

import dev.coffer.server.Backend;

class SqliteIsolationTest extends IsolationContract {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
