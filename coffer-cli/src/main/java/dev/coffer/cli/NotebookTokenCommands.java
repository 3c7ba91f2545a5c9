package dev.coffer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.cli.client.ApiClient;
import dev.coffer.cli.client.CliException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Tokens for one notebook: make one (printed once), list them (never their values), revoke one.
 * A notebook token works only while its notebook is Running, and always expires.
 */
final class NotebookTokenCommands {
    private NotebookTokenCommands() {}

    static String tokens(String team, String notebook) {
        return "/api/v1/teams/" + ApiClient.encodeName(team) + "/notebooks/" + ApiClient.encodeName(notebook) + "/tokens";
    }

    @Command(name = "token", description = {"Make a token for one notebook, printed once on standard output, for the platform to hand",
            "to the notebook: it reaches that notebook's files, the team's storage on its cluster and datasets (read),",
            "only while the notebook is Running, until it expires."})
    static final class Make extends ClientCommand implements Callable<Integer> {
        private static final Pattern LIFETIME = Pattern.compile("([0-9]{1,6})([dh])");

        @Parameters(paramLabel = "NAME", description = "The notebook.")
        String name;

        @Option(names = "--expires", paramLabel = "AGE", description = "Lifetime: Nd (days) or Nh (hours); default 7d, at most 90d.")
        String expires;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            if (expires != null) {
                Matcher m = LIFETIME.matcher(expires.strip());
                if (!m.matches()) throw new CliException("--expires takes a number of days or hours, e.g. 7d or 12h; got '" + expires + "'", 2);
                body.put(m.group(2).equals("d") ? "expiresInDays" : "expiresInHours", Integer.parseInt(m.group(1)));
            }
            JsonNode t = api().postJson(tokens(team(), name), body);
            if (json) {
                printJson(t);
            } else {
                System.out.println(t.path("token").asText());
                System.err.println("made token " + t.path("id").asLong() + " for notebook " + name + ", expires "
                        + TokensCommand.time(t.path("expiresAt")) + "; it is shown only now");
            }
            return 0;
        }
    }

    @Command(name = "tokens", description = "List a notebook's tokens (never their values): id, made by, created, expires, last used, state.")
    static final class List extends ClientCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "The notebook.")
        String name;

        @Override
        public Integer call() {
            JsonNode r = api().getJson(tokens(team(), name));
            if (!json) System.out.printf("%-6s %-20s %-20s %-20s %-20s %s%n", "ID", "MADE BY", "CREATED", "EXPIRES", "LAST USED", "STATE");
            for (JsonNode t : r.path("tokens")) {
                if (json) {
                    printJson(t);
                    continue;
                }
                String state = t.path("revoked").asBoolean() ? "revoked" : t.path("expired").asBoolean() ? "expired" : "active";
                System.out.printf("%-6d %-20s %-20s %-20s %-20s %s%n", t.path("id").asLong(), t.path("createdBy").asText(),
                        TokensCommand.time(t.path("createdAt")), TokensCommand.time(t.path("expiresAt")), TokensCommand.time(t.path("lastUsedAt")), state);
            }
            return 0;
        }
    }

    @Command(name = "revoke-token", description = "Revoke a notebook token by its id (see 'coffer notebooks tokens NAME'); it stops working at once.")
    static final class Revoke extends ClientCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "The notebook.")
        String name;

        @Parameters(index = "1", paramLabel = "ID")
        long id;

        @Override
        public Integer call() {
            api().delete(tokens(team(), name) + "/" + id);
            if (json) printJson(Map.of("notebook", name, "revoked", id));
            else System.out.println("revoked token " + id + " of notebook " + name);
            return 0;
        }
    }
}
