package dev.coffer.billing;

import java.nio.file.Path;

class SqliteBillingTest extends BillingContract {
    @Override
    protected String newDatabase(Path tmp) {
        return "sqlite:" + tmp.resolve("coffer.db");
    }
}
