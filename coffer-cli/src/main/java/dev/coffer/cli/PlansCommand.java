package dev.coffer.cli;

import dev.coffer.wire.BillingWire;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "plans", description = "List the plans this server offers (* marks the plan of new teams).")
final class PlansCommand extends ClientCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        BillingWire.PlanList r = api().get("/api/v1/plans", BillingWire.PlanList.class);
        if (json) {
            printJson(r);
            return 0;
        }
        System.out.printf("%-14s %-14s %-12s %-24s %s%n", "PLAN", "NAME", "INCLUDED", "ABOVE IT", "DATA SOURCES");
        for (BillingWire.Plan p : r.plans()) {
            String above = p.unlimited()
                    ? "-"
                    : p.hardLimit()
                            ? "refused (hard limit)"
                            : p.billsOverage()
                                    ? BillingText.dollars(p.pricePerGbMonth()) + " per GB-month"
                                    : "free of charge";
            System.out.printf(
                    "%-14s %-14s %-12s %-24s %s%n",
                    p.name() + (p.isDefault() ? "*" : ""),
                    p.displayName(),
                    BillingText.included(p.includedBytes()),
                    above,
                    p.dataSources() ? "yes" : "no");
        }
        return 0;
    }
}
