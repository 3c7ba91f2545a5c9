package dev.coffer.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.error.CofferException;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MeteringTest {
    static final long GB = 1_000_000_000L;
    static final PlanCatalog PLANS = PlanCatalog.defaults();

    static long at(int year, int month, int day, int hour) {
        return LocalDateTime.of(year, month, day, hour, 0)
                .toInstant(ZoneOffset.UTC)
                .toEpochMilli();
    }

    static Bill month(Timeline t, int year, int month) {
        return Metering.bill(PLANS, t, YearMonth.of(year, month));
    }

    static BigDecimal dollars(String s) {
        return new BigDecimal(s);
    }

    @ParameterizedTest(name = "{0}-{1}")
    @CsvSource({"2026,6", "2026,7"})
    void a_pro_team_at_50_gb_for_a_whole_month_pays_10_15_in_30_and_31_day_months(int year, int month) {
        Bill bill = month(Timeline.starting(50 * GB, "pro").build(), year, month);
        assertThat(bill.amount()).isEqualTo(dollars("10.15"));
        assertThat(bill.exactAmount()).isEqualTo(Fraction.of(dollars("10.15")));
        assertThat(bill.overageGbMonths()).isEqualTo(Fraction.of(35, 1));
        assertThat(bill.lines()).singleElement().satisfies(line -> {
            assertThat(line.plan().name()).isEqualTo("pro");
            assertThat(line.peakOverageGb()).isEqualByComparingTo("35");
            assertThat(line.billed()).isTrue();
        });
    }

    @Test
    void half_a_month_at_50_gb_on_pro_is_5_075_exact_and_bills_5_08() {
        // June 2026 has 30 days: the first 15 of them at 50 GB, then back to 10 GB (under 15 GB).
        Timeline t = Timeline.starting(50 * GB, "pro")
                .usage(at(2026, 6, 16, 0), 10 * GB)
                .build();
        Bill bill = month(t, 2026, 6);
        assertThat(bill.exactAmount().terminates()).isTrue();
        assertThat(bill.exactAmount().toDecimal()).isEqualByComparingTo("5.075");
        assertThat(bill.amount()).isEqualTo(dollars("5.08"));
        assertThat(bill.overageGbMonths().toDecimal()).isEqualByComparingTo("17.5");
    }

    @Test
    void half_a_month_computed_over_half_the_period_gives_the_same_figure() {
        Timeline t = Timeline.starting(50 * GB, "pro").build();
        Bill bill = Metering.bill(PLANS, t, at(2026, 6, 1, 0), at(2026, 6, 16, 0));
        assertThat(bill.exactAmount().toDecimal()).isEqualByComparingTo("5.075");
        assertThat(bill.amount()).isEqualTo(dollars("5.08"));
    }

    @Test
    void rounding_is_half_up_to_the_cent() {
        // A plan at $0.25 with 1 GB over for half a month: exactly 0.125, half-up 0.13 (half-even would say 0.12).
        PlanCatalog plans = PlanCatalog.from(Map.of("plans.quarter.included", "1GB", "plans.quarter.price", "0.25"));
        Timeline t = Timeline.starting(2 * GB, "quarter")
                .usage(at(2026, 6, 16, 0), 0)
                .build();
        Bill bill = Metering.bill(plans, t, YearMonth.of(2026, 6));
        assertThat(bill.exactAmount().toDecimal()).isEqualByComparingTo("0.125");
        assertThat(bill.amount()).isEqualTo(dollars("0.13"));
    }

    @Test
    void a_plan_change_mid_month_bills_each_part_under_its_own_plan() {
        // 60 GB all June; Pro for 10 days (45 GB over), Growth for 20 days (10 GB over).
        Timeline t = Timeline.starting(60 * GB, "pro")
                .plan(at(2026, 6, 11, 0), "growth")
                .build();
        Bill bill = month(t, 2026, 6);
        assertThat(bill.lines()).hasSize(2);
        Bill.Line pro = bill.lines().get(0);
        Bill.Line growth = bill.lines().get(1);
        assertThat(pro.plan().name()).isEqualTo("pro");
        assertThat(pro.gbMonths()).isEqualTo(Fraction.of(15, 1)); // 45 GB × 10/30
        assertThat(pro.amount().toDecimal()).isEqualByComparingTo("4.35");
        assertThat(pro.to()).isEqualTo(at(2026, 6, 11, 0));
        assertThat(growth.plan().name()).isEqualTo("growth");
        assertThat(growth.from()).isEqualTo(at(2026, 6, 11, 0));
        assertThat(growth.gbMonths()).isEqualTo(Fraction.of(20, 3)); // 10 GB × 20/30
        assertThat(growth.amount()).isEqualTo(Fraction.of(29, 15)); // 20/3 × 0.29 = 1.9333…
        assertThat(bill.exactAmount()).isEqualTo(Fraction.of(377, 60)); // 4.35 + 1.9333… = 6.28333…
        assertThat(bill.amount()).isEqualTo(dollars("6.28"));
    }

    @Test
    void growth_to_free_with_usage_above_5_gb_reports_the_excess_and_bills_nothing_for_the_free_part() {
        // 20 GB: under Growth's 50 GB, then 15 GB above Free's hard limit for the second half of June.
        Timeline t = Timeline.starting(20 * GB, "growth")
                .plan(at(2026, 6, 16, 0), "free")
                .build();
        Bill bill = month(t, 2026, 6);
        assertThat(bill.amount()).isEqualTo(dollars("0.00"));
        assertThat(bill.exactAmount()).isEqualTo(Fraction.ZERO);
        Bill.Line free = bill.lines().get(1);
        assertThat(free.plan().name()).isEqualTo("free");
        assertThat(free.billed()).isFalse();
        assertThat(free.peakOverageGb()).isEqualByComparingTo("15");
        assertThat(free.gbMonths().toDecimal()).isEqualByComparingTo("7.5");
        assertThat(free.amount()).isEqualTo(Fraction.ZERO);
        assertThat(bill.overageGbMonths().toDecimal()).isEqualByComparingTo("7.5");
    }

    @Test
    void usage_rising_and_falling_within_a_day_is_integrated_piece_by_piece() {
        // June 10, 2026 on Pro (15 GB included): 10 GB, 25 GB from 06:00, 40 GB from 12:00,
        // 20 GB from 18:00, 12 GB from 23:00. Over: 10 GB × 6 h + 25 GB × 6 h + 5 GB × 5 h = 235 GB-hours.
        // June has 720 hours: 235/720 = 47/144 GB-months; × 0.29 = 1363/14400 = 0.0946527… dollars.
        Timeline t = Timeline.starting(10 * GB, "pro")
                .usage(at(2026, 6, 10, 6), 25 * GB)
                .usage(at(2026, 6, 10, 12), 40 * GB)
                .usage(at(2026, 6, 10, 18), 20 * GB)
                .usage(at(2026, 6, 10, 23), 12 * GB)
                .build();
        Bill bill = month(t, 2026, 6);
        assertThat(bill.overageGbMonths()).isEqualTo(Fraction.of(47, 144));
        assertThat(bill.exactAmount()).isEqualTo(Fraction.of(1363, 14400));
        assertThat(bill.exactAmount().toDecimal()).isEqualByComparingTo("0.09465277777777777777777777777777778");
        assertThat(bill.amount()).isEqualTo(dollars("0.09"));
        assertThat(bill.pieces()).hasSize(5);
        assertThat(bill.lines())
                .singleElement()
                .satisfies(l -> assertThat(l.peakUsageBytes()).isEqualTo(40 * GB));
    }

    @ParameterizedTest(name = "{0}-{1}: {2} days, one day costs {3}")
    @CsvSource({
        "2026, 2, 28, 0.3625, 0.36",
        "2028, 2, 29, 0.35, 0.35",
        "2026, 4, 30, 0.3383333333333333333333333333333333, 0.34",
        "2026, 1, 31, 0.3274193548387096774193548387096774, 0.33"
    })
    void months_of_28_to_31_days_prorate_by_their_own_length(
            int year, int month, int days, String oneDayExact, String oneDayBilled) {
        YearMonth ym = YearMonth.of(year, month);
        assertThat(ym.lengthOfMonth()).isEqualTo(days);
        Bill whole = month(Timeline.starting(50 * GB, "pro").build(), year, month);
        assertThat(whole.amount()).isEqualTo(dollars("10.15"));

        Timeline oneDay = Timeline.starting(0, "pro")
                .usage(at(year, month, 3, 0), 50 * GB)
                .usage(at(year, month, 4, 0), 0)
                .build();
        Bill bill = month(oneDay, year, month);
        assertThat(bill.exactAmount()).isEqualTo(Fraction.of(dollars("10.15")).multiply(Fraction.of(1, days)));
        assertThat(bill.exactAmount().toDecimal()).isEqualByComparingTo(oneDayExact);
        assertThat(bill.amount()).isEqualTo(dollars(oneDayBilled));
    }

    @Test
    void a_period_spanning_a_month_boundary_is_split_and_each_part_prorated_by_its_month() {
        // Jan 16 – Feb 15, 2026 at 50 GB on Pro: 16/31 of January's 10.15 plus 14/28 of February's.
        Bill bill =
                Metering.bill(PLANS, Timeline.starting(50 * GB, "pro").build(), at(2026, 1, 16, 0), at(2026, 2, 15, 0));
        assertThat(bill.lines()).hasSize(2);
        assertThat(bill.lines().get(0).month()).isEqualTo(YearMonth.of(2026, 1));
        assertThat(bill.lines().get(0).to()).isEqualTo(at(2026, 2, 1, 0));
        assertThat(bill.lines().get(0).amount())
                .isEqualTo(Fraction.of(dollars("10.15")).multiply(Fraction.of(16, 31)));
        assertThat(bill.lines().get(1).month()).isEqualTo(YearMonth.of(2026, 2));
        assertThat(bill.lines().get(1).from()).isEqualTo(at(2026, 2, 1, 0));
        assertThat(bill.lines().get(1).amount().toDecimal()).isEqualByComparingTo("5.075");
        assertThat(bill.exactAmount().toDecimal()).isEqualByComparingTo("10.31370967741935483870967741935484");
        assertThat(bill.amount()).isEqualTo(dollars("10.31"));
    }

    @Test
    void a_month_without_events_carries_the_level_from_before_it() {
        Timeline t = Timeline.starting(0, "free")
                .plan(at(2025, 11, 2, 9), "pro")
                .usage(at(2025, 12, 20, 13), 50 * GB)
                .build();
        Bill march = month(t, 2026, 3);
        assertThat(march.amount()).isEqualTo(dollars("10.15"));
        assertThat(march.pieces()).singleElement().satisfies(p -> {
            assertThat(p.usageBytes()).isEqualTo(50 * GB);
            assertThat(p.plan().name()).isEqualTo("pro");
        });
    }

    @Test
    void usage_exactly_at_the_included_amount_costs_nothing() {
        Bill bill = month(Timeline.starting(15 * GB, "pro").build(), 2026, 6);
        assertThat(bill.exactAmount()).isEqualTo(Fraction.ZERO);
        assertThat(bill.overageGbMonths()).isEqualTo(Fraction.ZERO);
        assertThat(bill.amount()).isEqualTo(dollars("0.00"));
    }

    @Test
    void an_unlimited_plan_never_has_an_overage() {
        Bill bill = month(Timeline.starting(Long.MAX_VALUE - 1, "enterprise").build(), 2026, 6);
        assertThat(bill.exactAmount()).isEqualTo(Fraction.ZERO);
        assertThat(bill.overageGbMonths()).isEqualTo(Fraction.ZERO);
        assertThat(bill.amount()).isEqualTo(dollars("0.00"));
    }

    @Test
    void one_byte_over_for_one_second_rounds_to_nothing_but_is_counted_exactly() {
        long start = at(2026, 6, 5, 0);
        Timeline t = Timeline.starting(15 * GB, "pro")
                .usage(start, 15 * GB + 1)
                .usage(start + 1000, 15 * GB)
                .build();
        Bill bill = month(t, 2026, 6);
        // 1 byte × 1,000 ms × 0.29 / (10^9 × 2,592,000,000 ms)
        assertThat(bill.exactAmount())
                .isEqualTo(Fraction.of(dollars("0.29")).multiply(Fraction.of(1000, GB * 2_592_000_000L)));
        assertThat(bill.exactAmount().signum()).isPositive();
        assertThat(bill.amount()).isEqualTo(dollars("0.00"));
    }

    @Test
    void changes_at_the_same_instant_keep_the_last_and_changes_outside_the_period_are_ignored() {
        long mid = at(2026, 6, 16, 0);
        Timeline t = Timeline.starting(0, "pro")
                .usage(at(2026, 5, 20, 0), 99 * GB) // before the period: folded into the start level
                .usage(at(2026, 6, 1, 0), 50 * GB) // at the start: holds from the start
                .usage(mid, 80 * GB)
                .usage(mid, 15 * GB) // same instant, listed last: wins
                .usage(at(2026, 7, 1, 0), 500 * GB) // at the end: outside [from, to)
                .build();
        Bill bill = month(t, 2026, 6);
        assertThat(bill.exactAmount().toDecimal()).isEqualByComparingTo("5.075");
        assertThat(bill.pieces()).extracting(Bill.Piece::usageBytes).containsExactly(50 * GB, 15 * GB);
    }

    @Test
    void an_empty_period_costs_nothing_and_a_plan_the_catalog_lacks_is_named() {
        long t0 = at(2026, 6, 1, 0);
        assertThat(Metering.bill(PLANS, Timeline.starting(50 * GB, "pro").build(), t0, t0)
                        .pieces())
                .isEmpty();
        assertThatThrownBy(
                        () -> Metering.bill(PLANS, Timeline.starting(0, "gold").build(), t0, t0 + 1))
                .isInstanceOf(CofferException.Invalid.class)
                .hasMessageContaining("'gold'")
                .hasMessageContaining("plans.gold.included");
    }
}
