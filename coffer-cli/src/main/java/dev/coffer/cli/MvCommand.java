package dev.coffer.cli;

import dev.coffer.cli.client.CliException;
import dev.coffer.cli.client.Location;
import dev.coffer.wire.FileWire;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "mv",
        description = {
            "Rename or move a remote file or folder: atomic within one tree;",
            "between two trees (a volume, a draft) the server copies, sharing content, then deletes the source."
        })
final class MvCommand extends ClientCommand implements Callable<Integer> {
    @Option(
            names = {"-f", "--force"},
            description = "Replace an existing file at the destination.")
    boolean force;

    @Parameters(index = "0", paramLabel = "FROM")
    String from;

    @Parameters(index = "1", paramLabel = "TO")
    String to;

    @Override
    public Integer call() {
        Location.Remote a = Location.remote(from);
        Location.Remote b = Location.remote(to);
        boolean sameTree = a.kind().equals(b.kind()) && a.volume().equals(b.volume());
        if ((a.isSource() || b.isSource()) && !sameTree) {
            throw new CliException(
                    "a data source moves files within itself only; copy through a local folder to move between it"
                            + " and another tree",
                    2);
        }
        FileWire.FileEntry existing = statOrNull(b);
        Location.Remote target =
                b.path().endsWith("/") || (existing != null && existing.type() == FileWire.EntryType.FOLDER)
                        ? b.child(a.name())
                        : b;
        api().postJson(
                        b.apiBase(team()) + "/move",
                        new FileWire.MoveRequest(a.path(), target.path(), force, a.sourceFor(b)));
        if (json) printJson(Map.of("moved", a.toString(), "to", b.toString()));
        return 0;
    }
}
