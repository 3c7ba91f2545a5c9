package dev.coffer.billing;

import java.math.BigDecimal;

/**
 * A plan: the storage it includes, the price of each GB-month above that, and what else it allows.
 *
 * @param name            the plan's key in configuration and the API: lowercase {@code [a-z0-9-]+}
 * @param displayName     how people see it ("Pro")
 * @param includedBytes   storage included, or {@link ByteSize#UNLIMITED}
 * @param price           dollars per GB-month above the included storage (exact)
 * @param dataSources     whether the team may add external data sources (S3, Spaces)
 * @param hardLimit       whether the included storage is a limit that writes may not pass; such a
 *                        plan bills no overage even when usage is above it (after a downgrade)
 */
public record Plan(
        String name, String displayName, long includedBytes, BigDecimal price, boolean dataSources, boolean hardLimit) {

    public boolean unlimited() {
        return includedBytes == ByteSize.UNLIMITED;
    }

    /** The bytes of {@code usageBytes} above the included storage (0 on an unlimited plan). */
    public long overageBytes(long usageBytes) {
        return unlimited() ? 0 : Math.max(0, usageBytes - includedBytes);
    }

    /** Whether storage above the included amount is billed (it is not on a hard-limit plan). */
    public boolean billsOverage() {
        return !hardLimit && !unlimited() && price.signum() > 0;
    }
}
