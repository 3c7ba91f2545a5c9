package dev.coffer.server;

import java.util.Map;

class SqliteAuditApiTest extends AuditApiContract {
    @Override
    protected Map<String, String> newDatabase() {
        return Map.of();
    }

    @Override
    protected boolean postgres() {
        return false;
    }
}
