package dev.coffer.billing;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;

/**
 * The overage bill of one team for a period {@code [from, to)}, as {@link Metering} computes it.
 *
 * @param from            first millisecond of the period
 * @param to              first millisecond after it
 * @param pieces          every stretch with constant usage and plan inside one month, in time order
 * @param lines           the pieces merged per month and run of one plan (a statement's detail lines)
 * @param overageGbMonths GB-months above the included storage, billed or not (exact)
 * @param exactAmount     the dollars billed, exact and unrounded
 * @param amount          {@code exactAmount} rounded once to the cent, half up
 */
public record Bill(
        long from,
        long to,
        List<Piece> pieces,
        List<Line> lines,
        Fraction overageGbMonths,
        Fraction exactAmount,
        BigDecimal amount) {

    /**
     * Usage and plan constant, inside one calendar month.
     *
     * @param overageBytes usage above the plan's included storage (0 on an unlimited plan)
     * @param gbMonths     {@code overageBytes / 10^9 × (to − from) / month length}
     * @param amount       {@code gbMonths × price}, or 0 on a plan that does not bill overage
     */
    public record Piece(
            YearMonth month,
            Plan plan,
            long from,
            long to,
            long usageBytes,
            long overageBytes,
            Fraction gbMonths,
            Fraction amount) {
        /** The overage in GB (10^9 bytes), exact. */
        public BigDecimal overageGb() {
            return ByteSize.toGb(overageBytes);
        }
    }

    /**
     * One run of a plan inside one month.
     *
     * @param peakUsageBytes    the highest usage during the line
     * @param peakOverageBytes  the highest usage above the included storage during the line
     * @param billed            whether the plan bills overage (a hard-limit plan reports it, bills 0)
     */
    public record Line(
            YearMonth month,
            Plan plan,
            long from,
            long to,
            long peakUsageBytes,
            long peakOverageBytes,
            Fraction gbMonths,
            Fraction amount,
            boolean billed) {
        public BigDecimal peakOverageGb() {
            return ByteSize.toGb(peakOverageBytes);
        }
    }
}
