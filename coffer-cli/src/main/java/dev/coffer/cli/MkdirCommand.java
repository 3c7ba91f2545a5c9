package dev.coffer.cli;

import dev.coffer.cli.client.Location;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "mkdir", description = "Create a remote folder.")
final class MkdirCommand extends ClientCommand implements Callable<Integer> {
    @Option(
            names = {"-p", "--parents"},
            description = "Create missing parents; no error if it exists.")
    boolean parents;

    @Parameters(paramLabel = "REMOTE")
    String where;

    @Override
    public Integer call() {
        Location.Remote r = Location.remote(where);
        api().postJson(r.url(team(), "mkdir") + (parents ? "?parents=true" : ""), Map.of());
        if (json) printJson(Map.of("created", r.toString()));
        return 0;
    }
}
