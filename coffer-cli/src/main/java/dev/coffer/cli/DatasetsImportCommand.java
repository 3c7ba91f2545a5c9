package dev.coffer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.cli.client.ApiClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", description = {
        "Import a URL into a dataset draft; the server downloads it in the background (see 'coffer jobs').",
        "NAME:N names an open draft; a bare NAME starts a new draft from the latest version first.",
        "With --commit the command waits for the download and commits the draft when it succeeded."})
final class DatasetsImportCommand extends DatasetCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "URL", description = "An http:// or https:// URL.")
    String url;

    @Parameters(index = "1", paramLabel = "NAME[:N]")
    String target;

    @Option(names = "--path", paramLabel = "FOLDER", description = "Folder inside the version (default: its top).")
    String path;

    @Option(names = "--name", description = "File name (default: the last name of the URL's path).")
    String fileName;

    @Option(names = "--wait", description = "Wait until the import ends, showing its progress; exit code 1 if it failed.")
    boolean waitForIt;

    @Option(names = "--commit", description = "Wait, then commit the draft if the import succeeded.")
    boolean commit;

    @Option(names = {"-m", "--message"}, paramLabel = "MSG", description = "Message of the new draft (and of its commit).")
    String message;

    @Override
    public Integer call() throws Exception {
        String name = nameOf(target);
        String draft = selectorOf(target) == null ? name + ":" + startDraft(name) : name + ":" + numberOf(target, "import into a draft");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", url);
        body.put("dataset", Map.of("ref", draft, "public", isPublic));
        body.put("path", path == null ? "" : path);
        if (fileName != null) body.put("name", fileName);
        JsonNode job = api().postJson("/api/v1/teams/" + ApiClient.encodeName(team()) + "/imports", body);
        if (!waitForIt && !commit) {
            if (json) printJson(job);
            else System.out.println("import " + job.path("id").asLong() + " queued: " + job.path("url").asText() + " -> " + draft + ":" + job.path("path").asText());
            return 0;
        }
        JsonNode end = JobsCommand.follow(this, job.path("id").asLong());
        boolean done = end.path("state").asText().equals("done");
        if (!done || !commit) {
            if (json) printJson(end);
            if (!done && !json) System.err.println("the draft " + draft + " stays open: import again, or discard it with 'coffer datasets discard " + draft + "'");
            return done ? 0 : 1;
        }
        Map<String, Object> commitBody = new LinkedHashMap<>();
        if (message != null) commitBody.put("message", message);
        JsonNode committed = api().postJson(dataset(name) + "/versions/" + numberOf(draft, "commit") + "/commit", commitBody);
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("job", end);
            out.put("version", committed);
            printJson(out);
        } else {
            System.out.printf("committed %s: %d files, %s, %s new%n", committed.path("ref").asText(), committed.path("files").asLong(),
                    bytes(committed.path("size").asLong()), bytes(committed.path("newBytes").asLong()));
        }
        return 0;
    }

    /** Starts a draft over the latest version (or an empty one for a dataset without versions); returns its number. */
    private long startDraft(String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (message != null) body.put("message", message);
        JsonNode v = api().postJson(dataset(name) + "/versions", body);
        if (!json) System.err.println("started draft " + v.path("ref").asText());
        return v.path("number").asLong();
    }
}
