package dev.coffer.server.http;

import dev.coffer.access.Principal;
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
import dev.coffer.access.TeamAction;
import dev.coffer.server.Services;
import dev.coffer.team.Teams;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        Json.send(ctx, 200, Map.of("plans", catalog.plans().stream().map(this::planJson).toList(),
                "default", catalog.defaultPlan().name()));
    }

    void getPlan(Context ctx) {
        Teams.Team team = team(ctx);
        Json.send(ctx, 200, assignmentJson(team, plans.assignmentOf(team.id())));
    }

    record PlanRequest(String plan) {}

    void setPlan(Context ctx) {
        Teams.Team team = team(ctx);
        requireMayChangePlan(Api.principal(ctx), team);
        PlanRequest req = Json.read(ctx, PlanRequest.class, 4096);
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
        CurrentBill current = statements.current(team.id(), now);
        long from = instantParam(ctx, "from", Months.start(current.month()));
        long to = instantParam(ctx, "to", now);
        long step = durationParam(ctx, "step", Utilization.HOUR);
        boolean series = !"false".equals(ctx.queryParam("series"));

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("team", team.name());
        body.put("month", current.month().toString());
        body.put("at", Instant.ofEpochMilli(now).toString());
        body.put("plan", planJson(current.plan()));
        body.put("usageBytes", current.usageBytes());
        body.put("includedBytes", current.includedBytes());
        body.put("overageBytes", current.overageBytes());
        body.put("soFar", amountJson(current.soFar()));
        body.put("projected", amountJson(current.projected()));
        if (series) {
            boolean defaultRange = ctx.queryParam("from") == null && ctx.queryParam("to") == null;
            List<Utilization.Point> points = defaultRange && to <= from ? List.of() : utilization.series(team.id(), from, to, step);
            body.put("from", Instant.ofEpochMilli(from).toString());
            body.put("to", Instant.ofEpochMilli(to).toString());
            body.put("stepSeconds", step / 1000);
            body.put("points", points.stream().map(p -> new PointJson(Instant.ofEpochMilli(p.at()).toString(), p.usageBytes(), p.maxBytes())).toList());
        }
        Json.send(ctx, 200, body);
    }

    record PointJson(String at, long usageBytes, long maxBytes) {}

    /** A team's members see its plan, usage and bill; operators see every team's (they manage plans). */
    private Teams.Team team(Context ctx) {
        if (Api.principal(ctx).admin()) return s.teams().team(VolumeRequest.decodeName(ctx.pathParam("team")));
        return TeamRoutes.team(s, ctx, TeamAction.VIEW);
    }

    private Map<String, Object> planJson(Plan p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("displayName", p.displayName());
        m.put("includedBytes", p.unlimited() ? null : p.includedBytes());
        m.put("included", ByteSize.format(p.includedBytes()));
        m.put("unlimited", p.unlimited());
        m.put("pricePerGbMonth", p.price().toPlainString());
        m.put("billsOverage", p.billsOverage());
        m.put("dataSources", p.dataSources());
        m.put("hardLimit", p.hardLimit());
        m.put("default", p.name().equals(catalog.defaultPlan().name()));
        return m;
    }

    private Map<String, Object> assignmentJson(Teams.Team team, Plans.Assignment a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("team", team.name());
        m.put("plan", planJson(a.plan()));
        m.put("since", a.since() == 0 ? null : Instant.ofEpochMilli(a.since()).toString());
        return m;
    }

    private static Map<String, Object> amountJson(Statement st) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("amount", st.amount().toPlainString());
        m.put("amountCents", st.amountCents());
        m.put("amountExact", st.amountExact().toPlainString());
        m.put("overageGbMonths", st.overageGbMonths().toPlainString());
        return m;
    }

    private static Map<String, Object> statementJson(Teams.Team team, Statement st) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("team", team.name());
        m.put("month", st.month().toString());
        m.put("plan", st.plan());
        m.put("frozen", st.frozen());
        m.put("frozenAt", st.frozen() ? Instant.ofEpochMilli(st.frozenAt()).toString() : null);
        m.putAll(amountJson(st));
        m.put("lines", st.lines().stream().map(BillingRoutes::lineJson).toList());
        return m;
    }

    private static Map<String, Object> lineJson(Statement.Line l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("plan", l.plan());
        m.put("from", Instant.ofEpochMilli(l.from()).toString());
        m.put("to", Instant.ofEpochMilli(l.to()).toString());
        m.put("includedBytes", l.includedBytes());
        m.put("peakUsageBytes", l.peakUsageBytes());
        m.put("peakOverageGb", plain(l.peakOverageGb()));
        m.put("overageGbMonths", plain(l.overageGbMonths()));
        m.put("pricePerGbMonth", plain(l.price()));
        m.put("amount", plain(l.amount()));
        m.put("billed", l.billed());
        return m;
    }

    private static String plain(BigDecimal d) {
        return d.signum() == 0 ? "0" : d.toPlainString();
    }

    /** An ISO-8601 instant ({@code 2026-06-01T00:00:00Z}) or epoch milliseconds. */
    static long instantParam(Context ctx, String name, long fallback) {
        String v = ctx.queryParam(name);
        if (v == null) return fallback;
        try {
            return v.chars().allMatch(Character::isDigit) && !v.isEmpty() ? Long.parseLong(v) : Instant.parse(v).toEpochMilli();
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new CofferException.Invalid(name + " must be an instant such as 2026-06-01T00:00:00Z or epoch milliseconds, got '" + v + "'");
        }
    }

    /** {@code 1h}, {@code 30m}, {@code 90s}, {@code 1d}, ISO-8601 ({@code PT1H}) or milliseconds. */
    static long durationParam(Context ctx, String name, long fallback) {
        String v = ctx.queryParam(name);
        if (v == null) return fallback;
        try {
            if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) return Long.parseLong(v);
            if (v.startsWith("P") || v.startsWith("p")) return Duration.parse(v.toUpperCase()).toMillis();
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n).toMillis();
                case 'm' -> Duration.ofMinutes(n).toMillis();
                case 'h' -> Duration.ofHours(n).toMillis();
                case 'd' -> Duration.ofDays(n).toMillis();
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new CofferException.Invalid(name + " must be a duration such as 1h, 30m, 1d or PT1H, got '" + v + "'");
        }
    }
}
