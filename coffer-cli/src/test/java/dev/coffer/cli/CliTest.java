package dev.coffer.cli;

import static dev.coffer.cli.Processes.coffer;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The coffer CLI as users run it: separate processes against a real server process. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliTest {
    @TempDir
    static Path tmp;

    Processes.Server server;
    Path config;

    @BeforeAll
    void start() throws Exception {
        server = Processes.Server.start(tmp.resolve("data"), "256m");
        config = tmp.resolve("config");
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    @Test
    void login_checks_the_token_and_saves_it_for_the_owner_only() throws Exception {
        Processes.Result ok = coffer(server, config, "login", "--url", server.url, "--token", Processes.TOKEN);
        assertThat(ok.exit()).as(ok.stderr()).isZero();
        Path saved = config.resolve("coffer/config.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(saved)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(saved)).contains(server.url).contains(Processes.TOKEN);

        Processes.Result bad = coffer(
                server, tmp.resolve("other-config"), "login", "--url", server.url, "--token", "wrong-token-0123456789");
        assertThat(bad.exit()).isEqualTo(3);
        assertThat(bad.stderr()).contains("not valid");
        assertThat(tmp.resolve("other-config/coffer/config.json")).doesNotExist();
    }

    @Test
    void a_folder_tree_goes_up_and_comes_back_identical() throws Exception {
        Path src = tmp.resolve("tree");
        Processes.randomFile(src.resolve("a/big.bin"), 9_000_000, 1);
        Processes.randomFile(src.resolve("a/b/small.bin"), 1234, 2);
        Files.writeString(src.resolve("café 中.txt"), "unicode name");
        Files.write(src.resolve("empty.txt"), new byte[0]);

        Processes.Result up = coffer(server, config, "cp", "-r", "--json", src.toString(), "storage:trees/t1");
        assertThat(up.exit()).as(up.stderr()).isZero();
        assertThat(up.json().path("files").asInt()).isEqualTo(4);
        assertThat(up.json().path("bytes").asLong()).isEqualTo(9_000_000 + 1234 + 12);

        Processes.Result ls = coffer(server, config, "ls", "storage:trees/t1");
        assertThat(ls.stdout()).contains("a/").contains("café 中.txt").contains("empty.txt");

        Path back = tmp.resolve("back");
        Processes.Result down = coffer(server, config, "cp", "-r", "--json", "storage:trees/t1", back.toString());
        assertThat(down.exit()).as(down.stderr()).isZero();
        assertThat(hashes(back)).isEqualTo(hashes(src));

        Processes.Result cat = coffer(server, config, "cat", "storage:trees/t1/café 中.txt");
        assertThat(cat.stdout()).isEqualTo("unicode name");
    }

    @Test
    void copying_a_tree_again_skips_unchanged_files_and_sends_only_what_changed() throws Exception {
        Path src = tmp.resolve("again");
        for (int i = 0; i < 30; i++) Processes.randomFile(src.resolve("d" + (i % 3) + "/f" + i), 2000 + i, 300 + i);
        Processes.randomFile(src.resolve("large.bin"), 3_000_000, 77);
        Processes.Result first = coffer(server, config, "cp", "-r", "--json", src.toString(), "storage:again");
        assertThat(first.exit()).as(first.stderr()).isZero();
        assertThat(first.json().path("files").asInt()).isEqualTo(31);

        Processes.Result second = coffer(server, config, "cp", "-r", "--json", src.toString(), "storage:again");
        assertThat(second.json().path("skipped").asInt()).isEqualTo(31);
        assertThat(second.json().path("bytesSent").asLong()).isZero();

        Path changed = Processes.randomFile(src.resolve("d1/f1"), 2001, 999);
        Processes.Result third = coffer(server, config, "cp", "-r", "--json", src.toString(), "storage:again");
        assertThat(third.json().path("files").asInt()).isEqualTo(1);
        assertThat(third.json().path("bytesSent").asLong()).isEqualTo(2001);

        Processes.Result checksum =
                coffer(server, config, "cp", "-r", "--json", "--checksum", src.toString(), "storage:again");
        assertThat(checksum.json().path("files").asInt()).isEqualTo(31);
        assertThat(checksum.json().path("bytesSent").asLong()).isZero();
        Path back = tmp.resolve("again-back");
        assertThat(coffer(server, config, "cp", "-r", "storage:again", back.toString())
                        .exit())
                .isZero();
        assertThat(hashes(back)).isEqualTo(hashes(src));
        assertThat(Processes.sha256(back.resolve("d1/f1"))).isEqualTo(Processes.sha256(changed));
    }

    @Test
    void mkdir_mv_rm_and_clear_errors() throws Exception {
        assertThat(coffer(server, config, "mkdir", "-p", "storage:ops/x/y").exit())
                .isZero();
        Path f = Files.writeString(tmp.resolve("note.txt"), "note");
        assertThat(coffer(server, config, "cp", f.toString(), "storage:ops/x/").exit())
                .isZero();
        assertThat(coffer(server, config, "mv", "storage:ops/x", "storage:ops/z")
                        .exit())
                .isZero();
        assertThat(coffer(server, config, "cat", "storage:ops/z/note.txt").stdout())
                .isEqualTo("note");

        Processes.Result notEmpty = coffer(server, config, "rm", "storage:ops/z");
        assertThat(notEmpty.exit()).isEqualTo(5);
        assertThat(notEmpty.stderr()).contains("not empty");
        assertThat(coffer(server, config, "rm", "-r", "storage:ops/z").exit()).isZero();

        Processes.Result missing = coffer(server, config, "cat", "storage:ops/z/note.txt");
        assertThat(missing.exit()).isEqualTo(4);
        assertThat(missing.stderr()).contains("does not exist");

        Processes.Result notebook = coffer(server, config, "notebooks", "create", "nb");
        assertThat(notebook.exit()).isZero();
        Processes.Result reserved = coffer(server, config, "mkdir", "notebooks/nb:checkpoints");
        assertThat(reserved.exit()).isEqualTo(2);
        assertThat(reserved.stderr()).contains("reserved");
        assertThat(coffer(server, config, "cp", f.toString(), "notebooks/nb:work/note.txt")
                        .exit())
                .isZero();
        assertThat(coffer(server, config, "cat", "notebooks/nb:work/note.txt").stdout())
                .isEqualTo("note");

        assertThat(coffer(server, config, "notebooks", "state", "nb", "Stopped").exit())
                .isZero();
        Processes.Result stopped = coffer(server, config, "cat", "notebooks/nb:work/note.txt");
        assertThat(stopped.exit()).isEqualTo(5);
        assertThat(stopped.stderr()).contains("Stopped").contains("Running");
        // Back to Running the way a platform starts a notebook: Stopped may move only to Starting.
        assertThat(coffer(server, config, "notebooks", "state", "nb", "Running").exit())
                .isEqualTo(5);
        assertThat(coffer(server, config, "notebooks", "state", "nb", "Starting")
                        .exit())
                .isZero();
        assertThat(coffer(server, config, "notebooks", "state", "nb", "Running").exit())
                .isZero();
        assertThat(coffer(server, config, "cat", "notebooks/nb:work/note.txt").stdout())
                .isEqualTo("note");
        assertThat(coffer(server, config, "notebooks", "rm", "nb").exit()).isZero();
        assertThat(coffer(server, config, "cat", "notebooks/nb:work/note.txt").exit())
                .isEqualTo(4);
    }

    @Test
    void gc_and_fsck_from_the_cli() throws Exception {
        Path f = Processes.randomFile(tmp.resolve("gc.bin"), 3_000_000, 9);
        assertThat(coffer(server, config, "cp", f.toString(), "storage:gc/gc.bin")
                        .exit())
                .isZero();
        assertThat(coffer(server, config, "rm", "storage:gc/gc.bin").exit()).isZero();
        Processes.Result dry = coffer(server, config, "admin", "gc", "--dry-run", "--grace-seconds", "0", "--json");
        assertThat(dry.json().path("chunks").asLong()).isGreaterThan(0);
        Processes.Result gc = coffer(server, config, "admin", "gc", "--grace-seconds", "0", "--json");
        assertThat(gc.json().path("chunks").asLong())
                .isEqualTo(dry.json().path("chunks").asLong());
        Processes.Result fsck = coffer(server, config, "admin", "fsck", "--json");
        assertThat(fsck.exit()).as(fsck.stdout()).isZero();
        assertThat(fsck.json().path("clean").asBoolean()).isTrue();
    }

    @Test
    void admin_status_names_the_parts_and_whether_they_answer() throws Exception {
        Processes.Result json = coffer(server, config, "admin", "status", "--json");
        assertThat(json.exit()).as(json.stdout() + json.stderr()).isZero();
        assertThat(json.json().path("database").path("dialect").asText()).isEqualTo("sqlite");
        assertThat(json.json().path("database").path("schemaVersion").asText()).matches("\\d+(\\.\\d+)*");
        assertThat(json.json().path("database").path("reachable").asBoolean()).isTrue();
        assertThat(json.json().path("store").path("reachable").asBoolean()).isTrue();
        assertThat(json.json().path("teams").asLong()).isPositive();
        assertThat(json.json().path("users").asLong()).isPositive();
        assertThat(json.json().path("gcPending").path("dryRun").asBoolean()).isTrue();
        Processes.Result text = coffer(server, config, "admin", "status");
        assertThat(text.stdout())
                .contains("database   sqlite, schema "
                        + json.json().path("database").path("schemaVersion").asText() + ": answers")
                .containsPattern("store      .+: answers")
                .contains("version    0.1.0, up ");

        Processes.Result check = coffer(server, config, "admin", "backup-check");
        assertThat(check.exit()).as(check.stdout() + check.stderr()).isZero();
        assertThat(check.stdout())
                .containsPattern("the database names \\d+ blobs; the store holds \\d+; 0 missing")
                .contains("consistent");
    }

    static Map<String, String> hashes(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), Processes.sha256(p));
            }
        }
        return out;
    }
}
