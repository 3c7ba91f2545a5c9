package dev.coffer.server;

import dev.coffer.testkit.PostgresServer;
import java.io.IOException;
import java.util.Map;

/** The same suite with the metadata on a real PostgreSQL (COFFER_DB), as several servers would share it. */
class PostgresSecretsApiTest extends SecretsApiContract {
    @Override
    protected Map<String, String> newDatabase() throws IOException {
        return Map.of("COFFER_DB", PostgresServer.shared().createDatabase());
    }

    @Override
    protected boolean postgres() {
        return true;
    }
}
