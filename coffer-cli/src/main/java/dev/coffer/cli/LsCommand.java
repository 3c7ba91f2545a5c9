package dev.coffer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.cli.client.Location;
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
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    @Parameters(paramLabel = "REMOTE", description = "storage:PATH, storage@CLUSTER:PATH, notebooks/NAME:PATH or datasets/NAME[@REF]:PATH")
    String where;

    @Override
    public Integer call() {
        Location.Remote r = Location.remote(where);
        String after = null;
        do {
            String url = r.url(team(), "list") + "?limit=1000" + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
            JsonNode page = api().getJson(url);
            for (JsonNode e : page.path("entries")) {
                if (json) {
                    printJson(e);
                } else {
                    boolean folder = e.path("type").asText().equals("folder");
                    System.out.printf("%14s  %s  %s%s%n", folder ? "-" : Long.toString(e.path("size").asLong()),
                            TIME.format(Instant.ofEpochMilli(e.path("mtime").asLong())), e.path("name").asText(), folder ? "/" : "");
                }
            }
            after = page.path("next").isNull() || page.path("next").isMissingNode() ? null : page.path("next").asText();
        } while (after != null);
        return 0;
    }
}
