package dev.coffer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.cli.client.ApiClient;
import dev.coffer.cli.client.CliException;
import dev.coffer.cli.client.ClientConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "login", description = "Check a server URL and API token, and save them (owner-only file) for later commands.")
final class LoginCommand implements Callable<Integer> {
    @Option(names = "--url", description = "Server URL, e.g. http://127.0.0.1:8420 (default: COFFER_URL or the saved one).")
    String url;

    @Option(names = "--token", description = "API token (default: COFFER_TOKEN, or read from standard input).")
    String token;

    @Option(names = "--token-file", description = "Read the API token from this file.")
    Path tokenFile;

    @Option(names = "--team", description = "Current team for later commands (default: default).")
    String team;

    @Override
    public Integer call() throws Exception {
        ClientConfig saved = ClientConfig.load(System.getenv());
        String u = url != null ? url : saved.url();
        String t = token;
        if (t == null && tokenFile != null) t = Files.readString(tokenFile).strip();
        if (t == null && System.getenv("COFFER_TOKEN") != null) t = System.getenv("COFFER_TOKEN");
        if (t == null && System.console() != null) {
            char[] typed = System.console().readPassword("API token: ");
            t = typed == null ? null : new String(typed).strip();
        }
        if (u == null) throw new CliException("give the server URL with --url", 2);
        if (t == null || t.isEmpty()) throw new CliException("give the API token with --token, --token-file or COFFER_TOKEN", 2);
        String chosenTeam = team != null ? team : (saved.team() == null ? "default" : saved.team());
        ClientConfig config = new ClientConfig(u, t, chosenTeam);
        JsonNode me = new ApiClient(config).getJson("/api/v1/me");
        boolean member = false;
        for (JsonNode n : me.path("teams")) member |= n.asText().equals(chosenTeam);
        if (!member) throw new CliException("you are not a member of team '" + chosenTeam + "'; your teams: " + me.path("teams"), 4);
        config.save(System.getenv());
        System.out.println("Logged in to " + u + " as " + me.path("name").asText() + " (team " + chosenTeam + "); saved to "
                + ClientConfig.file(System.getenv()));
        return 0;
    }
}
