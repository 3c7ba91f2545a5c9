package dev.coffer.server.access;

import dev.coffer.server.Backend;

class PostgresTeamRulesTest extends TeamRulesContract {
    @Override
    Backend backend() {
        return Backend.POSTGRESQL;
    }
}
