package dev.coffer.cli;

import dev.coffer.cli.client.ApiClient;
import dev.coffer.wire.BillingWire;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "bill",
        description = "Show the team's statement for a month: this month so far, or a closed month as billed.")
final class BillCommand extends ClientCommand implements Callable<Integer> {
    @Option(names = "--month", paramLabel = "YYYY-MM", description = "The month (default: the current one).")
    String month;

    @Override
    public Integer call() {
        String q = month == null ? "" : "?month=" + ApiClient.encodeName(month);
        BillingWire.Statement b =
                api().get("/api/v1/teams/" + ApiClient.encodeName(team()) + "/bill" + q, BillingWire.Statement.class);
        if (json) {
            printJson(b);
            return 0;
        }
        System.out.printf(
                "team %s, %s, plan %s: %s%n",
                b.team(),
                b.month(),
                b.plan(),
                b.frozen() ? "closed " + BillingText.minute(b.frozenAt()) : "open (so far)");
        System.out.printf(
                "%-12s %-16s %-16s %-12s %-12s %-16s %s%n",
                "PLAN", "FROM", "TO", "INCLUDED", "PEAK", "GB-MONTHS OVER", "AMOUNT");
        for (BillingWire.StatementLine l : b.lines()) {
            String amount = l.billed() ? BillingText.dollars(l.amount()) : "not billed";
            System.out.printf(
                    "%-12s %-16s %-16s %-12s %-12s %-16s %s%n",
                    l.plan(),
                    BillingText.minute(l.from()),
                    BillingText.minute(l.to()),
                    BillingText.included(l.includedBytes()),
                    BillingText.gb(l.peakUsageBytes()),
                    new BigDecimal(l.overageGbMonths())
                            .setScale(6, RoundingMode.HALF_UP)
                            .stripTrailingZeros()
                            .toPlainString(),
                    amount);
        }
        System.out.println("total: " + BillingText.dollars(b.amount()));
        return 0;
    }
}
