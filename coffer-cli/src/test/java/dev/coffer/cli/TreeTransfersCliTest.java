package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code coffer cp} and {@code mv} between every kind of remote tree: a notebook's
 * {@code /notebooks}, the team's {@code /storage}, a draft and a committed version, as separate
 * processes against a server process whose default plan is a small hard-limited one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TreeTransfersCliTest {
    @TempDir
    static Path tmp;

    Processes.Server server;
    Path config;

    @BeforeAll
    void start() throws Exception {
        Path plans = Files.createDirectories(tmp.resolve("etc")).resolve("plans.yaml");
        Files.writeString(plans, """
                default: tiny
                tiny:
                  included: 3MB
                  hardLimit: true
                  dataSources: false
                """);
        server = Processes.Server.start(tmp.resolve("data"), "256m", Map.of("COFFER_PLANS_FILE", plans.toString()));
        config = tmp.resolve("config");
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    Processes.Result coffer(String... args) throws Exception {
        ProcessBuilder pb = Processes.cli(server, config, args);
        pb.environment().put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        return Processes.run(pb);
    }

    Processes.Result ok(String... args) throws Exception {
        Processes.Result r = coffer(args);
        assertThat(r.exit()).as(String.join(" ", args) + "\n" + r.stderr()).isZero();
        return r;
    }

    String cat(String remote) throws Exception {
        return ok("cat", remote).stdout();
    }

    @Test
    void cp_and_mv_work_between_notebooks_storage_drafts_and_versions() throws Exception {
        ok("notebooks", "create", "lab");
        Path work = tmp.resolve("work");
        Files.createDirectories(work.resolve("sub"));
        Files.writeString(work.resolve("a.txt"), "alpha");
        Files.writeString(work.resolve("sub/b.txt"), "beta");
        ok("cp", "-r", work.toString(), "notebooks/lab:work");

        // /notebooks → /storage, then back to this machine: the same files.
        ok("cp", "-r", "notebooks/lab:work", "storage:shared");
        Path back = tmp.resolve("back");
        ok("cp", "-r", "storage:shared", back.toString());
        assertThat(CliTest.hashes(back)).isEqualTo(CliTest.hashes(work));

        // Into a draft from both volumes, commit; a copy out of the version works.
        ok("datasets", "create", "ds");
        ok("datasets", "draft", "ds");
        ok("cp", "-r", "storage:shared", "datasets/ds@1:from-storage");
        ok("cp", "notebooks/lab:work/a.txt", "datasets/ds@1:a.txt");
        ok("datasets", "commit", "ds:1");
        ok("cp", "-r", "datasets/ds@1:from-storage", "notebooks/lab:from-version");
        assertThat(cat("notebooks/lab:from-version/sub/b.txt")).isEqualTo("beta");
        assertThat(cat("datasets/ds@1:a.txt")).isEqualTo("alpha");

        // A version never changes: copies and moves into it, and moves out of it, are refused.
        Processes.Result copyIn = coffer("cp", "storage:shared/a.txt", "datasets/ds@1:x.txt");
        assertThat(copyIn.exit()).isEqualTo(5);
        assertThat(copyIn.stderr()).contains("is committed and never changes");
        Processes.Result moveOut = coffer("mv", "datasets/ds@1:a.txt", "storage:taken.txt");
        assertThat(moveOut.exit()).isEqualTo(5);
        assertThat(moveOut.stderr()).contains("never changes");
        assertThat(cat("datasets/ds@1:a.txt")).isEqualTo("alpha");
        assertThat(coffer("cat", "storage:taken.txt").exit()).isEqualTo(4);

        // mv between volumes and drafts: the source is gone, the destination has it.
        ok("mv", "notebooks/lab:work/a.txt", "storage:moved-a.txt");
        assertThat(cat("storage:moved-a.txt")).isEqualTo("alpha");
        assertThat(coffer("cat", "notebooks/lab:work/a.txt").exit()).isEqualTo(4);
        ok("mv", "storage:shared", "notebooks/lab:shared-moved");
        assertThat(cat("notebooks/lab:shared-moved/sub/b.txt")).isEqualTo("beta");
        assertThat(coffer("ls", "storage:shared").exit()).isEqualTo(4);
        ok("datasets", "draft", "ds");
        ok("mv", "storage:moved-a.txt", "datasets/ds@2:moved.txt");
        ok("mv", "datasets/ds@2:moved.txt", "notebooks/lab:returned.txt");
        assertThat(cat("notebooks/lab:returned.txt")).isEqualTo("alpha");
        assertThat(coffer("cat", "datasets/ds@2:moved.txt").exit()).isEqualTo(4);
        // Within one tree a move is a rename; -f replaces a file.
        ok("mv", "notebooks/lab:returned.txt", "notebooks/lab:renamed.txt");
        ok("cp", "notebooks/lab:renamed.txt", "notebooks/lab:other.txt");
        assertThat(coffer("mv", "notebooks/lab:renamed.txt", "notebooks/lab:other.txt")
                        .exit())
                .isEqualTo(5);
        ok("mv", "-f", "notebooks/lab:renamed.txt", "notebooks/lab:other.txt");
        assertThat(cat("notebooks/lab:other.txt")).isEqualTo("alpha");
    }

    @Test
    void a_copy_counts_against_the_quota_of_the_team_it_lands_in() throws Exception {
        // A public dataset's bytes are nobody's until a team copies them into its own storage.
        ok("datasets", "create", "--public", "big");
        Path src = tmp.resolve("big");
        Processes.randomFile(src.resolve("big.bin"), 4_000_000, 7);
        Processes.randomFile(src.resolve("small.bin"), 100_000, 8);
        ok("datasets", "push", "--public", src.toString(), "big");

        ok("cp", "public-datasets/big@1:small.bin", "storage:small.bin");
        Processes.Result refused = coffer("cp", "public-datasets/big@1:big.bin", "storage:big.bin");
        assertThat(refused.exit()).as(refused.stderr()).isNotZero();
        assertThat(refused.stderr()).containsIgnoringCase("plan");
        assertThat(coffer("cat", "storage:big.bin").exit()).isEqualTo(4);
        Path copied = tmp.resolve("small-back.bin");
        ok("cp", "storage:small.bin", copied.toString());
        assertThat(Files.readAllBytes(copied)).isEqualTo(Files.readAllBytes(src.resolve("small.bin")));
    }
}
