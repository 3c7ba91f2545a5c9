package dev.coffer.usage;

import dev.coffer.testkit.PostgresServer;
import java.nio.file.Path;

class PostgresUsageTest extends UsageContract {
    @Override
    protected String newDatabase(Path tmp) throws Exception {
        return PostgresServer.shared().createDatabase();
    }
}
