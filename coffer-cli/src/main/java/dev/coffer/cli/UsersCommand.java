package dev.coffer.cli;

import dev.coffer.cli.client.ApiClient;
import dev.coffer.cli.client.Secrets;
import dev.coffer.wire.UserWire;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "users",
        description = "Operators: create, list and delete local accounts.",
        subcommands = {UsersCommand.Create.class, UsersCommand.List.class, UsersCommand.Remove.class})
final class UsersCommand {

    @Command(
            name = "create",
            description = {
                "Create a user (and their Private Workspace, the team ~NAME).",
                "The password is asked twice on the terminal, or read from standard input with --password-stdin."
            })
    static final class Create extends ClientCommand implements Callable<Integer> {
        @Parameters(
                paramLabel = "NAME",
                description = "1-64 characters: a-z, 0-9, '.', '_', '-', starting with a letter or digit.")
        String name;

        @Option(names = "--admin", description = "Make the user a server operator.")
        boolean admin;

        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean passwordStdin;

        @Override
        public Integer call() {
            String password = Secrets.readNew(passwordStdin, "Password for " + name + " (at least 10 characters): ");
            UserWire.User u =
                    api().post("/api/v1/users", new UserWire.CreateUser(name, password, admin), UserWire.User.class);
            if (json) printJson(u);
            else
                System.out.println("created " + (u.admin() ? "operator " : "user ") + u.name()
                        + " with Private Workspace " + u.privateWorkspace());
            return 0;
        }
    }

    @Command(name = "ls", description = "List users.")
    static final class List extends ClientCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            for (UserWire.User u :
                    api().get("/api/v1/users", UserWire.UserList.class).users()) {
                if (json) printJson(u);
                else
                    System.out.printf(
                            "%-30s %-9s %s%n",
                            u.name(), u.admin() ? "operator" : "user", u.hasPassword() ? "password" : "tokens only");
            }
            return 0;
        }
    }

    @Command(
            name = "rm",
            description = "Delete a user, with their tokens, sessions and Private Workspace (its files too); at once.")
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
