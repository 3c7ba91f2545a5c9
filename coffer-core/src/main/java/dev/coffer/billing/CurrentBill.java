package dev.coffer.billing;

import java.math.BigDecimal;
import java.time.YearMonth;

/**
 * The month so far for one team, and where it is heading.
 *
 * @param at                 the instant "now" of this figure
 * @param plan               the team's plan now
 * @param usageBytes         the team's usage now
 * @param overageBytes       usage above the included storage now (reported even on a hard-limit plan)
 * @param soFar              the month's bill from its first millisecond to {@code at}
 * @param projected          the whole month's bill if usage and plan stay as they are now
 */
public record CurrentBill(
        YearMonth month, long at, Plan plan, long usageBytes, long overageBytes, Statement soFar, Statement projected) {

    /** The included storage now, {@code null} when unlimited. */
    public Long includedBytes() {
        return plan.unlimited() ? null : plan.includedBytes();
    }

    /** Dollars so far this month, rounded to the cent. */
    public BigDecimal amountSoFar() {
        return soFar.amount();
    }

    /** Dollars at month end if usage stays as it is now, rounded to the cent. */
    public BigDecimal projectedAmount() {
        return projected.amount();
    }
}
