package dev.coffer.audit;

import dev.coffer.testkit.PostgresServer;
import java.nio.file.Path;

class PostgresAuditTest extends AuditContract {
    @Override
    protected String newDatabase(Path tmp) throws Exception {
        return PostgresServer.shared().createDatabase();
    }
}
