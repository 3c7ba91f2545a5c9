package dev.coffer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.cli.client.ApiClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "notebooks", description = "List or create the team's notebooks.",
        subcommands = {NotebooksCommand.Create.class, NotebooksCommand.List.class})
final class NotebooksCommand {

    @Command(name = "ls", description = "List the team's notebooks.")
    static final class List extends ClientCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            JsonNode r = api().getJson("/api/v1/teams/" + ApiClient.encodeName(team()) + "/notebooks");
            for (JsonNode n : r.path("notebooks")) {
                if (json) printJson(n);
                else System.out.printf("%-30s %-12s %s%n", n.path("name").asText(), n.path("state").asText(), n.path("cluster").asText());
            }
            return 0;
        }
    }

    @Command(name = "create", description = "Create a notebook (with its /notebooks volume) on a cluster.")
    static final class Create extends ClientCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--cluster", description = "Cluster it runs on (default: default).")
        String cluster;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            if (cluster != null) body.put("cluster", cluster);
            JsonNode n = api().postJson("/api/v1/teams/" + ApiClient.encodeName(team()) + "/notebooks", body);
            if (json) printJson(n);
            else System.out.println("created notebook " + n.path("name").asText() + " on cluster " + n.path("cluster").asText());
            return 0;
        }
    }
}
