package dev.coffer.dataset;

import java.nio.file.Path;

class SqliteDeepTreeTest extends DeepTreeContract {
    @Override
    protected String newDatabase(Path tmp) {
        return "sqlite:" + tmp.resolve("coffer.db");
    }
}
