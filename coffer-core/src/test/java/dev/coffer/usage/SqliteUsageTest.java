package dev.coffer.usage;

import java.nio.file.Path;

class SqliteUsageTest extends UsageContract {
    @Override
    protected String newDatabase(Path tmp) {
        return "sqlite:" + tmp.resolve("coffer.db");
    }
}
