package dev.coffer.cli;

import dev.coffer.cli.client.ApiClient;
import dev.coffer.cli.client.CliException;
import dev.coffer.cli.client.ClientConfig;
import dev.coffer.cli.client.Secrets;
import dev.coffer.wire.SessionWire;
import dev.coffer.wire.TokenWire;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "login",
        description = {
            "Sign in and save the server URL and an API token (owner-only file) for later commands.",
            "With --user, signs in with your password and creates a personal token named cli@HOSTNAME;",
            "otherwise checks the API token you give."
        })
final class LoginCommand implements Callable<Integer> {
    /** Tries of a free token name: cli@HOST, cli@HOST-2, … */
    private static final int NAME_TRIES = 50;

    @Option(
            names = "--url",
            description = "Server URL, e.g. http://127.0.0.1:8420 (default: COFFER_URL or the saved one).")
    String url;

    @Option(
            names = "--user",
            description = "Sign in as this user with a password (asked on the terminal, or --password-stdin).")
    String user;

    @Option(
            names = "--password-stdin",
            description = "With --user: read the password from the first line of standard input.")
    boolean passwordStdin;

    @Option(names = "--token", description = "API token (default: COFFER_TOKEN, or asked on the terminal).")
    String token;

    @Option(names = "--token-file", description = "Read the API token from this file.")
    Path tokenFile;

    @Option(
            names = "--team",
            description =
                    "Current team for later commands (default: the saved one or default, else your Private Workspace).")
    String team;

    @Override
    public Integer call() throws Exception {
        ClientConfig saved = ClientConfig.load(System.getenv());
        String u = url != null ? url : saved.url();
        if (u == null) throw new CliException("give the server URL with --url", 2);
        String t = user != null ? tokenFromPassword(u) : givenToken();
        if (t == null || t.isEmpty())
            throw new CliException(
                    "give the API token with --token, --token-file or COFFER_TOKEN, or sign in with --user NAME", 2);
        String wanted = team != null ? team : (saved.team() == null ? "default" : saved.team());
        SessionWire.Me me = new ApiClient(new ClientConfig(u, t, wanted)).get("/api/v1/me", SessionWire.Me.class);
        String chosenTeam = chooseTeam(me, wanted, team != null);
        ClientConfig config = new ClientConfig(u, t, chosenTeam);
        config.save(System.getenv());
        System.out.println("Logged in to " + u + " as " + me.name() + " (team " + chosenTeam + "); saved to "
                + ClientConfig.file(System.getenv()));
        return 0;
    }

    private String givenToken() throws IOException {
        if (passwordStdin) throw new CliException("--password-stdin goes with --user NAME", 2);
        String t = token;
        if (t == null && tokenFile != null) t = Files.readString(tokenFile).strip();
        if (t == null && System.getenv("COFFER_TOKEN") != null) t = System.getenv("COFFER_TOKEN");
        if (t == null && System.console() != null) {
            char[] typed = System.console().readPassword("API token: ");
            t = typed == null ? null : new String(typed).strip();
        }
        return t;
    }

    /** Signs in with the password, creates a personal token for this machine, and signs the web session out again. */
    private String tokenFromPassword(String u) {
        if (token != null || tokenFile != null)
            throw new CliException("give either --user or --token/--token-file, not both", 2);
        String password = Secrets.read(passwordStdin, "Password for " + user + " at " + u + ": ");
        ApiClient session = ApiClient.signIn(u, user, password);
        try {
            String base = "cli@" + hostName();
            for (int i = 1; i <= NAME_TRIES; i++) {
                String name = i == 1 ? base : base + "-" + i;
                try {
                    return session.post(
                                    "/api/v1/tokens",
                                    new TokenWire.CreateToken(name, null),
                                    TokenWire.CreatedToken.class)
                            .token();
                } catch (ApiClient.ProblemException e) {
                    if (e.status() != 409) throw e;
                }
            }
            throw new CliException(
                    "you have " + NAME_TRIES + " tokens named " + base
                            + "…; revoke some with 'coffer tokens revoke ID'",
                    5);
        } finally {
            session.postJson("/api/v1/logout", Map.of());
        }
    }

    /** The wanted team if the user is a member; without an explicit --team, else 'default', else their Private Workspace. */
    private static String chooseTeam(SessionWire.Me me, String wanted, boolean explicit) {
        List<String> teams = me.teams();
        if (teams.contains(wanted)) return wanted;
        if (!explicit) {
            for (String fallback : new String[] {"default", "~" + me.name()}) {
                if (teams.contains(fallback)) return fallback;
            }
        }
        throw new CliException(
                "you are not a member of team '" + wanted + "'; your teams: " + String.join(", ", teams), 4);
    }

    static String hostName() {
        String h = System.getenv("HOSTNAME");
        if (h == null || h.isBlank()) {
            try {
                h = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                h = "unknown-host";
            }
        }
        h = h.strip().replaceAll("[^A-Za-z0-9._-]", "-");
        return h.length() > 80 ? h.substring(0, 80) : h;
    }
}
