package dev.coffer.dataset;

import java.nio.file.Path;

class SqliteCanonicalTreesTest extends CanonicalTreesContract {
    @Override
    protected String newDatabase(Path tmp) {
        return "sqlite:" + tmp.resolve("coffer.db");
    }
}
