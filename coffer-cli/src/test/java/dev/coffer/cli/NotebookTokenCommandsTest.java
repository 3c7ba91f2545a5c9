package dev.coffer.cli;

import static dev.coffer.cli.Processes.coffer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coffer notebooks token|tokens|revoke-token} as users run them, against a real server process. */
class NotebookTokenCommandsTest {
    @TempDir
    Path tmp;

    Processes.Result withNotebookToken(Processes.Server server, String token, String... args) throws Exception {
        ProcessBuilder pb = Processes.cli(server, tmp.resolve("notebook-config"), args);
        pb.environment().put("COFFER_TOKEN", token);
        return Processes.run(pb);
    }

    @Test
    void a_notebook_token_is_made_listed_without_its_value_refused_while_stopped_and_revoked() throws Exception {
        try (Processes.Server server = Processes.Server.start(tmp.resolve("data"), "256m")) {
            Path config = tmp.resolve("config");
            assertThat(coffer(server, config, "notebooks", "create", "lab", "--team", "default")
                            .exit())
                    .isZero();

            Processes.Result made =
                    coffer(server, config, "notebooks", "token", "lab", "--expires", "12h", "--team", "default");
            assertThat(made.exit()).as(made.stderr()).isZero();
            String token = made.stdout().strip();
            assertThat(token).startsWith("cofn_");
            assertThat(made.stderr()).contains("expires").contains("shown only now");
            assertThat(withNotebookToken(server, token, "ls", "--team", "default", "notebooks/lab:")
                            .exit())
                    .isZero();

            Processes.Result listed =
                    coffer(server, config, "notebooks", "tokens", "lab", "--team", "default", "--json");
            assertThat(listed.exit()).as(listed.stderr()).isZero();
            assertThat(listed.stdout()).doesNotContain(token).doesNotContain("cofn_");
            JsonNode t = Processes.JSON.readTree(listed.stdout().strip().split("\n")[0]);
            long hours = (t.path("expiresAt").asLong() - System.currentTimeMillis()) / 3_600_000L;
            assertThat(hours).isBetween(11L, 12L);
            assertThat(coffer(server, config, "notebooks", "tokens", "lab", "--team", "default")
                            .stdout())
                    .contains("active")
                    .contains("admin");

            Processes.Result badAge =
                    coffer(server, config, "notebooks", "token", "lab", "--expires", "3w", "--team", "default");
            assertThat(badAge.exit()).isEqualTo(2);
            assertThat(badAge.stderr()).contains("7d or 12h");

            assertThat(coffer(server, config, "notebooks", "state", "lab", "Stopped", "--team", "default")
                            .exit())
                    .isZero();
            Processes.Result stopped = withNotebookToken(server, token, "ls", "--team", "default", "storage:");
            assertThat(stopped.exit()).isEqualTo(3);
            assertThat(stopped.stderr()).contains("'lab' is Stopped");

            Processes.Result revoke = coffer(
                    server,
                    config,
                    "notebooks",
                    "revoke-token",
                    "lab",
                    t.path("id").asText(),
                    "--team",
                    "default");
            assertThat(revoke.exit()).as(revoke.stderr()).isZero();
            assertThat(coffer(server, config, "notebooks", "state", "lab", "Starting", "--team", "default")
                            .exit())
                    .isZero();
            assertThat(coffer(server, config, "notebooks", "state", "lab", "Running", "--team", "default")
                            .exit())
                    .isZero();
            Processes.Result revoked = withNotebookToken(server, token, "ls", "--team", "default", "notebooks/lab:");
            assertThat(revoked.exit()).isEqualTo(3);
            assertThat(revoked.stderr()).contains("revoked");
            assertThat(coffer(server, config, "notebooks", "tokens", "lab", "--team", "default")
                            .stdout())
                    .contains("revoked");
        }
    }
}
