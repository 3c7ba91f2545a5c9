package dev.coffer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.cli.client.ApiClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "usage", description = "Show the team's storage use now, what its plan includes, the bill so far this month and the month-end projection.")
final class UsageCommand extends ClientCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        JsonNode u = api().getJson("/api/v1/teams/" + ApiClient.encodeName(team()) + "/utilization?series=false");
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("team", u.path("team").asText());
            out.put("month", u.path("month").asText());
            out.put("plan", u.path("plan").path("name").asText());
            out.put("usageBytes", u.path("usageBytes").asLong());
            out.put("includedBytes", u.path("includedBytes").isNull() ? null : u.path("includedBytes").asLong());
            out.put("overageBytes", u.path("overageBytes").asLong());
            out.put("soFar", u.path("soFar"));
            out.put("projected", u.path("projected"));
            printJson(out);
            return 0;
        }
        JsonNode plan = u.path("plan");
        System.out.printf("team %s on %s (%s)%n", u.path("team").asText(), plan.path("displayName").asText(), plan.path("name").asText());
        System.out.printf("usage now:  %s%n", BillingText.gb(u.path("usageBytes").asLong()));
        System.out.printf("included:   %s%s%n", BillingText.included(u.path("includedBytes")),
                u.path("overageBytes").asLong() > 0 ? " (" + BillingText.gb(u.path("overageBytes").asLong()) + " above it"
                        + (plan.path("hardLimit").asBoolean() ? ", not billed: writes are refused until usage is below the limit" : "") + ")" : "");
        System.out.printf("so far:     %s in %s%n", BillingText.dollars(u.path("soFar").path("amount").asText()), u.path("month").asText());
        System.out.printf("projected:  %s at month end if usage stays as it is%n", BillingText.dollars(u.path("projected").path("amount").asText()));
        return 0;
    }
}
