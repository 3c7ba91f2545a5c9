package dev.coffer.cli;

import dev.coffer.cli.client.Secrets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "passwd",
        description = {
            "Change your password; your other web sessions end (tokens keep working).",
            "Asks on the terminal, or reads two lines from standard input with --password-stdin: the current password, then the new one."
        })
final class PasswdCommand extends ClientCommand implements Callable<Integer> {
    @Option(
            names = "--password-stdin",
            description = "Read the current and the new password from standard input, one per line.")
    boolean passwordStdin;

    @Override
    public Integer call() {
        String current = Secrets.read(passwordStdin, "Current password (empty if you have none yet): ");
        String next = Secrets.readNew(passwordStdin, "New password (at least 10 characters): ");
        Map<String, Object> body = new HashMap<>();
        body.put("current", current.isEmpty() ? null : current);
        body.put("new", next);
        api().putJson("/api/v1/me/password", body);
        if (json) printJson(Map.of("changed", true));
        else System.out.println("password changed");
        return 0;
    }
}
