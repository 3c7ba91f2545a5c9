package dev.coffer.server;

import dev.coffer.testkit.PostgresServer;
import java.util.Map;

/** The metadata databases server tests run on: each suite that claims both runs on each. */
public enum Backend {
    SQLITE, POSTGRESQL;

    /** Settings (as environment variables) that put a fresh server on this backend. */
    public Map<String, String> env() {
        return switch (this) {
            case SQLITE -> Map.of();
            case POSTGRESQL -> Map.of("COFFER_DB", createPostgresDatabase());
        };
    }

    private static String createPostgresDatabase() {
        try {
            return PostgresServer.shared().createDatabase();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a PostgreSQL test database", e);
        }
    }
}
