package dev.coffer.cli;

import dev.coffer.cli.client.Location;
import java.io.InputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "cat", description = "Write a remote file to standard output.")
final class CatCommand extends ClientCommand implements Callable<Integer> {
    @Parameters(paramLabel = "REMOTE")
    String where;

    @Override
    public Integer call() throws Exception {
        Location.Remote r = Location.remote(where);
        try (InputStream in = api().getStream(r.url(team(), "files"))) {
            in.transferTo(System.out);
        }
        System.out.flush();
        return 0;
    }
}
