package dev.coffer.cli;

import dev.coffer.cli.client.ApiClient;
import dev.coffer.wire.JobWire;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "jobs",
        description = "The team's background jobs (URL imports): list, follow, cancel.",
        subcommands = {JobsCommand.List.class, JobsCommand.Show.class, JobsCommand.Cancel.class})
final class JobsCommand {
    static String base(ClientCommand c) {
        return "/api/v1/teams/" + ApiClient.encodeName(c.team()) + "/jobs";
    }

    static String line(JobWire.Job j) {
        String total = j.bytesTotal() == null ? "?" : String.format("%,d", j.bytesTotal());
        String error = j.error() == null ? "" : "  " + j.error();
        return String.format(
                "%-6d %-10s %,15d / %-15s %,12d B/s  %s -> %s%s",
                j.id(), j.state(), j.bytesDone(), total, j.bytesPerSecond(), j.url(), j.path(), error);
    }

    /** Whether a job has ended; a state this coffer does not know (from a newer server) counts as ended, so nothing waits forever. */
    static boolean ended(JobWire.Job j) {
        return j.state() == null || j.state().ended();
    }

    /** Polls a job until it ends, printing its progress on a terminal; returns its last state. */
    static JobWire.Job follow(ClientCommand c, long id) throws InterruptedException {
        while (true) {
            JobWire.Job j = c.api().get(base(c) + "/" + id, JobWire.Job.class);
            boolean ended = ended(j);
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
            JobWire.JobList r = api().get(base(this), JobWire.JobList.class);
            if (json) printJson(r);
            else for (JobWire.Job j : r.jobs()) System.out.println(line(j));
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
            JobWire.Job j = waitForIt ? follow(this, id) : api().get(base(this) + "/" + id, JobWire.Job.class);
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
            JobWire.Job j = api().post(base(this) + "/" + id + "/cancel", Map.of(), JobWire.Job.class);
            if (json) printJson(j);
            else System.out.println(line(j));
            return 0;
        }
    }
}
