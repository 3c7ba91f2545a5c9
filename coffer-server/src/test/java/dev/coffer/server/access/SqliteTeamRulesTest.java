package dev.coffer.server.access;

import dev.coffer.server.Backend;

class SqliteTeamRulesTest extends TeamRulesContract {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
