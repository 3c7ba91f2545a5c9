package dev.coffer.server;

class SqliteBillingApiTest extends BillingApiContract {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
