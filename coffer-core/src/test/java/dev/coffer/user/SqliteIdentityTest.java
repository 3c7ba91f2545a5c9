package dev.coffer.user;

import java.nio.file.Path;
import org.flywaydb.core.Flyway;

class SqliteIdentityTest extends IdentityContract {
    @Override
    protected String newDatabase(Path tmp) {
        return "sqlite:" + tmp.resolve("coffer.db");
    }

    @Override
    protected Flyway flyway(String location, String target) {
        return Flyway.configure().dataSource("jdbc:" + location, null, null)
                .locations("classpath:db/migration/sqlite").target(target).load();
    }
}
