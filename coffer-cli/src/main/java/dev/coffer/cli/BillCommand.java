package dev.coffer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.cli.client.ApiClient;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bill", description = "Show the team's statement for a month: this month so far, or a closed month as billed.")
final class BillCommand extends ClientCommand implements Callable<Integer> {
    @Option(names = "--month", paramLabel = "YYYY-MM", description = "The month (default: the current one).")
    String month;

    @Override
    public Integer call() {
        String q = month == null ? "" : "?month=" + ApiClient.encodeName(month);
        JsonNode b = api().getJson("/api/v1/teams/" + ApiClient.encodeName(team()) + "/bill" + q);
        if (json) {
            printJson(b);
            return 0;
        }
        System.out.printf("team %s, %s, plan %s: %s%n", b.path("team").asText(), b.path("month").asText(), b.path("plan").asText(),
                b.path("frozen").asBoolean() ? "closed " + BillingText.minute(b.path("frozenAt").asText()) : "open (so far)");
        System.out.printf("%-12s %-16s %-16s %-12s %-12s %-16s %s%n", "PLAN", "FROM", "TO", "INCLUDED", "PEAK", "GB-MONTHS OVER", "AMOUNT");
        for (JsonNode l : b.path("lines")) {
            String amount = l.path("billed").asBoolean() ? BillingText.dollars(l.path("amount").asText()) : "not billed";
            System.out.printf("%-12s %-16s %-16s %-12s %-12s %-16s %s%n", l.path("plan").asText(),
                    BillingText.minute(l.path("from").asText()), BillingText.minute(l.path("to").asText()),
                    BillingText.included(l.path("includedBytes")), BillingText.gb(l.path("peakUsageBytes").asLong()),
                    new BigDecimal(l.path("overageGbMonths").asText()).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString(),
                    amount);
        }
        System.out.println("total: " + BillingText.dollars(b.path("amount").asText()));
        return 0;
    }
}
