package dev.coffer.billing;

import dev.coffer.testkit.PostgresServer;
import java.nio.file.Path;

/** The billing contract on a real PostgreSQL server. */
class PostgresBillingTest extends BillingContract {
    @Override
    protected String newDatabase(Path tmp) throws Exception {
        return PostgresServer.shared().createDatabase();
    }
}
