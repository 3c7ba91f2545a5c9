package dev.coffer.cli;

import dev.coffer.cli.client.Location;
import dev.coffer.wire.FileWire;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "ls", description = "List a remote folder (all pages), e.g. coffer ls storage:raw")
final class LsCommand extends ClientCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    @Parameters(
            paramLabel = "REMOTE",
            description = "storage:PATH, storage@CLUSTER:PATH, notebooks/NAME:PATH or datasets/NAME[@REF]:PATH")
    String where;

    @Override
    public Integer call() {
        Location.Remote r = Location.remote(where);
        String after = null;
        do {
            String url = r.url(team(), "list") + "?limit=1000"
                    + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
            FileWire.FileListing page = api().get(url, FileWire.FileListing.class);
            for (FileWire.FileEntry e : page.entries()) {
                if (json) {
                    printJson(e);
                } else {
                    boolean folder = e.type() == FileWire.EntryType.FOLDER;
                    System.out.printf(
                            "%14s  %s  %s%s%n",
                            folder ? "-" : Long.toString(e.size()),
                            TIME.format(Instant.ofEpochMilli(e.mtime())),
                            e.name(),
                            suffix(e));
                }
            }
            after = page.next();
        } while (after != null);
        return 0;
    }

    /** A folder ends in '/', as in {@code ls -F}; a link shows what it points at, as {@code ls -l} does. */
    private static String suffix(FileWire.FileEntry e) {
        if (e.type() == FileWire.EntryType.FOLDER) return "/";
        if (e.type() == FileWire.EntryType.SYMLINK) return " -> " + e.target();
        return "";
    }
}
