package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** coffer secrets and coffer audit as users run them, against a real server process. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsAndAuditCliTest {
    @TempDir
    static Path tmp;

    Processes.Server server;
    Path config;
    final List<Processes.Result> outputs = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        server = Processes.Server.start(tmp.resolve("data"), "256m");
        config = tmp.resolve("config");
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    Processes.Result run(Path stdin, String... args) throws Exception {
        ProcessBuilder pb = Processes.cli(server, config, args);
        Path in = stdin != null ? stdin : Files.createFile(tmp.resolve("empty-" + System.nanoTime()));
        pb.redirectInput(ProcessBuilder.Redirect.from(in.toFile()));
        Processes.Result r = Processes.run(pb);
        outputs.add(r);
        return r;
    }

    static String randomLetters(int n) {
        SecureRandom random = new SecureRandom();
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) b.append((char) ('a' + random.nextInt(26)));
        return b.toString();
    }

    @Test
    void secrets_go_in_from_stdin_or_a_file_are_listed_and_removed_and_never_printed() throws Exception {
        String piped = randomLetters(40);
        String fromFile = randomLetters(40);
        String asArgument = randomLetters(40);
        Path stdin = Files.writeString(tmp.resolve("piped.txt"), piped + "\n");
        Path file = Files.writeString(tmp.resolve("key.txt"), fromFile);

        Processes.Result set = run(stdin, "secrets", "set", "db-password");
        assertThat(set.exit()).as(set.stderr()).isZero();
        assertThat(set.stdout()).contains("created secret db-password in team default");
        assertThat(run(null, "secrets", "set", "api-key", "--from-file", file.toString())
                        .exit())
                .isZero();
        Processes.Result again = run(stdin, "secrets", "set", "db-password");
        assertThat(again.stdout()).contains("replaced secret db-password");

        Processes.Result refused = run(null, "secrets", "set", "token", asArgument);
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.stderr())
                .contains("never taken from the command line")
                .doesNotContain(asArgument);
        Processes.Result empty = run(null, "secrets", "set", "token");
        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.stderr()).contains("empty");
        Processes.Result badName = run(stdin, "secrets", "set", "no spaces");
        assertThat(badName.exit()).isEqualTo(2);
        assertThat(badName.stderr()).contains("secret name");

        Processes.Result ls = run(null, "secrets", "ls");
        assertThat(ls.stdout())
                .contains("NAME")
                .contains("api-key")
                .contains("db-password")
                .doesNotContain("token");
        JsonNode listed = run(null, "secrets", "ls", "--json").json();
        assertThat(listed).hasSize(2);
        assertThat(listed.get(0).path("name").asText()).isEqualTo("api-key");

        assertThat(run(null, "secrets", "rm", "api-key").exit()).isZero();
        assertThat(run(null, "secrets", "rm", "api-key").exit()).isEqualTo(4);
        assertThat(run(null, "secrets", "ls", "--json").json()).hasSize(1);

        // The audit log tells the story, newest first.
        Processes.Result audit = run(null, "audit", "--json");
        assertThat(audit.exit()).as(audit.stderr()).isZero();
        List<String> actions = new ArrayList<>();
        audit.json()
                .path("events")
                .forEach(e -> actions.add(
                        e.path("action").asText() + " " + e.path("outcome").asText()));
        assertThat(actions)
                .containsSubsequence(
                        "secrets.delete failed",
                        "secrets.delete ok",
                        "secrets.set failed",
                        "secrets.set ok",
                        "secrets.set ok",
                        "secrets.set ok");

        Processes.Result table = run(null, "audit", "--action", "secrets.set", "--limit", "2");
        assertThat(table.exit()).as(table.stderr()).isZero();
        String[] lines = table.stdout().strip().split("\n");
        assertThat(lines[0]).matches("TIME +ACTOR +ACTION +TARGET +OUTCOME +FROM");
        assertThat(lines[1])
                .contains("admin")
                .contains("secrets.set")
                .contains("/teams/default/secrets/no spaces")
                .contains("failed")
                .contains("127.0.0.1");
        assertThat(lines).hasSize(4);
        assertThat(lines[3]).startsWith("(more: add --before ");
        String before = lines[3].replaceAll("\\D", "");
        Processes.Result next = run(null, "audit", "--action", "secrets.set", "--limit", "10", "--before", before);
        assertThat(next.stdout())
                .contains("/teams/default/secrets/db-password")
                .contains("/teams/default/secrets/api-key");
        Processes.Result badSince = run(null, "audit", "--since", "yesterday");
        assertThat(badSince.exit()).isEqualTo(2);
        assertThat(badSince.stderr()).contains("ISO-8601");

        // No value in anything the CLI printed, nor in the server's data folder (its database, key file and log).
        List<String> values = List.of(piped, fromFile, asArgument);
        for (Processes.Result r : outputs) {
            for (String v : values) assertThat(r.stdout() + r.stderr()).doesNotContain(v);
        }
        try (Stream<Path> walk = Files.walk(tmp.resolve("data"))) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                for (String v : values) assertThat(content).as(p.toString()).doesNotContain(v);
            }
        }
        assertThat(tmp.resolve("data/server.log")).exists(); // the server's own output, searched above with the rest
    }
}
