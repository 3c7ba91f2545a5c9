package dev.coffer.cli;

import dev.coffer.cli.client.ApiClient;
import dev.coffer.wire.NotebookWire;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "notebooks",
        description = "The team's notebooks: create, list, report states, delete, and their tokens.",
        subcommands = {
            NotebooksCommand.Create.class,
            NotebooksCommand.List.class,
            NotebooksCommand.State.class,
            NotebooksCommand.Remove.class,
            NotebookTokenCommands.Make.class,
            NotebookTokenCommands.List.class,
            NotebookTokenCommands.Revoke.class
        })
final class NotebooksCommand {

    @Command(name = "ls", description = "List the team's notebooks.")
    static final class List extends ClientCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            NotebookWire.NotebookList r = api().get(
                            "/api/v1/teams/" + ApiClient.encodeName(team()) + "/notebooks",
                            NotebookWire.NotebookList.class);
            for (NotebookWire.Notebook n : r.notebooks()) {
                if (json) printJson(n);
                else System.out.printf("%-30s %-12s %s%n", n.name(), n.state(), n.cluster());
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
            NotebookWire.Notebook n = api().post(
                            "/api/v1/teams/" + ApiClient.encodeName(team()) + "/notebooks",
                            new NotebookWire.CreateNotebook(name, cluster),
                            NotebookWire.Notebook.class);
            if (json) printJson(n);
            else System.out.println("created notebook " + n.name() + " on cluster " + n.cluster());
            return 0;
        }
    }

    @Command(
            name = "state",
            description = {
                "Report a notebook's state as its platform does (team admins and operators): Stopped, Starting,",
                "Running or Stopping, along the allowed moves. Its files and tokens work only while it is Running."
            })
    static final class State extends ClientCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "STATE")
        String state;

        @Override
        public Integer call() {
            NotebookWire.Notebook n = api().post(
                            "/api/v1/teams/" + ApiClient.encodeName(team()) + "/notebooks/" + ApiClient.encodeName(name)
                                    + "/state",
                            new NotebookWire.StateReport(state),
                            NotebookWire.Notebook.class);
            if (json) printJson(n);
            else System.out.println("notebook " + n.name() + " is " + n.state());
            return 0;
        }
    }

    @Command(
            name = "rm",
            description =
                    "Delete a notebook and every file in its /notebooks (space is reclaimed by 'coffer admin gc').")
    static final class Remove extends ClientCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            api().delete("/api/v1/teams/" + ApiClient.encodeName(team()) + "/notebooks/" + ApiClient.encodeName(name));
            if (json) printJson(Map.of("deleted", name));
            return 0;
        }
    }
}
