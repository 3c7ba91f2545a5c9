package dev.coffer.dataset;

import java.nio.file.Path;

class SqliteVersionTreesTest extends VersionTreesContract {
    @Override
    protected String newDatabase(Path tmp) {
        return "sqlite:" + tmp.resolve("coffer.db");
    }
}
