package dev.coffer.cli;

import dev.coffer.cli.client.ApiClient;
import dev.coffer.wire.DatasetWire;
import dev.coffer.wire.JobWire;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "import",
        description = {
            "Import a URL into a dataset draft; the server downloads it in the background (see 'coffer jobs').",
            "NAME:N names an open draft; a bare NAME starts a new draft from the latest version first.",
            "With --commit the command waits for the download and commits the draft when it succeeded."
        })
final class DatasetsImportCommand extends DatasetCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "URL", description = "An http:// or https:// URL.")
    String url;

    @Parameters(index = "1", paramLabel = "NAME[:N]")
    String target;

    @Option(names = "--path", paramLabel = "FOLDER", description = "Folder inside the version (default: its top).")
    String path;

    @Option(names = "--name", description = "File name (default: the last name of the URL's path).")
    String fileName;

    @Option(
            names = "--wait",
            description = "Wait until the import ends, showing its progress; exit code 1 if it failed.")
    boolean waitForIt;

    @Option(names = "--commit", description = "Wait, then commit the draft if the import succeeded.")
    boolean commit;

    @Option(
            names = {"-m", "--message"},
            paramLabel = "MSG",
            description = "Message of the new draft (and of its commit).")
    String message;

    @Override
    public Integer call() throws Exception {
        String name = nameOf(target);
        String draft = selectorOf(target) == null
                ? name + ":" + startDraft(name)
                : name + ":" + numberOf(target, "import into a draft");
        JobWire.ImportRequest body = new JobWire.ImportRequest(
                url, null, new JobWire.DraftRef(draft, isPublic), path == null ? "" : path, fileName);
        JobWire.Job job =
                api().post("/api/v1/teams/" + ApiClient.encodeName(team()) + "/imports", body, JobWire.Job.class);
        if (!waitForIt && !commit) {
            if (json) printJson(job);
            else System.out.println("import " + job.id() + " queued: " + job.url() + " -> " + draft + ":" + job.path());
            return 0;
        }
        JobWire.Job end = JobsCommand.follow(this, job.id());
        boolean done = end.state() == JobWire.JobState.DONE;
        if (!done || !commit) {
            if (json) printJson(end);
            if (!done && !json)
                System.err.println("the draft " + draft
                        + " stays open: import again, or discard it with 'coffer datasets discard " + draft + "'");
            return done ? 0 : 1;
        }
        DatasetWire.Version committed = api().post(
                        dataset(name) + "/versions/" + numberOf(draft, "commit") + "/commit",
                        new DatasetWire.CommitRequest(message),
                        DatasetWire.Version.class);
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("job", end);
            out.put("version", committed);
            printJson(out);
        } else {
            System.out.printf(
                    "committed %s: %d files, %s, %s new%n",
                    committed.ref(),
                    orZero(committed.files()),
                    bytes(orZero(committed.size())),
                    bytes(orZero(committed.newBytes())));
        }
        return 0;
    }

    /** Starts a draft over the latest version (or an empty one for a dataset without versions); returns its number. */
    private long startDraft(String name) {
        var body = new DatasetWire.DraftRequest(null, message);
        DatasetWire.Version v = api().post(dataset(name) + "/versions", body, DatasetWire.Version.class);
        if (!json) System.err.println("started draft " + v.ref());
        return v.number();
    }
}
