package dev.coffer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.cli.client.ApiClient;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "teams", description = "List, create, show or delete teams.",
        subcommands = {TeamsCommand.List.class, TeamsCommand.Create.class, TeamsCommand.Show.class, TeamsCommand.Remove.class})
final class TeamsCommand {

    @Command(name = "ls", description = "List the teams you belong to, with your role.")
    static final class List extends ClientCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            JsonNode r = api().getJson("/api/v1/teams");
            if (json) {
                printJson(r);
                return 0;
            }
            for (JsonNode t : r.path("teams")) {
                System.out.printf("%-32s %s%n", t.path("name").asText(), t.path("role").isNull() ? "-" : t.path("role").asText());
            }
            return 0;
        }
    }

    @Command(name = "create", description = "Create a team; you become its owner.")
    static final class Create extends ClientCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            JsonNode t = api().postJson("/api/v1/teams", Map.of("name", name));
            if (json) printJson(t);
            else System.out.println("created team " + t.path("name").asText() + " (you are its owner)");
            return 0;
        }
    }

    @Command(name = "show", description = "Show a team: members with roles, notebooks.")
    static final class Show extends ClientCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", arity = "0..1", description = "Team (default: the current team).")
        String name;

        @Override
        public Integer call() {
            JsonNode t = api().getJson("/api/v1/teams/" + ApiClient.encodeName(name == null ? team() : name));
            if (json) {
                printJson(t);
                return 0;
            }
            System.out.println("team " + t.path("name").asText() + " (your role: " + t.path("role").asText() + ")");
            System.out.println("members:");
            for (JsonNode m : t.path("members")) System.out.printf("  %-30s %s%n", m.path("user").asText(), m.path("role").asText());
            System.out.println("notebooks:");
            for (JsonNode n : t.path("notebooks")) {
                System.out.printf("  %-30s %-10s %s%n", n.path("name").asText(), n.path("state").asText(), n.path("cluster").asText());
            }
            return 0;
        }
    }

    @Command(name = "rm", description = "Delete a team with all its notebooks and files (owners only).")
    static final class Remove extends ClientCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            api().delete("/api/v1/teams/" + ApiClient.encodeName(name));
            if (json) printJson(Map.of("deleted", name));
            else System.out.println("deleted team " + name);
            return 0;
        }
    }
}
