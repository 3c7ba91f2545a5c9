package dev.coffer.server;

import java.util.Map;

class SqliteSecretsApiTest extends SecretsApiContract {
    @Override
    protected Map<String, String> newDatabase() {
        return Map.of();
    }

    @Override
    protected boolean postgres() {
        return false;
    }
}
