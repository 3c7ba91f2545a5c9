package dev.coffer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "clusters", description = "The clusters notebooks run on; a team's /storage is one volume per cluster.",
        subcommands = {ClustersCommand.List.class, ClustersCommand.Create.class})
final class ClustersCommand {

    @Command(name = "ls", description = "List clusters.")
    static final class List extends ClientCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            JsonNode r = api().getJson("/api/v1/clusters");
            if (json) printJson(r);
            else for (JsonNode c : r.path("clusters")) System.out.println(c.path("name").asText());
            return 0;
        }
    }

    @Command(name = "create", description = "Register a cluster (server operators).")
    static final class Create extends ClientCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            JsonNode c = api().postJson("/api/v1/clusters", Map.of("name", name));
            if (json) printJson(c);
            else System.out.println("registered cluster " + c.path("name").asText());
            return 0;
        }
    }
}
