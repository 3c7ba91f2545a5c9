package dev.coffer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.cli.client.ApiClient;
import dev.coffer.cli.client.Secrets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "users", description = "Operators: create, list and delete local accounts.",
        subcommands = {UsersCommand.Create.class, UsersCommand.List.class, UsersCommand.Remove.class})
final class UsersCommand {

    @Command(name = "create", description = {"Create a user (and their Private Workspace, the team ~NAME).",
            "The password is asked twice on the terminal, or read from standard input with --password-stdin."})
    static final class Create extends ClientCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "1-64 characters: a-z, 0-9, '.', '_', '-', starting with a letter or digit.")
        String name;

        @Option(names = "--admin", description = "Make the user a server operator.")
        boolean admin;

        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean passwordStdin;

        @Override
        public Integer call() {
            String password = Secrets.readNew(passwordStdin, "Password for " + name + " (at least 10 characters): ");
            JsonNode u = api().postJson("/api/v1/users", Map.of("name", name, "password", password, "admin", admin));
            if (json) printJson(u);
            else System.out.println("created " + (u.path("admin").asBoolean() ? "operator " : "user ") + u.path("name").asText()
                    + " with Private Workspace " + u.path("privateWorkspace").asText());
            return 0;
        }
    }

    @Command(name = "ls", description = "List users.")
    static final class List extends ClientCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            JsonNode r = api().getJson("/api/v1/users");
            for (JsonNode u : r.path("users")) {
                if (json) printJson(u);
                else System.out.printf("%-30s %-9s %s%n", u.path("name").asText(), u.path("admin").asBoolean() ? "operator" : "user",
                        u.path("hasPassword").asBoolean() ? "password" : "tokens only");
            }
            return 0;
        }
    }

    @Command(name = "rm", description = "Delete a user, with their tokens, sessions and Private Workspace (its files too); at once.")
    static final class Remove extends ClientCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            api().delete("/api/v1/users/" + ApiClient.encodeName(name));
            if (json) printJson(Map.of("deleted", name));
            else System.out.println("deleted user " + name);
            return 0;
        }
    }
}
