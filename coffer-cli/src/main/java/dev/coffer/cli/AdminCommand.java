package dev.coffer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "admin", description = "Operator maintenance.", subcommands = {AdminCommand.Gc.class, AdminCommand.Fsck.class})
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
}
