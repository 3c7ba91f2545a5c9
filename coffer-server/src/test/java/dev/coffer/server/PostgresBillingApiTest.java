package dev.coffer.server;

class PostgresBillingApiTest extends BillingApiContract {
    @Override
    Backend backend() {
        return Backend.POSTGRESQL;
    }
}
