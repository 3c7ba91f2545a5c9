package dev.coffer.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Plans, bills and utilization. Money and other exact decimals are strings ({@code "10.15"}), so
 * no client turns them into floating point by accident; the billed amount is also whole cents.
 * Instants are ISO-8601 strings.
 */
public final class BillingWire {
    private BillingWire() {}

    /**
     * A plan: {@code includedBytes} is null when unlimited, {@code included} the same for people
     * ({@code "15 GB"}); {@code default} marks the plan new teams get.
     */
    public record Plan(
            String name,
            String displayName,
            @Nullable Long includedBytes,
            String included,
            boolean unlimited,
            String pricePerGbMonth,
            boolean billsOverage,
            boolean dataSources,
            boolean hardLimit,
            @JsonProperty("default") boolean isDefault) {}

    /** {@code default}: the name of the plan new teams get. */
    public record PlanList(
            List<Plan> plans, @JsonProperty("default") String defaultPlan) {}

    public record PlanChange(String plan) {}

    /** A team's plan and since when ({@code null}: since the team was made, on the default plan). */
    public record PlanAssignment(
            String team, Plan plan, @Nullable String since) {}

    /** A bill's total: dollars rounded to the cent, the same in cents, unrounded, and the GB-months above the plan. */
    public record Amount(String amount, long amountCents, String amountExact, String overageGbMonths) {}

    /**
     * A month's statement ({@code month} is YYYY-MM); {@code plan} names the plans in force, in
     * order ({@code "pro → growth"}); frozen once the month is closed.
     */
    public record Statement(
            String team,
            String month,
            String plan,
            boolean frozen,
            @Nullable String frozenAt,
            String amount,
            long amountCents,
            String amountExact,
            String overageGbMonths,
            List<StatementLine> lines) {}

    /** A run of one plan within the month; {@code billed} is false on a hard-limit plan. */
    public record StatementLine(
            String plan,
            String from,
            String to,
            @Nullable Long includedBytes,
            long peakUsageBytes,
            String peakOverageGb,
            String overageGbMonths,
            String pricePerGbMonth,
            String amount,
            boolean billed) {}

    /**
     * The month so far and where it is heading; {@code from}, {@code to}, {@code stepSeconds}
     * and {@code points} are left out when the series was not asked for.
     */
    public record Utilization(
            String team,
            String month,
            String at,
            Plan plan,
            long usageBytes,
            @Nullable Long includedBytes,
            long overageBytes,
            Amount soFar,
            Amount projected,
            @JsonInclude(JsonInclude.Include.NON_NULL) String from,
            @JsonInclude(JsonInclude.Include.NON_NULL) String to,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long stepSeconds,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<UsagePoint> points) {}

    /** Usage at one step: at its end, and the most during it. */
    public record UsagePoint(String at, long usageBytes, long maxBytes) {}
}
