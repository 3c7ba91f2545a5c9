package dev.coffer.gc;

import java.nio.file.Path;

class SqliteGcOrderTest extends GcOrderContract {
    @Override
    protected String newDatabase(Path tmp) {
        return "sqlite:" + tmp.resolve("coffer.db");
    }
}
