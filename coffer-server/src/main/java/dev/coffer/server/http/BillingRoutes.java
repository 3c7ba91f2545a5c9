package dev.coffer.server.http;

import dev.coffer.access.Principal;
import dev.coffer.access.TeamAction;
import dev.coffer.billing.ByteSize;
import dev.coffer.billing.CurrentBill;
import dev.coffer.billing.Months;
import dev.coffer.billing.Plan;
import dev.coffer.billing.PlanCatalog;
import dev.coffer.billing.Plans;
import dev.coffer.billing.Statement;
import dev.coffer.billing.Statements;
import dev.coffer.billing.Utilization;
import dev.coffer.error.CofferException;
import dev.coffer.server.Services;
import dev.coffer.team.Teams;
import dev.coffer.wire.BillingWire;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Plans, a team's plan, its monthly bill and its utilization. Money and other exact decimals are
 * sent as strings ({@code "10.15"}), so no client turns them into floating point by accident;
 * the billed amount is also sent as whole cents.
 */
final class BillingRoutes {
    private final Services s;
    private final PlanCatalog catalog;
    private final Plans plans;
    private final Statements statements;
    private final Utilization utilization;

    BillingRoutes(Services s) {
        this.s = s;
        this.catalog = s.config().plans();
        this.plans = new Plans(s.db(), catalog);
        this.statements = new Statements(s.db(), catalog);
        this.utilization = new Utilization(s.db());
    }

    void listPlans(Context ctx) {
        Json.send(ctx, 200, plans());
    }

    void getPlan(Context ctx) {
        Json.send(ctx, 200, plan(team(ctx)));
    }

    BillingWire.PlanAssignment plan(Teams.Team team) {
        return assignmentJson(team, plans.assignmentOf(team.id()));
    }

    BillingWire.PlanList plans() {
        return new BillingWire.PlanList(
                catalog.plans().stream().map(this::planJson).toList(),
                catalog.defaultPlan().name());
    }

    void setPlan(Context ctx) {
        Teams.Team team = team(ctx);
        requireMayChangePlan(Api.principal(ctx), team);
        BillingWire.PlanChange req = Json.read(ctx, BillingWire.PlanChange.class, 4096);
        if (req.plan() == null) throw new CofferException.Invalid("field 'plan' is required, e.g. {\"plan\": \"pro\"}");
        Json.send(ctx, 200, assignmentJson(team, plans.setPlan(team.id(), req.plan(), s.db().now())));
    }

    /**
     * Who may move a team to another plan: server operators. The one place to change when plan
     * changes are decided by the central authorizer (team owners, a billing role).
     */
    private void requireMayChangePlan(Principal who, Teams.Team team) {
        s.authorizer().requireOperator(who, "change a team's plan");
    }

    void bill(Context ctx) {
        Teams.Team team = team(ctx);
        long now = s.db().now();
        String monthParam = ctx.queryParam("month");
        YearMonth month = monthParam == null ? Months.of(now) : Months.parse(monthParam);
        Json.send(ctx, 200, statementJson(team, statements.statement(team.id(), month, now)));
    }

    void utilization(Context ctx) {
        Teams.Team team = team(ctx);
        long now = s.db().now();
        Long from = ctx.queryParam("from") == null ? null : instantParam(ctx, "from", 0);
        Long to = ctx.queryParam("to") == null ? null : instantParam(ctx, "to", now);
        long step = durationParam(ctx, "step", Utilization.HOUR);
        boolean series = !"false".equals(ctx.queryParam("series"));
        Json.send(ctx, 200, utilization(team, now, from, to, step, series));
    }

    /**
     * The team's utilization at {@code now} (the API's answer, and what the Utilization page
     * shows): from and to default to the start of this month and now.
     */
    BillingWire.Utilization utilization(
            Teams.Team team, long now, Long fromOrNull, Long toOrNull, long step, boolean series) {
        CurrentBill current = statements.current(team.id(), now);
        long from = fromOrNull == null ? Months.start(current.month()) : fromOrNull;
        long to = toOrNull == null ? now : toOrNull;
        String seriesFrom = null;
        String seriesTo = null;
        Long stepSeconds = null;
        List<BillingWire.UsagePoint> points = null;
        if (series) {
            boolean defaultRange = fromOrNull == null && toOrNull == null;
            List<Utilization.Point> found =
                    defaultRange && to <= from ? List.of() : utilization.series(team.id(), from, to, step);
            seriesFrom = Instant.ofEpochMilli(from).toString();
            seriesTo = Instant.ofEpochMilli(to).toString();
            stepSeconds = step / 1000;
            points = found.stream()
                    .map(p -> new BillingWire.UsagePoint(
                            Instant.ofEpochMilli(p.at()).toString(), p.usageBytes(), p.maxBytes()))
                    .toList();
        }
        return new BillingWire.Utilization(
                team.name(),
                current.month().toString(),
                Instant.ofEpochMilli(now).toString(),
                planJson(current.plan()),
                current.usageBytes(),
                current.includedBytes(),
                current.overageBytes(),
                amountJson(current.soFar()),
                amountJson(current.projected()),
                seriesFrom,
                seriesTo,
                stepSeconds,
                points);
    }

