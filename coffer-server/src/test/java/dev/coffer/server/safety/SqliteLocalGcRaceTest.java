package dev.coffer.server.safety;

import java.util.Map;

/** The collector race on embedded defaults: SQLite and a local folder. */
class SqliteLocalGcRaceTest extends GcRaceContract {
    @Override
    Map<String, String> env() {
        return Map.of();
    }
}
