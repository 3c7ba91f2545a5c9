package dev.coffer.user;

import dev.coffer.testkit.PostgresServer;
import java.net.URI;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;

class PostgresIdentityTest extends IdentityContract {
    @Override
    protected String newDatabase(Path tmp) throws Exception {
        return PostgresServer.shared().createDatabase();
    }

    @Override
    protected Flyway flyway(String location, String target) {
        PostgresServer pg = PostgresServer.shared();
        return Flyway.configure().dataSource(pg.jdbcUrl(URI.create(location).getPath().substring(1)), pg.user(), pg.password())
                .locations("classpath:db/migration/postgresql").target(target).load();
    }
}
