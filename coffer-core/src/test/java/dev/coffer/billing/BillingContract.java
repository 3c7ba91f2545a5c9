package dev.coffer.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.db.Database;
import dev.coffer.error.CofferException;
import dev.coffer.testkit.Backend;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Plans, usage events, statements and utilization on every SQL database Coffer supports. */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class BillingContract {
    static final long GB = 1_000_000_000L;
    static final YearMonth MAY = YearMonth.of(2026, 5);
    static final YearMonth JUNE = YearMonth.of(2026, 6);

    @TempDir
    Path tmp;

    Database db;
    PlanCatalog catalog;
    Plans plans;
    Statements statements;
    Utilization utilization;
    long team;
    long other;

    @Parameter
    Backend backend;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(backend.newDatabase(tmp));
        catalog = PlanCatalog.from(Map.of("plans.tiny.included", "5MB", "plans.tiny.hardLimit", "true"));
        plans = new Plans(db, catalog);
        statements = new Statements(db, catalog);
        utilization = new Utilization(db);
        team = createTeam("acme");
        other = createTeam("other");
    }

    @AfterEach
    void close() {
        db.close();
    }

    long createTeam(String name) {
        return db.write(h -> h.createQuery("INSERT INTO teams (name, created_at) VALUES (:n, 0) RETURNING id")
                .bind("n", name)
                .mapTo(Long.class)
                .one());
    }

    static long at(int year, int month, int day, int hour, int minute) {
        return LocalDateTime.of(year, month, day, hour, minute)
                .toInstant(ZoneOffset.UTC)
                .toEpochMilli();
    }

    static long at(int month, int day) {
        return at(2026, month, day, 0, 0);
    }

    void usage(long teamId, long bytes, long at) {
        db.useWrite(h -> Meter.recordUsage(h, teamId, bytes, at));
    }

    long count(String table) {
        return db.withHandle(h ->
                h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }

    List<long[]> usageRows(long teamId) {
        return db.withHandle(h -> h.createQuery(
                        "SELECT at, usage_bytes FROM usage_events WHERE team_id = :t ORDER BY at")
                .bind("t", teamId)
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .list());
    }

    @Test
    void record_usage_appends_one_event_per_change_and_replaces_one_of_the_same_millisecond() {
        usage(team, 10, 1_000);
        usage(team, 20, 2_000);
        usage(team, 25, 2_000);
        usage(other, 7, 2_000);
        assertThat(usageRows(team)).containsExactly(new long[] {1_000, 10}, new long[] {2_000, 25});
        assertThat(usageRows(other)).containsExactly(new long[] {2_000, 7});
    }

    @Test
    void record_usage_never_goes_back_in_time_so_the_last_change_is_the_level_in_force() {
        usage(team, 10, 5_000);
        usage(team, 30, 4_000); // another server's clock is a second behind
        assertThat(usageRows(team)).containsExactly(new long[] {5_000, 30});
        usage(team, 40, 6_000);
        assertThat(usageRows(team)).containsExactly(new long[] {5_000, 30}, new long[] {6_000, 40});
    }

    @Test
    void record_usage_joins_the_callers_transaction() {
        assertThatThrownBy(() -> db.useWrite(h -> {
                    Meter.recordUsage(h, team, 99, 1_000);
                    throw new IllegalStateException("the change that caused it failed");
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(usageRows(team)).isEmpty();
    }

    @Test
    void a_team_starts_on_the_default_plan_and_set_plan_records_the_change() {
        assertThat(plans.planOf(team).name()).isEqualTo("free");
        assertThat(plans.assignmentOf(team).since()).isZero();

        Plans.Assignment a = plans.setPlan(team, "pro", at(5, 10));
        assertThat(a.plan().name()).isEqualTo("pro");
        assertThat(a.since()).isEqualTo(at(5, 10));
        plans.setPlan(team, "pro", at(5, 12)); // already on it: nothing changes
        plans.setPlan(team, "growth", at(5, 20));

        assertThat(plans.planOf(team).name()).isEqualTo("growth");
        assertThat(plans.assignmentOf(team).since()).isEqualTo(at(5, 20));
        assertThat(plans.planOf(other).name()).isEqualTo("free");
        List<String> events =
                db.withHandle(h -> h.createQuery("SELECT plan FROM plan_events WHERE team_id = :t ORDER BY at")
                        .bind("t", team)
                        .mapTo(String.class)
                        .list());
        assertThat(events).containsExactly("pro", "growth");
    }

    @Test
    void set_plan_refuses_unknown_plans_and_teams_and_changes_nothing() {
        assertThatThrownBy(() -> plans.setPlan(team, "gold", 1_000))
                .isInstanceOf(CofferException.Invalid.class)
                .hasMessageContaining("no plan is named 'gold'")
                .hasMessageContaining("tiny");
        assertThatThrownBy(() -> plans.setPlan(999_999, "pro", 1_000)).isInstanceOf(CofferException.NotFound.class);
        assertThatThrownBy(() -> plans.planOf(999_999)).isInstanceOf(CofferException.NotFound.class);
        assertThat(plans.planOf(team).name()).isEqualTo("free");
        assertThat(count("plan_events")).isZero();
    }

    @Test
    void a_new_team_starts_on_the_configured_default_inside_the_creating_transaction() {
        Plans proByDefault = new Plans(db, PlanCatalog.from(Map.of("plans.default", "pro")));
        long created = db.write(h -> {
            long id = h.createQuery("INSERT INTO teams (name, created_at) VALUES ('new', 5) RETURNING id")
                    .mapTo(Long.class)
                    .one();
            proByDefault.startOnDefaultPlan(h, id, 5);
            return id;
        });
        assertThat(plans.planOf(created).name()).isEqualTo("pro");
        assertThat(plans.assignmentOf(created).since()).isEqualTo(5);
    }

    @Test
    void the_current_month_shows_the_amount_so_far_usage_now_and_the_projected_month_end() {
        plans.setPlan(team, "pro", at(5, 20));
        usage(team, 50 * GB, at(5, 25));

        CurrentBill now = statements.current(team, at(6, 16));
        assertThat(now.month()).isEqualTo(JUNE);
        assertThat(now.plan().name()).isEqualTo("pro");
        assertThat(now.usageBytes()).isEqualTo(50 * GB);
        assertThat(now.includedBytes()).isEqualTo(15 * GB);
        assertThat(now.overageBytes()).isEqualTo(35 * GB);
        assertThat(now.soFar().amountExact()).isEqualByComparingTo("5.075");
        assertThat(now.amountSoFar()).isEqualTo(new BigDecimal("5.08"));
        assertThat(now.projectedAmount()).isEqualTo(new BigDecimal("10.15"));
        assertThat(now.projected().frozen()).isFalse();
    }

    @Test
    void the_projection_holds_the_usage_of_now_until_the_month_ends() {
        plans.setPlan(team, "pro", at(5, 20));
        usage(team, 50 * GB, at(5, 25));
        usage(team, 30 * GB, at(6, 10));
        CurrentBill now = statements.current(team, at(6, 16));
        // June 1–10: 35 GB over for 9 days = 3.045; June 10–16: 15 GB over for 6 days = 0.87.
        assertThat(now.soFar().amountExact()).isEqualByComparingTo("3.915");
        assertThat(now.amountSoFar()).isEqualTo(new BigDecimal("3.92"));
        // … and June 16–July 1 at 15 GB over for 15 days = 2.175.
        assertThat(now.projected().amountExact()).isEqualByComparingTo("6.09");
        assertThat(now.usageBytes()).isEqualTo(30 * GB);
        assertThat(statements.statement(team, JUNE, at(6, 16)).amountCents()).isEqualTo(392);
    }

    @Test
    void closing_a_past_month_freezes_every_team_and_later_events_do_not_change_it() {
        plans.setPlan(team, "pro", at(4, 20));
        usage(team, 50 * GB, at(4, 25));
        plans.setPlan(team, "growth", at(5, 11)); // 10 days of Pro, 21 of Growth in May (31 days)
        usage(other, 1 * GB, at(5, 3));

        Statement live = statements.statement(team, MAY, at(6, 2));
        assertThat(live.frozen()).isFalse();

        Statements.CloseResult closed = statements.close(MAY, at(6, 2));
        assertThat(closed.frozen()).isEqualTo(2);
        assertThat(closed.alreadyFrozen()).isZero();

        Statement frozen = statements.statement(team, MAY, at(6, 20));
        assertThat(frozen.frozen()).isTrue();
        assertThat(frozen.frozenAt()).isEqualTo(at(6, 2));
        assertThat(frozen.plan()).isEqualTo("pro → growth");
        // Pro: 35 GB × 10/31 × 0.29 = 101.5/31; Growth: 0 (50 GB included). 3.274193… → 3.27
        assertThat(frozen.amountCents()).isEqualTo(327);
        assertThat(frozen.amountExact())
                .isEqualByComparingTo(Fraction.of(new BigDecimal("101.5"))
                        .multiply(Fraction.of(1, 31))
                        .toDecimal());
        assertThat(frozen.overageGbMonths())
                .isEqualByComparingTo(Fraction.of(350, 31).toDecimal());
        assertThat(frozen.lines()).isEqualTo(live.lines());
        assertThat(frozen.lines()).extracting(Statement.Line::plan).containsExactly("pro", "growth");
        assertThat(frozen.lines().get(0).includedBytes()).isEqualTo(15 * GB);
        assertThat(frozen.lines().get(0).peakOverageGb()).isEqualByComparingTo("35");

        // An event inside May that arrives late (inserted directly, as a skewed clock might).
        db.useWrite(h -> h.createUpdate("INSERT INTO usage_events (team_id, at, usage_bytes) VALUES (:t, :at, :u)")
                .bind("t", team)
                .bind("at", at(5, 28))
                .bind("u", 500 * GB)
                .execute());
        Bill recomputed = db.read(h ->
                Metering.bill(catalog, EventLog.timeline(h, team, Months.start(MAY), Months.end(MAY), "free"), MAY));
        assertThat(recomputed.amount()).isGreaterThan(new BigDecimal("3.27")); // the event would change it…
        assertThat(statements.statement(team, MAY, at(6, 20))).isEqualTo(frozen); // … the frozen statement stays

        Statements.CloseResult again = statements.close(MAY, at(6, 21));
        assertThat(again.frozen()).isZero();
        assertThat(again.alreadyFrozen()).isEqualTo(2);
        assertThat(statements.statement(team, MAY, at(6, 22))).isEqualTo(frozen);
        assertThat(statements.statement(other, MAY, at(6, 22)).amountCents()).isZero();
    }

    @Test
    void a_month_that_has_not_ended_cannot_be_closed_and_a_future_one_has_no_statement() {
        assertThatThrownBy(() -> statements.close(JUNE, at(6, 30)))
                .isInstanceOf(CofferException.Conflict.class)
                .hasMessageContaining("2026-06 has not ended")
                .hasMessageContaining("2026-07-01T00:00:00Z");
        assertThat(count("statements")).isZero();
        assertThatThrownBy(() -> statements.statement(team, YearMonth.of(2026, 7), at(6, 30)))
                .isInstanceOf(CofferException.Invalid.class)
                .hasMessageContaining("has not started");
        assertThat(statements.close(JUNE, at(7, 1)).frozen()).isEqualTo(2);
    }

    @Test
    void a_downgrade_to_a_hard_limit_plan_reports_the_excess_without_billing_it() {
        plans.setPlan(team, "growth", at(5, 1));
        usage(team, 20 * GB, at(5, 2));
        plans.setPlan(team, "free", at(6, 16));
        Statement june = statements.statement(team, JUNE, at(7, 1));
        assertThat(june.amountCents()).isZero();
        assertThat(june.overageGbMonths()).isEqualByComparingTo("7.5");
        Statement.Line free = june.lines().get(1);
        assertThat(free.plan()).isEqualTo("free");
        assertThat(free.billed()).isFalse();
        assertThat(free.peakOverageGb()).isEqualByComparingTo("15");
        assertThat(free.amount()).isEqualByComparingTo("0");
    }

    @Test
    void utilization_has_a_point_per_hour_with_the_level_and_the_peak_of_each_step() {
        usage(team, 5 * GB, at(2026, 6, 9, 12, 0)); // before the range: the level at its start
        usage(team, 10 * GB, at(2026, 6, 10, 0, 30));
        usage(team, 30 * GB, at(2026, 6, 10, 1, 15));
        usage(team, 20 * GB, at(2026, 6, 10, 1, 45));
        usage(team, 8 * GB, at(2026, 6, 10, 3, 0)); // at the end of the range: not in it
        List<Utilization.Point> points = utilization.series(team, at(6, 10), at(2026, 6, 10, 3, 0), Utilization.HOUR);
        assertThat(points)
                .containsExactly(
                        new Utilization.Point(at(2026, 6, 10, 0, 0), 5 * GB, 10 * GB),
                        new Utilization.Point(at(2026, 6, 10, 1, 0), 10 * GB, 30 * GB),
                        new Utilization.Point(at(2026, 6, 10, 2, 0), 20 * GB, 20 * GB));
        assertThat(utilization.series(other, at(6, 10), at(6, 11), Utilization.HOUR))
                .hasSize(24)
                .allSatisfy(p -> assertThat(p.maxBytes()).isZero());
    }

    @Test
    void utilization_refuses_ranges_it_cannot_draw() {
        assertThatThrownBy(() -> utilization.series(team, 10, 10, Utilization.HOUR))
                .isInstanceOf(CofferException.Invalid.class);
        assertThatThrownBy(() -> utilization.series(team, 0, 10_000, 10))
                .isInstanceOf(CofferException.Invalid.class)
                .hasMessageContaining("at least one second");
        assertThatThrownBy(() -> utilization.series(team, 0, 365L * 24 * Utilization.HOUR, 60_000))
                .isInstanceOf(CofferException.Invalid.class)
                .hasMessageContaining("choose a step of at least");
    }

    @Test
    void reading_a_month_uses_only_the_events_of_the_month_and_the_level_before_it() {
        plans.setPlan(team, "pro", at(1, 1));
        for (int day = 1; day <= 28; day++) usage(team, (day % 2 == 0 ? 20 : 10) * GB, at(2, day)); // February history
        usage(team, 50 * GB, at(3, 31));
        Timeline march = db.read(h -> EventLog.timeline(
                h, team, Months.start(YearMonth.of(2026, 3)), Months.end(YearMonth.of(2026, 3)), "free"));
        assertThat(march.usageAtStart()).isEqualTo(20 * GB);
        assertThat(march.planAtStart()).isEqualTo("pro");
        assertThat(march.usage()).containsExactly(new Timeline.UsageChange(at(3, 31), 50 * GB));
        assertThat(march.plans()).isEmpty();
    }
}
