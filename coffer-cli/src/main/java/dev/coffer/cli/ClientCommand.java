package dev.coffer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.cli.client.ApiClient;
import dev.coffer.cli.client.ClientConfig;
import dev.coffer.cli.client.Location;
import dev.coffer.wire.FileWire;
import java.io.IOException;
import picocli.CommandLine.Option;

/** What every client command shares: where the server is, which team, and the output format. */
abstract class ClientCommand {
    static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--team", description = "Team to act in (default: the one 'coffer login' saved, or COFFER_TEAM).")
    String team;

    @Option(names = "--json", description = "Print machine-readable JSON instead of text.")
    boolean json;

    private ClientConfig config;
    private ApiClient api;

    ClientConfig config() {
        if (config == null) config = ClientConfig.load(System.getenv()).withTeam(team);
        return config;
    }

    ApiClient api() {
        if (api == null) api = new ApiClient(config());
        return api;
    }

    String team() {
        return config().team();
    }

    /** Progress bars only for people: a terminal, and no --json. */
    boolean interactive() {
        return !json && System.console() != null;
    }

    void printJson(Object value) {
        try {
            System.out.println(JSON.writeValueAsString(value));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a remote path is ({@code stat}), or null when nothing is there. */
    FileWire.FileEntry statOrNull(Location.Remote r) {
        try {
            return api().get(r.url(team(), "stat"), FileWire.FileEntry.class);
        } catch (ApiClient.ProblemException e) {
            if (e.status() == 404) return null;
            throw e;
        }
    }
}
