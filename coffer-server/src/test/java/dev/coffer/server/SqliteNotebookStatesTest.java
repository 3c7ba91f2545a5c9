package dev.coffer.server;

class SqliteNotebookStatesTest extends NotebookStatesContract {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
