package dev.coffer.server.access;

import dev.coffer.server.Backend;

class PostgresNotebookScopeTest extends NotebookScopeContract {
    @Override
    Backend backend() {
        return Backend.POSTGRESQL;
    }
}
