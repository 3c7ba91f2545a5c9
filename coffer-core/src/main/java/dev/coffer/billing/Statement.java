package dev.coffer.billing;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * A team's bill for one calendar month (UTC).
 *
 * @param plan            the plans in force during the month, in order ({@code pro → growth})
 * @param overageGbMonths GB-months above the included storage, billed or not (exact when it
 *                        terminates, else 34 significant digits)
 * @param amountExact     the dollars billed before rounding (same precision rule)
 * @param amountCents     the billed amount: the exact sum rounded once to the cent, half up
 * @param lines           one per run of a plan in the month
 * @param frozenAt        when the month was closed, or {@code null} for a live statement
 */
public record Statement(
        long teamId,
        YearMonth month,
        String plan,
        BigDecimal overageGbMonths,
        BigDecimal amountExact,
        long amountCents,
        List<Line> lines,
        Long frozenAt) {

    /**
     * A run of one plan within the month.
     *
     * @param includedBytes    the plan's included storage, {@code null} when unlimited
     * @param peakUsageBytes   the highest usage during the line
     * @param peakOverageGb    the highest usage above the included storage, in GB
     * @param overageGbMonths  GB-months above the included storage during the line
     * @param amount           dollars for the line before rounding (0 when not billed)
     * @param billed           false on a hard-limit plan: its excess is reported, not billed
     */
    public record Line(
            String plan,
            long from,
            long to,
            Long includedBytes,
            long peakUsageBytes,
            BigDecimal peakOverageGb,
            BigDecimal overageGbMonths,
            BigDecimal price,
            BigDecimal amount,
            boolean billed) {}

    public boolean frozen() {
        return frozenAt != null;
    }

    /** The billed amount in dollars, two decimals. */
    public BigDecimal amount() {
        return BigDecimal.valueOf(amountCents, 2);
    }

    static Statement of(long teamId, YearMonth month, Bill bill, Long frozenAt) {
        List<Line> lines = new ArrayList<>();
        String previous = null;
        List<String> runs = new ArrayList<>();
        for (Bill.Line l : bill.lines()) {
            lines.add(line(l));
            if (!l.plan().name().equals(previous)) runs.add(l.plan().name());
            previous = l.plan().name();
        }
        return new Statement(
                teamId,
                month,
                String.join(" → ", runs),
                bill.overageGbMonths().toDecimal(),
                bill.exactAmount().toDecimal(),
                bill.amount().movePointRight(2).longValueExact(),
                List.copyOf(lines),
                frozenAt);
    }

    static Line line(Bill.Line l) {
        Plan p = l.plan();
        return new Line(
                p.name(),
                l.from(),
                l.to(),
                p.unlimited() ? null : p.includedBytes(),
                l.peakUsageBytes(),
                l.peakOverageGb(),
                l.gbMonths().toDecimal(),
                p.price(),
                l.amount().toDecimal(),
                l.billed());
    }
}
