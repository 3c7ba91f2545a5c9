package dev.coffer.cli;

import dev.coffer.cli.client.ApiClient;
import dev.coffer.wire.AdminWire;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "admin",
        description = "Operator maintenance (through a server; `migrate` works on the database itself).",
        subcommands = {
            AdminCommand.Status.class,
            AdminCommand.Gc.class,
            AdminCommand.Fsck.class,
            AdminCommand.BackupCheck.class,
            AdminCommand.Usage.class,
            AdminMigrateCommand.class,
            PublicDatasetsCommand.class
        })
final class AdminCommand {

    @Command(
            name = "status",
            description = "The server's version and uptime, whether its database and content store answer,"
                    + " what a collection would remove now, and import jobs. Exits 8 when a part does not answer.")
    static final class Status extends ClientCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            AdminWire.Status r = api().get("/api/v1/admin/status", AdminWire.Status.class);
            if (json) printJson(r);
            else {
                System.out.printf("version    %s, up %s%n", r.version(), uptime(r.uptimeSeconds()));
                AdminWire.DatabaseStatus db = r.database();
                System.out.printf(
                        "database   %s, schema %s: %s%n",
                        db.dialect(),
                        db.schemaVersion(),
                        db.reachable() ? "answers" : "NOT REACHABLE: " + db.problem());
                AdminWire.StoreStatus st = r.store();
                System.out.printf(
                        "store      %s: %s%s%n",
                        st.description(),
                        st.reachable() ? "answers" : "NOT REACHABLE: " + st.problem(),
                        st.retries() == null
                                ? ""
                                : " (" + st.retries() + " calls retried, " + st.failures() + " failed since start)");
                if (r.gcPending() != null)
                    System.out.printf(
                            "gc         %d unused contents and %d chunks (%d stored bytes) to remove now%n",
                            r.gcPending().contents(),
                            r.gcPending().chunks(),
                            r.gcPending().bytes());
                System.out.printf("imports    %s%n", r.importJobs().isEmpty() ? "none" : r.importJobs());
                System.out.printf("teams      %d, users %d%n", r.teams(), r.users());
            }
            return r.database().reachable() && r.store().reachable() ? 0 : 8;
        }

        static String uptime(long seconds) {
            long d = seconds / 86_400, h = seconds / 3600 % 24, m = seconds / 60 % 60, s = seconds % 60;
            return d > 0 ? d + "d " + h + "h" : h > 0 ? h + "h " + m + "m" : m > 0 ? m + "m " + s + "s" : s + "s";
        }
    }

    @Command(name = "gc", description = "Remove content nothing refers to (older than the grace period).")
    static final class Gc extends ClientCommand implements Callable<Integer> {
        @Option(names = "--dry-run", description = "Only report what would be removed.")
        boolean dryRun;

        @Option(
                names = "--grace-seconds",
                description = "Keep what is younger than this (default: the server's gc.grace).")
        Long graceSeconds;

        @Override
        public Integer call() {
            String q = "?dryRun=" + dryRun + (graceSeconds == null ? "" : "&graceSeconds=" + graceSeconds);
            AdminWire.GcReport r = api().post("/api/v1/admin/gc" + q, Map.of(), AdminWire.GcReport.class);
            if (json) printJson(r);
            else
                System.out.printf(
                        "%s %d unused file contents and %d chunks (%d stored bytes)%n",
                        dryRun ? "would remove" : "removed", r.contents(), r.chunks(), r.bytes());
            return 0;
        }
    }

    @Command(name = "fsck", description = "Re-hash all content and check that every reference resolves.")
    static final class Fsck extends ClientCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            AdminWire.FsckReport r = api().post("/api/v1/admin/fsck", Map.of(), AdminWire.FsckReport.class);
            if (json) printJson(r);
            else {
                System.out.printf(
                        "checked %d chunks (%d bytes) and %d file contents; %d unreferenced blob(s)%n",
                        r.chunksChecked(), r.bytesChecked(), r.contentsChecked(), r.unreferencedBlobs());
                r.problems().forEach(p -> System.out.println("problem: " + p));
                System.out.println(r.clean() ? "clean" : "NOT clean");
            }
            return r.clean() ? 0 : 8;
        }
    }

    @Command(
            name = "backup-check",
            description = "Check that every blob the database names is in the content store, reading none:"
                    + " run it on a restored backup before trusting it. Exits 8 when blobs are missing.")
    static final class BackupCheck extends ClientCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            AdminWire.BackupCheck r = api().post("/api/v1/admin/backup-check", Map.of(), AdminWire.BackupCheck.class);
            if (json) printJson(r);
            else {
                System.out.printf(
                        "the database names %d blobs; the store holds %d; %d missing, %d unreferenced%n",
                        r.blobsNamed(), r.blobsStored(), r.missing(), r.unreferenced());
                r.missingKeys().forEach(k -> System.out.println("missing: " + k));
                System.out.println(
                        r.consistent() ? "consistent" : "NOT consistent: the store lacks blobs the database needs");
            }
            return r.consistent() ? 0 : 8;
        }
    }

    @Command(name = "usage", description = "Every team's usage; --recount counts it again from the files and compares.")
    static final class Usage extends ClientCommand implements Callable<Integer> {
        @Option(
                names = "--recount",
                description = "Count every team's usage from scratch and compare it with the kept figure.")
        boolean recount;

        @Option(names = "--repair", paramLabel = "TEAM", description = "Rebuild TEAM's kept usage from its files.")
        String repair;

        @Override
        public Integer call() {
            if (repair != null) {
                AdminWire.UsageRepair r = api().post(
                                "/api/v1/admin/usage/repair?team=" + ApiClient.encodeName(repair),
                                Map.of(),
                                AdminWire.UsageRepair.class);
                if (json) printJson(r);
                else System.out.println("team " + repair + " now uses " + r.bytes() + " bytes");
                return 0;
            }
            AdminWire.UsageReport r = api().get("/api/v1/admin/usage?recount=" + recount, AdminWire.UsageReport.class);
            if (json) {
                printJson(r);
            } else {
                for (AdminWire.TeamUsage t : r.teams()) {
                    String check = !recount
                            ? ""
                            : Boolean.TRUE.equals(t.agrees())
                                    ? "  recount agrees"
                                    : "  RECOUNT: " + t.counted() + " " + mismatches(t);
                    System.out.printf("%-32s %,16d bytes%s%n", t.team(), t.bytes(), check);
                }
            }
            boolean agree = true;
            for (AdminWire.TeamUsage t : r.teams()) agree &= !recount || Boolean.TRUE.equals(t.agrees());
            return agree ? 0 : 8;
        }

        /** The rows that differ, as the JSON list they came in ({@code ["a","b"]}). */
        private String mismatches(AdminWire.TeamUsage t) {
            try {
                return JSON.writeValueAsString(t.mismatches() == null ? List.of() : t.mismatches());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