    /** A team's members see its plan, usage and bill; operators see every team's (they manage plans). */
    private Teams.Team team(Context ctx) {
        if (Api.principal(ctx).admin()) return s.teams().team(VolumeRequest.decodeName(ctx.pathParam("team")));
        return TeamRoutes.team(s, ctx, TeamAction.VIEW);
    }

    private BillingWire.Plan planJson(Plan p) {
        return new BillingWire.Plan(
                p.name(),
                p.displayName(),
                p.unlimited() ? null : p.includedBytes(),
                ByteSize.format(p.includedBytes()),
                p.unlimited(),
                p.price().toPlainString(),
                p.billsOverage(),
                p.dataSources(),
                p.hardLimit(),
                p.name().equals(catalog.defaultPlan().name()));
    }

    private BillingWire.PlanAssignment assignmentJson(Teams.Team team, Plans.Assignment a) {
        return new BillingWire.PlanAssignment(
                team.name(),
                planJson(a.plan()),
                a.since() == 0 ? null : Instant.ofEpochMilli(a.since()).toString());
    }

    private static BillingWire.Amount amountJson(Statement st) {
        return new BillingWire.Amount(
                st.amount().toPlainString(),
                st.amountCents(),
                st.amountExact().toPlainString(),
                st.overageGbMonths().toPlainString());
    }

    private static BillingWire.Statement statementJson(Teams.Team team, Statement st) {
        BillingWire.Amount total = amountJson(st);
        return new BillingWire.Statement(
                team.name(),
                st.month().toString(),
                st.plan(),
                st.frozen(),
                st.frozen() ? Instant.ofEpochMilli(st.frozenAt()).toString() : null,
                total.amount(),
                total.amountCents(),
                total.amountExact(),
                total.overageGbMonths(),
                st.lines().stream().map(BillingRoutes::lineJson).toList());
    }

    private static BillingWire.StatementLine lineJson(Statement.Line l) {
        return new BillingWire.StatementLine(
                l.plan(),
                Instant.ofEpochMilli(l.from()).toString(),
                Instant.ofEpochMilli(l.to()).toString(),
                l.includedBytes(),
                l.peakUsageBytes(),
                plain(l.peakOverageGb()),
                plain(l.overageGbMonths()),
                plain(l.price()),
                plain(l.amount()),
                l.billed());
    }

    private static String plain(BigDecimal d) {
        return d.signum() == 0 ? "0" : d.toPlainString();
    }

    /** An ISO-8601 instant ({@code 2026-06-01T00:00:00Z}) or epoch milliseconds. */
    static long instantParam(Context ctx, String name, long fallback) {
        String v = ctx.queryParam(name);
        if (v == null) return fallback;
        try {
            return v.chars().allMatch(Character::isDigit) && !v.isEmpty()
                    ? Long.parseLong(v)
                    : Instant.parse(v).toEpochMilli();
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new CofferException.Invalid(
                    name + " must be an instant such as 2026-06-01T00:00:00Z or epoch milliseconds, got '" + v + "'");
        }
    }

    /** {@code 1h}, {@code 30m}, {@code 90s}, {@code 1d}, ISO-8601 ({@code PT1H}) or milliseconds. */
    static long durationParam(Context ctx, String name, long fallback) {
        String v = ctx.queryParam(name);
        if (v == null) return fallback;
        try {
            if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) return Long.parseLong(v);
            if (v.startsWith("P") || v.startsWith("p"))
                return Duration.parse(v.toUpperCase()).toMillis();
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n).toMillis();
                case 'm' -> Duration.ofMinutes(n).toMillis();
                case 'h' -> Duration.ofHours(n).toMillis();
                case 'd' -> Duration.ofDays(n).toMillis();
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new CofferException.Invalid(
                    name + " must be a duration such as 1h, 30m, 1d or PT1H, got '" + v + "'");
        }
    }
}
