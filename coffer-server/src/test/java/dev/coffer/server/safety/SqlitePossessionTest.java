package dev.coffer.server.safety;

import dev.coffer.server.Backend;

class SqlitePossessionTest extends PossessionContract {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
