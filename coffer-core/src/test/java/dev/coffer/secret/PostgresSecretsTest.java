package dev.coffer.secret;

import dev.coffer.testkit.PostgresServer;
import java.nio.file.Path;

class PostgresSecretsTest extends SecretsContract {
    @Override
    protected String newDatabase(Path tmp) throws Exception {
        return PostgresServer.shared().createDatabase();
    }
}
