package dev.coffer.cli;

import dev.coffer.cli.client.ApiClient;
import dev.coffer.wire.MemberWire;
import dev.coffer.wire.NotebookWire;
import dev.coffer.wire.TeamWire;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "teams",
        description = "List, create, show or delete teams.",
        subcommands = {
            TeamsCommand.List.class,
            TeamsCommand.Create.class,
            TeamsCommand.Show.class,
            TeamsCommand.Remove.class
        })
final class TeamsCommand {

    @Command(name = "ls", description = "List the teams you belong to, with your role.")
    static final class List extends ClientCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            TeamWire.TeamList r = api().get("/api/v1/teams", TeamWire.TeamList.class);
            if (json) {
                printJson(r);
                return 0;
            }
            for (TeamWire.TeamSummary t : r.teams()) {
                System.out.printf("%-32s %s%n", t.name(), t.role() == null ? "-" : t.role());
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
            TeamWire.TeamSummary t =
                    api().post("/api/v1/teams", new TeamWire.CreateTeam(name), TeamWire.TeamSummary.class);
            if (json) printJson(t);
            else System.out.println("created team " + t.name() + " (you are its owner)");
            return 0;
        }
    }

    @Command(name = "show", description = "Show a team: members with roles, notebooks.")
    static final class Show extends ClientCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", arity = "0..1", description = "Team (default: the current team).")
        String name;

        @Override
        public Integer call() {
            TeamWire.Team t = api().get(
                            "/api/v1/teams/" + ApiClient.encodeName(name == null ? team() : name), TeamWire.Team.class);
            if (json) {
                printJson(t);
                return 0;
            }
            System.out.println("team " + t.name() + " (your role: " + t.role() + ")");
            System.out.println("members:");
            for (MemberWire.Member m : t.members()) System.out.printf("  %-30s %s%n", m.user(), m.role());
            System.out.println("notebooks:");
            for (NotebookWire.Notebook n : t.notebooks())
                System.out.printf("  %-30s %-10s %s%n", n.name(), n.state(), n.cluster());
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
