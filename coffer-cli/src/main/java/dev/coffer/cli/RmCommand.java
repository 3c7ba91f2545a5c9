package dev.coffer.cli;

import dev.coffer.cli.client.Location;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "rm",
        description = "Delete a remote file, or a folder with -r. Space is reclaimed by 'coffer admin gc'.")
final class RmCommand extends ClientCommand implements Callable<Integer> {
    @Option(
            names = {"-r", "--recursive"},
            description = "Delete a folder and everything in it.")
    boolean recursive;

    @Parameters(paramLabel = "REMOTE")
    String where;

    @Override
    public Integer call() {
        Location.Remote r = Location.remote(where);
        api().delete(r.url(team(), "files") + (recursive ? "?recursive=true" : ""));
        if (json) printJson(Map.of("deleted", r.toString()));
        return 0;
    }
}
