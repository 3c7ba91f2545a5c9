package dev.coffer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.cli.client.ApiClient;
import dev.coffer.cli.client.Location;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", description = "Import a URL into a remote folder; the server downloads it in the background (see 'coffer jobs').")
final class ImportCommand extends ClientCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "URL", description = "An http:// or https:// URL.")
    String url;

    @Parameters(index = "1", paramLabel = "FOLDER", description = "Where the file lands, e.g. storage:raw or notebooks/lab:data.")
    String folder;

    @Option(names = "--name", description = "File name (default: the last name of the URL's path).")
    String name;

    @Option(names = "--wait", description = "Wait until the import ends, showing its progress; exit code 1 if it failed.")
    boolean waitForIt;

    @Override
    public Integer call() throws Exception {
        Location.Remote r = Location.remote(folder);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", url);
        body.put("volume", Map.of("kind", r.kind(), "name", r.volume()));
        body.put("path", r.path());
        if (name != null) body.put("name", name);
        JsonNode job = api().postJson("/api/v1/teams/" + ApiClient.encodeName(team()) + "/imports", body);
        if (!waitForIt) {
            if (json) printJson(job);
            else System.out.println("import " + job.path("id").asLong() + " queued: " + job.path("url").asText() + " -> " + job.path("path").asText());
            return 0;
        }
        JsonNode end = JobsCommand.follow(this, job.path("id").asLong());
        if (json) printJson(end);
        return end.path("state").asText().equals("done") ? 0 : 1;
    }
}
