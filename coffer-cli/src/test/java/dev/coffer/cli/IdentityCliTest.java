package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Users, password sign-in and tokens from the coffer CLI, run as separate processes against a server process. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdentityCliTest {
    static final String PASSWORD = "correct horse battery";

    @TempDir
    static Path tmp;

    Processes.Server server;
    Path adminConfig;

    @BeforeAll
    void start() throws Exception {
        server = Processes.Server.start(tmp.resolve("data"), "256m");
        adminConfig = tmp.resolve("admin-config");
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    /** The CLI as a user who relies on the saved config only (no COFFER_TOKEN), with {@code stdin} as standard input. */
    Processes.Result as(Path config, String stdin, String... args) throws Exception {
        ProcessBuilder pb = Processes.cli(server, config, args);
        pb.environment().remove("COFFER_TOKEN");
        pb.environment().put("HOSTNAME", "testhost");
        Path in = Files.writeString(Files.createTempFile(tmp, "stdin", ".txt"), stdin == null ? "" : stdin);
        pb.redirectInput(in.toFile());
        return Processes.run(pb);
    }

    Processes.Result asAdmin(String stdin, String... args) throws Exception {
        ProcessBuilder pb = Processes.cli(server, adminConfig, args);
        Path in = Files.writeString(Files.createTempFile(tmp, "stdin", ".txt"), stdin == null ? "" : stdin);
        pb.redirectInput(in.toFile());
        return Processes.run(pb);
    }

    static List<String> names(Processes.Result r) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : r.stdout().strip().split("\n")) {
            if (!line.isBlank())
                out.add(Processes.JSON.readTree(line).path("name").asText());
        }
        return out;
    }

    @Test
    void login_with_a_password_saves_a_new_personal_token_for_the_owner_only() throws Exception {
        Processes.Result created = asAdmin(PASSWORD + "\n", "users", "create", "alice", "--password-stdin", "--json");
        assertThat(created.exit()).as(created.stderr()).isZero();
        assertThat(created.json().path("privateWorkspace").asText()).isEqualTo("~alice");
        assertThat(names(asAdmin(null, "users", "ls", "--json"))).contains("admin", "alice");

        Path config = tmp.resolve("alice-config");
        Processes.Result wrong =
                as(config, "not the password\n", "login", "--url", server.url, "--user", "alice", "--password-stdin");
        assertThat(wrong.exit()).isEqualTo(3);
        assertThat(wrong.stderr()).contains("wrong user name or password");
        assertThat(config.resolve("coffer/config.json")).doesNotExist();

        Processes.Result login =
                as(config, PASSWORD + "\n", "login", "--url", server.url, "--user", "alice", "--password-stdin");
        assertThat(login.exit()).as(login.stderr()).isZero();
        assertThat(login.stdout()).contains("as alice").contains("team ~alice");
        Path saved = config.resolve("coffer/config.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(saved)))
                .isEqualTo("rw-------");
        JsonNode file = Processes.JSON.readTree(saved.toFile());
        assertThat(file.path("token").asText()).startsWith("cof_").isNotEqualTo(Processes.TOKEN);
        assertThat(file.path("team").asText()).isEqualTo("~alice");
        assertThat(Files.readString(saved)).doesNotContain(PASSWORD);

        Processes.Result tokens = as(config, null, "tokens", "ls", "--json");
        assertThat(tokens.exit()).as(tokens.stderr()).isZero();
        assertThat(names(tokens)).containsExactly("cli@testhost");
        // A second login from the same host gets a name of its own.
        assertThat(as(
                                tmp.resolve("alice-2"),
                                PASSWORD + "\n",
                                "login",
                                "--url",
                                server.url,
                                "--user",
                                "alice",
                                "--password-stdin")
                        .exit())
                .isZero();
        assertThat(names(as(config, null, "tokens", "ls", "--json")))
                .containsExactlyInAnyOrder("cli@testhost", "cli@testhost-2");

        // Files work with the saved token, in the Private Workspace.
        Path f = Files.writeString(tmp.resolve("mine.txt"), "private");
        assertThat(as(config, null, "cp", f.toString(), "storage:mine.txt").exit())
                .isZero();
        assertThat(as(config, null, "cat", "storage:mine.txt").stdout()).isEqualTo("private");
    }

    @Test
    void tokens_are_created_listed_and_revoked_from_the_cli() throws Exception {
        assertThat(asAdmin(PASSWORD + "\n", "users", "create", "bob", "--password-stdin")
                        .exit())
                .isZero();
        Path config = tmp.resolve("bob-config");
        assertThat(as(config, PASSWORD + "\n", "login", "--url", server.url, "--user", "bob", "--password-stdin")
                        .exit())
                .isZero();

        Processes.Result created = as(config, null, "tokens", "create", "backup", "--expires-in-days", "7");
        assertThat(created.exit()).as(created.stderr()).isZero();
        String token = created.stdout().strip();
        assertThat(token).startsWith("cof_");
        assertThat(created.stderr()).contains("shown only now").contains("expires");

        Processes.Result ls = as(config, null, "tokens", "ls");
        assertThat(ls.stdout()).contains("backup").contains("active").doesNotContain(token);
        JsonNode backup = null;
        for (String line :
                as(config, null, "tokens", "ls", "--json").stdout().strip().split("\n")) {
            JsonNode t = Processes.JSON.readTree(line);
            if (t.path("name").asText().equals("backup")) backup = t;
        }
        assertThat(backup).isNotNull();

        ProcessBuilder withToken = Processes.cli(server, tmp.resolve("nowhere"), "tokens", "ls");
        withToken.environment().put("COFFER_TOKEN", token);
        assertThat(Processes.run(withToken).exit()).isZero();

        Processes.Result revoke = as(
                config,
                null,
                "tokens",
                "revoke",
                String.valueOf(backup.path("id").asLong()));
        assertThat(revoke.exit()).as(revoke.stderr()).isZero();
        Processes.Result after = Processes.run(withToken);
        assertThat(after.exit()).isEqualTo(3);
        assertThat(after.stderr()).contains("was revoked");
        assertThat(as(config, null, "tokens", "ls").stdout()).contains("revoked");

        // Changing the password from the CLI, then deleting the user cuts the saved token at once.
        Processes.Result passwd = as(config, PASSWORD + "\nan even better secret\n", "passwd", "--password-stdin");
        assertThat(passwd.exit()).as(passwd.stderr()).isZero();
        assertThat(as(
                                tmp.resolve("bob-new"),
                                "an even better secret\n",
                                "login",
                                "--url",
                                server.url,
                                "--user",
                                "bob",
                                "--password-stdin")
                        .exit())
                .isZero();
        assertThat(asAdmin(null, "users", "rm", "bob").exit()).isZero();
        Processes.Result gone = as(config, null, "tokens", "ls");
        assertThat(gone.exit()).isEqualTo(3);
        assertThat(gone.stderr()).contains("not valid");
    }

    @Test
    void bad_input_from_the_cli_is_refused_clearly() throws Exception {
        Processes.Result shortPassword = asAdmin("short\n", "users", "create", "carol", "--password-stdin");
        assertThat(shortPassword.exit()).isEqualTo(2);
        assertThat(shortPassword.stderr()).contains("at least 10 characters");
        Processes.Result badName = asAdmin(PASSWORD + "\n", "users", "create", "Carol", "--password-stdin");
        assertThat(badName.exit()).isEqualTo(2);
        assertThat(badName.stderr()).contains("lower-case");
        assertThat(names(asAdmin(null, "users", "ls", "--json"))).doesNotContain("carol", "Carol");
        Processes.Result noTerminal = asAdmin(null, "users", "create", "dave");
        assertThat(noTerminal.exit()).isEqualTo(2);
        assertThat(noTerminal.stderr()).contains("--password-stdin");
    }
}
