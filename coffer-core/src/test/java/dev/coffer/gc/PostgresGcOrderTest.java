package dev.coffer.gc;

import dev.coffer.testkit.PostgresServer;
import java.nio.file.Path;

class PostgresGcOrderTest extends GcOrderContract {
    @Override
    protected String newDatabase(Path tmp) throws Exception {
        return PostgresServer.shared().createDatabase();
    }
}
