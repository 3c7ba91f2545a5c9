package dev.coffer.audit;

import java.nio.file.Path;

class SqliteAuditTest extends AuditContract {
    @Override
    protected String newDatabase(Path tmp) {
        return "sqlite:" + tmp.resolve("coffer.db");
    }
}
