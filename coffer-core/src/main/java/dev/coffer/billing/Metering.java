package dev.coffer.billing;

import dev.coffer.billing.Timeline.PlanChange;
import dev.coffer.billing.Timeline.UsageChange;
import dev.coffer.error.CofferException;
import java.math.BigInteger;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * The overage arithmetic: pure, exact, no database and no floating point.
 *
 * <p>The period is cut wherever usage or plan changes and at every month boundary (UTC). Each
 * piece of {@code d} milliseconds in a month of {@code m} milliseconds, with usage {@code u} bytes
 * on a plan including {@code i} bytes at price {@code p} dollars per GB-month, costs
 * <pre>  max(0, u − i) · d · p / (10^9 · m)</pre>
 * (0 on an unlimited plan and on a hard-limit plan). Pieces are summed as exact fractions and the
 * sum is rounded once, to the cent, half up. Milliseconds are the unit of time throughout: events
 * carry millisecond times, and a month of 30 days is 2,592,000,000 ms.
 *
 * <p>Cost: linear in the number of changes and months in the period.
 */
public final class Metering {
    private static final BigInteger GB = BigInteger.valueOf(ByteSize.GB);

    private Metering() {}

    /**
     * The bill of {@code timeline} over {@code [from, to)}.
     *
     * @throws CofferException.Invalid if the timeline names a plan the catalog lacks
     */
    public static Bill bill(PlanCatalog catalog, Timeline timeline, long from, long to) {
        if (to < from) throw new IllegalArgumentException("period ends before it starts: " + from + " > " + to);
        List<UsageChange> usageChanges = timeline.usage();
        List<PlanChange> planChanges = timeline.plans();
        long usage = timeline.usageAtStart();
        Plan plan = planNamed(catalog, timeline.planAtStart());
        int u = 0;
        int p = 0;
        while (u < usageChanges.size() && usageChanges.get(u).at() <= from)
            usage = usageChanges.get(u++).usageBytes();
        while (p < planChanges.size() && planChanges.get(p).at() <= from)
            plan = planNamed(catalog, planChanges.get(p++).plan());

        List<Bill.Piece> pieces = new ArrayList<>();
        long at = from;
        while (at < to) {
            YearMonth month = Months.of(at);
            long next = Math.min(to, Months.end(month));
            if (u < usageChanges.size())
                next = Math.min(next, usageChanges.get(u).at());
            if (p < planChanges.size()) next = Math.min(next, planChanges.get(p).at());
            pieces.add(piece(month, plan, at, next, usage));
            at = next;
            while (u < usageChanges.size() && usageChanges.get(u).at() <= at)
                usage = usageChanges.get(u++).usageBytes();
            while (p < planChanges.size() && planChanges.get(p).at() <= at)
                plan = planNamed(catalog, planChanges.get(p++).plan());
        }

        List<Bill.Line> lines = lines(pieces);
        Fraction gbMonths = Fraction.ZERO;
        Fraction amount = Fraction.ZERO;
        for (Bill.Line line : lines) {
            gbMonths = gbMonths.add(line.gbMonths());
            amount = amount.add(line.amount());
        }
        return new Bill(from, to, List.copyOf(pieces), lines, gbMonths, amount, amount.toCents());
    }

    /** The bill of a whole calendar month. */
    public static Bill bill(PlanCatalog catalog, Timeline timeline, YearMonth month) {
        return bill(catalog, timeline, Months.start(month), Months.end(month));
    }

    private static Bill.Piece piece(YearMonth month, Plan plan, long from, long to, long usage) {
        long over = plan.overageBytes(usage);
        if (over == 0) return new Bill.Piece(month, plan, from, to, usage, 0, Fraction.ZERO, Fraction.ZERO);
        Fraction gbMonths = Fraction.of(
                BigInteger.valueOf(over).multiply(BigInteger.valueOf(to - from)),
                GB.multiply(BigInteger.valueOf(Months.lengthMillis(month))));
        Fraction amount = plan.billsOverage() ? gbMonths.multiply(plan.price()) : Fraction.ZERO;
        return new Bill.Piece(month, plan, from, to, usage, over, gbMonths, amount);
    }

    /** Merges consecutive pieces of the same month and plan. */
    private static List<Bill.Line> lines(List<Bill.Piece> pieces) {
        List<Bill.Line> lines = new ArrayList<>();
        int i = 0;
        while (i < pieces.size()) {
            Bill.Piece first = pieces.get(i);
            long to = first.to();
            long peak = first.usageBytes();
            long peakOver = first.overageBytes();
            Fraction gbMonths = first.gbMonths();
            Fraction amount = first.amount();
            int j = i + 1;
            while (j < pieces.size()
                    && pieces.get(j).month().equals(first.month())
                    && pieces.get(j).plan().name().equals(first.plan().name())) {
                Bill.Piece next = pieces.get(j++);
                to = next.to();
                peak = Math.max(peak, next.usageBytes());
                peakOver = Math.max(peakOver, next.overageBytes());
                gbMonths = gbMonths.add(next.gbMonths());
                amount = amount.add(next.amount());
            }
            lines.add(new Bill.Line(
                    first.month(),
                    first.plan(),
                    first.from(),
                    to,
                    peak,
                    peakOver,
                    gbMonths,
                    amount,
                    first.plan().billsOverage()));
            i = j;
        }
        return List.copyOf(lines);
    }

    private static Plan planNamed(PlanCatalog catalog, String name) {
        return catalog.find(name)
                .orElseThrow(() -> new CofferException.Invalid(
                        "the team's history names plan '" + name + "', which the configuration no longer defines;"
                                + " add plans." + name + ".included (and its other settings) back to bill it"));
    }
}
