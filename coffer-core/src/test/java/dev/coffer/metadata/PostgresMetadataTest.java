package dev.coffer.metadata;

import dev.coffer.testkit.PostgresServer;
import java.nio.file.Path;

/** The same contract on a real PostgreSQL server, started once per test run from Debian's binaries. */
class PostgresMetadataTest extends MetadataContract {
    @Override
    protected String newDatabase(Path tmp) throws Exception {
        return PostgresServer.shared().createDatabase();
    }
}
