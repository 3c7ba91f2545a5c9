package dev.coffer.dataset;

import java.nio.file.Path;

class SqliteVersionsTest extends VersionsContract {
    @Override
    protected String newDatabase(Path tmp) {
        return "sqlite:" + tmp.resolve("coffer.db");
    }
}
