package dev.coffer.cli;

import dev.coffer.cli.client.ApiClient;
import dev.coffer.wire.BillingWire;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
        name = "usage",
        description =
                "Show the team's storage use now, what its plan includes, the bill so far this month and the month-end projection.")
final class UsageCommand extends ClientCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        BillingWire.Utilization u = api().get(
                        "/api/v1/teams/" + ApiClient.encodeName(team()) + "/utilization?series=false",
                        BillingWire.Utilization.class);
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("team", u.team());
            out.put("month", u.month());
            out.put("plan", u.plan().name());
            out.put("usageBytes", u.usageBytes());
            out.put("includedBytes", u.includedBytes());
            out.put("overageBytes", u.overageBytes());
            out.put("soFar", u.soFar());
            out.put("projected", u.projected());
            printJson(out);
            return 0;
        }
        BillingWire.Plan plan = u.plan();
        System.out.printf("team %s on %s (%s)%n", u.team(), plan.displayName(), plan.name());
        System.out.printf("usage now:  %s%n", BillingText.gb(u.usageBytes()));
        System.out.printf(
                "included:   %s%s%n",
                BillingText.included(u.includedBytes()),
                u.overageBytes() > 0
                        ? " (" + BillingText.gb(u.overageBytes()) + " above it"
                                + (plan.hardLimit()
                                        ? ", not billed: writes are refused until usage is below the limit"
                                        : "")
                                + ")"
                        : "");
        System.out.printf(
                "so far:     %s in %s%n", BillingText.dollars(u.soFar().amount()), u.month());
        System.out.printf(
                "projected:  %s at month end if usage stays as it is%n",
                BillingText.dollars(u.projected().amount()));
        return 0;
    }
}
