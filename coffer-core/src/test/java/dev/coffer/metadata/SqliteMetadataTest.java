package dev.coffer.metadata;

import java.nio.file.Path;

class SqliteMetadataTest extends MetadataContract {
    @Override
    protected String newDatabase(Path tmp) {
        return "sqlite:" + tmp.resolve("coffer.db");
    }
}
