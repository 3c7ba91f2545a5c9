package dev.coffer.cli;

import dev.coffer.cli.client.CliException;
import dev.coffer.cli.client.Location;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "mv", description = "Rename or move a remote file or folder within one volume (atomic).")
final class MvCommand extends ClientCommand implements Callable<Integer> {
    @Option(names = {"-f", "--force"}, description = "Replace an existing file at the destination.")
    boolean force;

    @Parameters(index = "0", paramLabel = "FROM")
    String from;

    @Parameters(index = "1", paramLabel = "TO")
    String to;

    @Override
    public Integer call() {
        Location.Remote a = Location.remote(from);
        Location.Remote b = Location.remote(to);
        if (!a.kind().equals(b.kind()) || !a.volume().equals(b.volume())) {
            throw new CliException("mv works within one volume; use 'coffer cp' then 'coffer rm' across volumes", 2);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", a.path());
        body.put("to", b.path());
        body.put("replace", force);
        api().postJson(a.apiBase(team()) + "/move", body);
        if (json) printJson(Map.of("moved", a.toString(), "to", b.toString()));
        return 0;
    }
}
