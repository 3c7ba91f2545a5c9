package dev.coffer.access;

import dev.coffer.testkit.PostgresServer;
import java.nio.file.Path;

class PostgresRecheckTest extends RecheckContract {
    @Override
    protected String newDatabase(Path tmp) throws Exception {
        return PostgresServer.shared().createDatabase();
    }
}
