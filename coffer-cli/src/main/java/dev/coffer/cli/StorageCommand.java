package dev.coffer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.cli.client.ApiClient;
import dev.coffer.cli.client.Location;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "storage", description = "The Storage view: each volume of the team with its size and what deleting it would free;"
        + " with REMOTE, the same for one folder.")
final class StorageCommand extends ClientCommand implements Callable<Integer> {
    @Parameters(paramLabel = "REMOTE", arity = "0..1", description = "A folder, e.g. storage:raw or notebooks/lab:data.")
    String remote;

    @Override
    public Integer call() {
        if (remote != null) {
            Location.Remote r = Location.remote(remote);
            JsonNode f = api().getJson(r.url(team(), "usage"));
            if (json) printJson(f);
            else System.out.printf("%s: %s in %,d files; deleting it frees %s%n", r, BillingText.gb(f.path("logicalBytes").asLong()),
                    f.path("files").asLong(), BillingText.gb(f.path("freesBytes").asLong()));
            return 0;
        }
        JsonNode v = api().getJson("/api/v1/teams/" + ApiClient.encodeName(team()) + "/storage-view");
        if (json) {
            printJson(v);
            return 0;
        }
        System.out.printf("team %s uses %s (content shared between volumes counts once)%n", v.path("team").asText(),
                BillingText.gb(v.path("usageBytes").asLong()));
        System.out.printf("%-10s %-28s %-14s %14s %10s %14s%n", "kind", "name", "cluster", "size", "files", "deleting frees");
        for (JsonNode vol : v.path("volumes")) {
            System.out.printf("%-10s %-28s %-14s %14s %,10d %14s%n", vol.path("kind").asText(), vol.path("name").asText(),
                    vol.path("cluster").asText(), BillingText.gb(vol.path("logicalBytes").asLong()), vol.path("files").asLong(),
                    BillingText.gb(vol.path("freesBytes").asLong()));
        }
        return 0;
    }
}
