package dev.coffer.access;

import java.nio.file.Path;

class SqliteRecheckTest extends RecheckContract {
    @Override
    protected String newDatabase(Path tmp) {
        return "sqlite:" + tmp.resolve("coffer.db");
    }
}
