package dev.coffer.cli;

import dev.coffer.cli.client.ApiClient;
import dev.coffer.cli.client.Location;
import dev.coffer.wire.JobWire;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "import",
        description =
                "Import a URL into a remote folder; the server downloads it in the background (see 'coffer jobs').")
final class ImportCommand extends ClientCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "URL", description = "An http:// or https:// URL.")
    String url;

    @Parameters(
            index = "1",
            paramLabel = "FOLDER",
            description = "Where the file lands, e.g. storage:raw or notebooks/lab:data.")
    String folder;

    @Option(names = "--name", description = "File name (default: the last name of the URL's path).")
    String name;

    @Option(
            names = "--wait",
            description = "Wait until the import ends, showing its progress; exit code 1 if it failed.")
    boolean waitForIt;

    @Override
    public Integer call() throws Exception {
        Location.Remote r = Location.remote(folder);
        JobWire.ImportRequest body =
                new JobWire.ImportRequest(url, new JobWire.VolumeRef(r.kind(), r.volume()), null, r.path(), name);
        JobWire.Job job =
                api().post("/api/v1/teams/" + ApiClient.encodeName(team()) + "/imports", body, JobWire.Job.class);
        if (!waitForIt) {
            if (json) printJson(job);
            else System.out.println("import " + job.id() + " queued: " + job.url() + " -> " + job.path());
            return 0;
        }
        JobWire.Job end = JobsCommand.follow(this, job.id());
        if (json) printJson(end);
        return end.state() == JobWire.JobState.DONE ? 0 : 1;
    }
}
