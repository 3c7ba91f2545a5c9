package dev.coffer.server.safety;

import dev.coffer.server.Backend;

class PostgresPossessionTest extends PossessionContract {
    @Override
    Backend backend() {
        return Backend.POSTGRESQL;
    }
}
