package dev.coffer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "admin", description = "Operator maintenance.", subcommands = {AdminCommand.Gc.class, AdminCommand.Fsck.class, AdminCommand.Usage.class})
final class AdminCommand {

    @Command(name = "gc", description = "Remove content nothing refers to (older than the grace period).")
    static final class Gc extends ClientCommand implements Callable<Integer> {
        @Option(names = "--dry-run", description = "Only report what would be removed.")
        boolean dryRun;

        @Option(names = "--grace-seconds", description = "Keep what is younger than this (default: the server's gc.grace).")
        Long graceSeconds;

        @Override
        public Integer call() {
            String q = "?dryRun=" + dryRun + (graceSeconds == null ? "" : "&graceSeconds=" + graceSeconds);
            JsonNode r = api().postJson("/api/v1/admin/gc" + q, Map.of());
            if (json) printJson(r);
            else System.out.printf("%s %d unused file contents and %d chunks (%d stored bytes)%n",
                    dryRun ? "would remove" : "removed", r.path("contents").asLong(), r.path("chunks").asLong(), r.path("bytes").asLong());
            return 0;
        }
    }

    @Command(name = "fsck", description = "Re-hash all content and check that every reference resolves.")
    static final class Fsck extends ClientCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            JsonNode r = api().postJson("/api/v1/admin/fsck", Map.of());
            if (json) printJson(r);
            else {
                System.out.printf("checked %d chunks (%d bytes) and %d file contents; %d unreferenced blob(s)%n",
                        r.path("chunksChecked").asLong(), r.path("bytesChecked").asLong(), r.path("contentsChecked").asLong(),
                        r.path("unreferencedBlobs").asLong());
                r.path("problems").forEach(p -> System.out.println("problem: " + p.asText()));
                System.out.println(r.path("clean").asBoolean() ? "clean" : "NOT clean");
            }
            return r.path("clean").asBoolean() ? 0 : 8;
        }
    }

    @Command(name = "usage", description = "Every team's usage; --recount counts it again from the files and compares.")
    static final class Usage extends ClientCommand implements Callable<Integer> {
        @Option(names = "--recount", description = "Count every team's usage from scratch and compare it with the kept figure.")
        boolean recount;

        @Option(names = "--repair", paramLabel = "TEAM", description = "Rebuild TEAM's kept usage from its files.")
        String repair;

        @Override
        public Integer call() {
            if (repair != null) {
                JsonNode r = api().postJson("/api/v1/admin/usage/repair?team=" + dev.coffer.cli.client.ApiClient.encodeName(repair), Map.of());
                if (json) printJson(r);
                else System.out.println("team " + repair + " now uses " + r.path("bytes").asLong() + " bytes");
                return 0;
            }
            JsonNode r = api().getJson("/api/v1/admin/usage?recount=" + recount);
            if (json) {
                printJson(r);
            } else {
                for (JsonNode t : r.path("teams")) {
                    String check = !recount ? "" : t.path("agrees").asBoolean() ? "  recount agrees"
                            : "  RECOUNT: " + t.path("counted").asLong() + " " + t.path("mismatches");
                    System.out.printf("%-32s %,16d bytes%s%n", t.path("team").asText(), t.path("bytes").asLong(), check);
                }
            }
            boolean agree = true;
            for (JsonNode t : r.path("teams")) agree &= !recount || t.path("agrees").asBoolean();
            return agree ? 0 : 8;
        }
    }
}
