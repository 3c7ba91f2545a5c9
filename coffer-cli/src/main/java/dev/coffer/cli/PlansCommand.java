package dev.coffer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "plans", description = "List the plans this server offers (* marks the plan of new teams).")
final class PlansCommand extends ClientCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        JsonNode r = api().getJson("/api/v1/plans");
        if (json) {
            printJson(r);
            return 0;
        }
        System.out.printf("%-14s %-14s %-12s %-24s %s%n", "PLAN", "NAME", "INCLUDED", "ABOVE IT", "DATA SOURCES");
        for (JsonNode p : r.path("plans")) {
            String above = p.path("unlimited").asBoolean() ? "-"
                    : p.path("hardLimit").asBoolean() ? "refused (hard limit)"
                    : p.path("billsOverage").asBoolean() ? BillingText.dollars(p.path("pricePerGbMonth").asText()) + " per GB-month"
                    : "free of charge";
            System.out.printf("%-14s %-14s %-12s %-24s %s%n",
                    p.path("name").asText() + (p.path("default").asBoolean() ? "*" : ""), p.path("displayName").asText(),
                    BillingText.included(p.path("includedBytes")), above, p.path("dataSources").asBoolean() ? "yes" : "no");
        }
        return 0;
    }
}
