package dev.coffer.server;

class PostgresNotebookStatesTest extends NotebookStatesContract {
    @Override
    Backend backend() {
        return Backend.POSTGRESQL;
    }
}
