package dev.coffer.server.access;

import dev.coffer.server.Backend;

class SqliteNotebookScopeTest extends NotebookScopeContract {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
