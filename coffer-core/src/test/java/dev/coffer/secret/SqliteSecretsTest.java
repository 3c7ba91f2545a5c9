package dev.coffer.secret;

import java.nio.file.Path;

class SqliteSecretsTest extends SecretsContract {
    @Override
    protected String newDatabase(Path tmp) {
        return "sqlite:" + tmp.resolve("coffer.db");
    }
}
