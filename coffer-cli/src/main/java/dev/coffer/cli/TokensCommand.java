package dev.coffer.cli;

import dev.coffer.cli.client.ApiClient;
import dev.coffer.wire.TokenWire;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "tokens",
        description = "Your personal API tokens, for scripts and other machines.",
        subcommands = {TokensCommand.Create.class, TokensCommand.List.class, TokensCommand.Revoke.class})
final class TokensCommand {

    @Command(
            name = "create",
            description = {
                "Create a personal API token. It is printed once, on standard output,",
                "and cannot be shown again: store it now (e.g. TOKEN=$(coffer tokens create backup))."
            })
    static final class Create extends ClientCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "What the token is for, unique among your live tokens.")
        String name;

        @Option(
                names = "--expires-in-days",
                paramLabel = "N",
                description = "The token stops working after N days (default: never).")
        Integer expiresInDays;

        @Override
        public Integer call() {
            TokenWire.CreatedToken t = api().post(
                            "/api/v1/tokens",
                            new TokenWire.CreateToken(name, expiresInDays),
                            TokenWire.CreatedToken.class);
            if (json) {
                printJson(t);
            } else {
                System.out.println(t.token());
                System.err.println("created token '" + t.name() + "' (id " + t.id() + ", "
                        + (t.expiresAt() == null ? "does not expire" : "expires " + time(t.expiresAt()))
                        + "); it is shown only now");
            }
            return 0;
        }
    }

    @Command(
            name = "ls",
            description = "List your tokens (never their values): id, name, created, expires, last used, state.")
    static final class List extends ClientCommand implements Callable<Integer> {
        @Option(names = "--user", description = "Operators: another user's tokens.")
        String user;

        @Override
        public Integer call() {
            TokenWire.TokenList r = api().get(
                            "/api/v1/tokens" + (user == null ? "" : "?user=" + ApiClient.encodeName(user)),
                            TokenWire.TokenList.class);
            if (!json)
                System.out.printf(
                        "%-6s %-30s %-20s %-20s %-20s %s%n", "ID", "NAME", "CREATED", "EXPIRES", "LAST USED", "STATE");
            for (TokenWire.TokenInfo t : r.tokens()) {
                if (json) {
                    printJson(t);
                    continue;
                }
                String state = t.revoked() ? "revoked" : t.expired() ? "expired" : "active";
                System.out.printf(
                        "%-6d %-30s %-20s %-20s %-20s %s%n",
                        t.id(),
                        t.name(),
                        time(t.createdAt()),
                        t.expiresAt() == null ? "never" : time(t.expiresAt()),
                        time(t.lastUsedAt()),
                        state);
            }
            return 0;
        }
    }

    @Command(
            name = "revoke",
            description = "Revoke a token by its id (see 'coffer tokens ls'); it stops working at once.")
    static final class Revoke extends ClientCommand implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        long id;

        @Override
        public Integer call() {
            api().delete("/api/v1/tokens/" + id);
            if (json) printJson(Map.of("revoked", id));
            else System.out.println("revoked token " + id);
            return 0;
        }
    }

    /** A time in milliseconds as UTC, to the minute; "-" when absent. */
    static String time(Long ms) {
        if (ms == null) return "-";
        return Instant.ofEpochMilli(ms)
                .toString()
                .replaceFirst(":\\d\\d(\\.\\d+)?Z$", "Z")
                .replace('T', ' ');
    }
}
