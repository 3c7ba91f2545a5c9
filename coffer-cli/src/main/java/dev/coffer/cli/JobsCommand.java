package dev.coffer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.cli.client.ApiClient;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "jobs", description = "The team's background jobs (URL imports): list, follow, cancel.",
        subcommands = {JobsCommand.List.class, JobsCommand.Show.class, JobsCommand.Cancel.class})
final class JobsCommand {
    static String base(ClientCommand c) {
        return "/api/v1/teams/" + ApiClient.encodeName(c.team()) + "/jobs";
    }

    static String line(JsonNode j) {
        long done = j.path("bytesDone").asLong();
        String total = j.path("bytesTotal").isNull() ? "?" : String.format("%,d", j.path("bytesTotal").asLong());
        String error = j.path("error").isNull() ? "" : "  " + j.path("error").asText();
        return String.format("%-6d %-10s %,15d / %-15s %,12d B/s  %s -> %s%s", j.path("id").asLong(), j.path("state").asText(), done, total,
                j.path("bytesPerSecond").asLong(), j.path("url").asText(), j.path("path").asText(), error);
    }

    /** Polls a job until it ends, printing its progress on a terminal; returns its last state. */
    static JsonNode follow(ClientCommand c, long id) throws InterruptedException {
        while (true) {
            JsonNode j = c.api().getJson(base(c) + "/" + id);
            boolean ended = j.path("state").asText().matches("done|failed|cancelled");
            if (!c.json) {
                if (c.interactive()) System.out.print("\r" + line(j) + (ended ? "\n" : ""));
                else if (ended) System.out.println(line(j));
            }
            if (ended) return j;
            Thread.sleep(500);
        }
    }

    @Command(name = "ls", description = "List the team's jobs, newest first.")
    static final class List extends ClientCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            JsonNode r = api().getJson(base(this));
            if (json) printJson(r);
            else for (JsonNode j : r.path("jobs")) System.out.println(line(j));
            return 0;
        }
    }

    @Command(name = "show", description = "Show one job; --wait follows it to its end.")
    static final class Show extends ClientCommand implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        long id;

        @picocli.CommandLine.Option(names = "--wait", description = "Follow the job until it ends.")
        boolean waitForIt;

        @Override
        public Integer call() throws Exception {
            JsonNode j = waitForIt ? follow(this, id) : api().getJson(base(this) + "/" + id);
            if (json) printJson(j);
            else if (!waitForIt) System.out.println(line(j));
            return 0;
        }
    }

    @Command(name = "cancel", description = "Cancel a job.")
    static final class Cancel extends ClientCommand implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        long id;

        @Override
        public Integer call() {
            JsonNode j = api().postJson(base(this) + "/" + id + "/cancel", Map.of());
            if (json) printJson(j);
            else System.out.println(line(j));
            return 0;
        }
    }
}
