package dev.coffer.cli;

import dev.coffer.cli.client.ApiClient;
import dev.coffer.cli.client.CliException;
import dev.coffer.wire.NotebookWire;
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
        return "/api/v1/teams/" + ApiClient.encodeName(team) + "/notebooks/" + ApiClient.encodeName(notebook)
                + "/tokens";
    }

    @Command(
            name = "token",
            description = {
                "Make a token for one notebook, printed once on standard output, for the platform to hand",
                "to the notebook: it reaches that notebook's files, the team's storage on its cluster and datasets (read),",
                "only while the notebook is Running, until it expires."
            })
    static final class Make extends ClientCommand implements Callable<Integer> {
        private static final Pattern LIFETIME = Pattern.compile("([0-9]{1,6})([dh])");

        @Parameters(paramLabel = "NAME", description = "The notebook.")
        String name;

        @Option(
                names = "--expires",
                paramLabel = "AGE",
                description = "Lifetime: Nd (days) or Nh (hours); default 7d, at most 90d.")
        String expires;

        @Override
        public Integer call() {
            NotebookWire.CreateNotebookToken body = new NotebookWire.CreateNotebookToken(null, null);
            if (expires != null) {
                Matcher m = LIFETIME.matcher(expires.strip());
                if (!m.matches())
                    throw new CliException(
                            "--expires takes a number of days or hours, e.g. 7d or 12h; got '" + expires + "'", 2);
                int n = Integer.parseInt(m.group(1));
                body = m.group(2).equals("d")
                        ? new NotebookWire.CreateNotebookToken(null, n)
                        : new NotebookWire.CreateNotebookToken(n, null);
            }
            NotebookWire.CreatedNotebookToken t =
                    api().post(tokens(team(), name), body, NotebookWire.CreatedNotebookToken.class);
            if (json) {
                printJson(t);
            } else {
                System.out.println(t.token());
                System.err.println("made token " + t.id() + " for notebook " + name + ", expires "
                        + TokensCommand.time(t.expiresAt()) + "; it is shown only now");
            }
            return 0;
        }
    }

    @Command(
            name = "tokens",
            description =
                    "List a notebook's tokens (never their values): id, made by, created, expires, last used, state.")
    static final class List extends ClientCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "The notebook.")
        String name;

        @Override
        public Integer call() {
            NotebookWire.NotebookTokenList r = api().get(tokens(team(), name), NotebookWire.NotebookTokenList.class);
            if (!json)
                System.out.printf(
                        "%-6s %-20s %-20s %-20s %-20s %s%n",
                        "ID", "MADE BY", "CREATED", "EXPIRES", "LAST USED", "STATE");
            for (NotebookWire.NotebookTokenInfo t : r.tokens()) {
                if (json) {
                    printJson(t);
                    continue;
                }
                String state = t.revoked() ? "revoked" : t.expired() ? "expired" : "active";
                System.out.printf(
                        "%-6d %-20s %-20s %-20s %-20s %s%n",
                        t.id(),
                        t.createdBy(),
                        TokensCommand.time(t.createdAt()),
                        TokensCommand.time(t.expiresAt()),
                        TokensCommand.time(t.lastUsedAt()),
                        state);
            }
            return 0;
        }
    }

    @Command(
            name = "revoke-token",
            description =
                    "Revoke a notebook token by its id (see 'coffer notebooks tokens NAME'); it stops working at once.")
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
