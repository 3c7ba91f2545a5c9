package dev.coffer.cli;

import dev.coffer.wire.TeamWire;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "clusters",
        description = "The clusters notebooks run on; a team's /storage is one volume per cluster.",
        subcommands = {ClustersCommand.List.class, ClustersCommand.Create.class})
final class ClustersCommand {

    @Command(name = "ls", description = "List clusters.")
    static final class List extends ClientCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            TeamWire.ClusterList r = api().get("/api/v1/clusters", TeamWire.ClusterList.class);
            if (json) printJson(r);
            else for (TeamWire.Cluster c : r.clusters()) System.out.println(c.name());
            return 0;
        }
    }

    @Command(name = "create", description = "Register a cluster (server operators).")
    static final class Create extends ClientCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            TeamWire.Cluster c =
                    api().post("/api/v1/clusters", new TeamWire.CreateCluster(name), TeamWire.Cluster.class);
            if (json) printJson(c);
            else System.out.println("registered cluster " + c.name());
            return 0;
        }
    }
}
