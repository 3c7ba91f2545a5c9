package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Datasets from the command line: push, pull, versions, diff, tags and dataset paths, as separate processes against a server process. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatasetsCliTest {
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

    /** The CLI with its own cache folder (the local index) under the test's folder. */
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

    @Test
    void push_sends_only_what_changed_and_pull_brings_back_each_version() throws Exception {
        ok("datasets", "create", "cats", "--description", "cat pictures");
        assertThat(ok("datasets", "ls").stdout()).contains("cats").contains("cat pictures");

        Path src = tmp.resolve("cats");
        for (int i = 0; i < 20; i++)
            Processes.randomFile(src.resolve("d" + (i % 3) + "/f" + i + ".bin"), 1000 + 37 * i, i);
        Processes.randomFile(src.resolve("big.bin"), 2_500_000, 99);
        Map<String, String> v1 = CliTest.hashes(src);

        JsonNode first = ok("datasets", "push", "--json", src.toString(), "cats", "-m", "first")
                .json();
        assertThat(first.path("version").asLong()).isEqualTo(1);
        assertThat(first.path("files").asLong()).isEqualTo(21);
        assertThat(first.path("filesHashed").asInt()).isEqualTo(21);
        // New bytes are what the store gained (content plus a little of its own bookkeeping).
        assertThat(first.path("newBytes").asLong())
                .isBetween(first.path("size").asLong(), first.path("size").asLong() + 4096);

        // Two files changed (one keeps its size), one added, one removed.
        Processes.randomFile(src.resolve("d0/f0.bin"), 1000, 500);
        Processes.randomFile(src.resolve("d1/f1.bin"), 4000, 501);
        Processes.randomFile(src.resolve("d2/new.bin"), 3000, 502);
        Files.delete(src.resolve("d2/f2.bin"));
        Map<String, String> v2 = CliTest.hashes(src);

        JsonNode second = ok("datasets", "push", "--json", src.toString(), "cats", "-m", "second")
                .json();
        assertThat(second.path("version").asLong()).isEqualTo(2);
        assertThat(second.path("parent").asLong()).isEqualTo(1);
        assertThat(second.path("filesHashed").asInt()).isEqualTo(3);
        assertThat(second.path("filesUnchanged").asInt()).isEqualTo(18);
        assertThat(second.path("filesDeleted").asInt()).isEqualTo(1);
        assertThat(second.path("bytesSent").asLong()).isEqualTo(1000 + 4000 + 3000);
        assertThat(second.path("newBytes").asLong()).isBetween(8000L, 8000L + 1024);
        assertThat(second.path("files").asLong()).isEqualTo(21);

        JsonNode diff = ok("datasets", "diff", "--json", "cats", "--from", "1", "--to", "2")
                .json();
        assertThat(diff.path("added").asLong()).isEqualTo(1);
        assertThat(diff.path("removed").asLong()).isEqualTo(1);
        assertThat(diff.path("changed").asLong()).isEqualTo(2);
        Map<String, String> changes = new TreeMap<>();
        for (JsonNode c : diff.path("changes"))
            changes.put(c.path("path").asText(), c.path("change").asText());
        assertThat(changes)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "/d0/f0.bin",
                        "changed",
                        "/d1/f1.bin",
                        "changed",
                        "/d2/new.bin",
                        "added",
                        "/d2/f2.bin",
                        "removed"));
        assertThat(ok("datasets", "diff", "cats").stdout())
                .contains("+ /d2/new.bin")
                .contains("- /d2/f2.bin")
                .contains("1 → 2: 1 added, 1 removed, 2 changed");

        JsonNode again =
                ok("datasets", "push", "--json", src.toString(), "cats").json();
        assertThat(again.path("nothingChanged").asBoolean()).isTrue();
        assertThat(again.path("filesHashed").asInt()).isZero();
        assertThat(again.path("bytesSent").asLong()).isZero();

        Path one = tmp.resolve("pull-1");
        JsonNode pulled1 =
                ok("datasets", "pull", "--json", "cats:1", one.toString()).json();
        assertThat(pulled1.path("filesDownloaded").asLong()).isEqualTo(21);
        assertThat(CliTest.hashes(one)).isEqualTo(v1);
        Path two = tmp.resolve("pull-2");
        ok("datasets", "pull", "cats", two.toString());
        assertThat(CliTest.hashes(two)).isEqualTo(v2);

        JsonNode repeat =
                ok("datasets", "pull", "--json", "cats:2", two.toString()).json();
        assertThat(repeat.path("filesDownloaded").asLong()).isZero();
        assertThat(repeat.path("filesSkipped").asLong()).isEqualTo(21);
        assertThat(repeat.path("filesHashed").asLong())
                .as("pulled files are in the index")
                .isZero();

        // Version 1 over version 2's folder: only the differing files travel; the extra file stays unless --delete.
        JsonNode back =
                ok("datasets", "pull", "--json", "cats:1", two.toString()).json();
        assertThat(back.path("filesDownloaded").asLong()).isEqualTo(3);
        assertThat(back.path("localFilesKept").asLong()).isEqualTo(1);
        assertThat(two.resolve("d2/new.bin")).exists();
        Processes.Result cleaned = ok("datasets", "pull", "cats:1", two.toString(), "--delete");
        assertThat(cleaned.stdout()).contains("deleted 1 local file");
        assertThat(CliTest.hashes(two)).isEqualTo(v1);
    }

    @Test
    void the_parents_file_list_comes_from_the_index_only_when_the_versions_digest_says_it_is_the_same()
            throws Exception {
        ok("datasets", "create", "birds");
        Path src = tmp.resolve("birds");
        for (int i = 0; i < 60; i++)
            Processes.randomFile(src.resolve("k" + (i % 4) + "/deep/b" + i), 200 + i, 3000 + i);
        Processes.randomFile(src.resolve("top.bin"), 5000, 3100);
        JsonNode first =
                ok("datasets", "push", "--json", src.toString(), "birds").json();
        assertThat(first.path("parentFrom").isNull())
                .as("a first version has no parent")
                .isTrue();

        Processes.randomFile(src.resolve("k1/deep/b1"), 999, 3200);
        JsonNode second =
                ok("datasets", "push", "--json", src.toString(), "birds").json();
        assertThat(second.path("parentFrom").asText())
                .as("this folder was pushed as version 1")
                .isEqualTo("index");
        assertThat(second.path("filesHashed").asInt()).isEqualTo(1);
        assertThat(second.path("filesUnchanged").asInt()).isEqualTo(60);

        // Version 3 from another folder: src's files without one, with one of its own.
        Path other = tmp.resolve("birds-other");
        ok("datasets", "pull", "birds", other.toString());
        Files.delete(other.resolve("k2/deep/b2"));
        Processes.randomFile(other.resolve("k3/theirs.bin"), 700, 3300);
        JsonNode third =
                ok("datasets", "push", "--json", other.toString(), "birds").json();
        assertThat(third.path("version").asLong()).isEqualTo(3);
        assertThat(third.path("parentFrom").asText())
                .as("the pull left this folder's index as version 2")
                .isEqualTo("index");
        assertThat(third.path("filesDeleted").asInt()).isEqualTo(1);

        // Back in src, whose index is still version 2's: the parent (3) is another version, so it is listed.
        JsonNode fourth =
                ok("datasets", "push", "--json", src.toString(), "birds").json();
        assertThat(fourth.path("parentFrom").asText()).isEqualTo("server");
        assertThat(fourth.path("parent").asLong()).isEqualTo(3);
        assertThat(fourth.path("filesDeleted").asInt()).as("theirs.bin").isEqualTo(1);
        assertThat(fourth.path("filesHashed").asInt()).as("b2 is back").isEqualTo(1);
        Path four = tmp.resolve("birds-4");
        ok("datasets", "pull", "birds:4", four.toString());
        assertThat(CliTest.hashes(four)).isEqualTo(CliTest.hashes(src));

        // An older parent than the one the index holds is listed too, and the version made holds src exactly.
        Processes.randomFile(src.resolve("k0/deep/b0"), 321, 3400);
        JsonNode fromOne = ok("datasets", "push", "--json", "--parent", "1", src.toString(), "birds")
                .json();
        assertThat(fromOne.path("parentFrom").asText()).isEqualTo("server");
        assertThat(fromOne.path("filesHashed").asInt())
                .as("b0, and b1 which version 1 has as it was")
                .isEqualTo(2);
        Path five = tmp.resolve("birds-5");
        ok("datasets", "pull", "birds:5", five.toString());
        assertThat(CliTest.hashes(five)).isEqualTo(CliTest.hashes(src));
    }

    @Test
    void files_whose_content_is_the_parents_only_have_their_new_time_sent() throws Exception {
        ok("datasets", "create", "fish");
        Path src = tmp.resolve("fish");
        for (int i = 0; i < 30; i++) Processes.randomFile(src.resolve("s" + (i % 3) + "/f" + i), 300 + i, 4000 + i);
        Processes.randomFile(src.resolve("big.bin"), 1_500_000, 4100);
        ok("datasets", "push", "--json", src.toString(), "fish");

        // As an unpack leaves a tree: every time moved; one small file's content changed (same size), one new file.
        long moved = 1_800_000_000_000L;
        try (var files = Files.walk(src)) {
            for (Path f : files.filter(Files::isRegularFile).toList())
                Files.setLastModifiedTime(
                        f,
                        FileTime.fromMillis(moved + f.getFileName().toString().length()));
        }
        Processes.randomFile(src.resolve("s0/f0"), 300, 4200);
        Files.setLastModifiedTime(src.resolve("s0/f0"), FileTime.fromMillis(moved - 5));
        Processes.randomFile(src.resolve("s1/new"), 50, 4201);
        JsonNode second =
                ok("datasets", "push", "--json", src.toString(), "fish").json();
        assertThat(second.path("filesHashed").asInt()).isEqualTo(32);
        assertThat(second.path("filesRetimed").asInt())
                .as("29 small files hashed to the parent's content; the big one travels the large-file path")
                .isEqualTo(29);
        assertThat(second.path("bytesSent").asLong())
                .as("f0, new, and nothing of the big file (its chunks are stored)")
                .isEqualTo(300 + 50);

        Path pulled = tmp.resolve("fish-2");
        ok("datasets", "pull", "fish:2", pulled.toString());
        assertThat(CliTest.hashes(pulled)).isEqualTo(CliTest.hashes(src));
        try (var files = Files.walk(src)) {
            for (Path f : files.filter(Files::isRegularFile).toList())
                assertThat(Files.getLastModifiedTime(pulled.resolve(src.relativize(f)))
                                .toMillis())
                        .as(src.relativize(f) + ": times are kept to the millisecond")
                        .isEqualTo(Files.getLastModifiedTime(f).toMillis());
        }
        JsonNode again =
                ok("datasets", "push", "--json", src.toString(), "fish").json();
        assertThat(again.path("nothingChanged").asBoolean())
                .as("the retimed files are in the index with their new times")
                .isTrue();
        assertThat(again.path("filesHashed").asInt()).isZero();
    }

    @Test
    void dataset_paths_work_in_ls_cat_and_cp_and_committed_versions_refuse_writes() throws Exception {
        ok("datasets", "create", "dogs");
        Path src = tmp.resolve("dogs");
        Files.createDirectories(src.resolve("raw"));
        Files.writeString(src.resolve("raw/a.txt"), "first a");
        Files.writeString(src.resolve("raw/b.txt"), "b");
        ok("datasets", "push", src.toString(), "dogs");
        Files.writeString(src.resolve("raw/a.txt"), "second a, longer");
        ok("datasets", "push", src.toString(), "dogs");
        ok("datasets", "tag", "dogs:1", "v1");

        assertThat(ok("ls", "datasets/dogs@1:raw").stdout()).contains("a.txt").contains("b.txt");
        assertThat(ok("cat", "datasets/dogs@1:raw/a.txt").stdout()).isEqualTo("first a");
        assertThat(ok("cat", "datasets/dogs@v1:raw/a.txt").stdout()).isEqualTo("first a");
        assertThat(ok("cat", "datasets/dogs:raw/a.txt").stdout()).isEqualTo("second a, longer");
        Path copy = tmp.resolve("dogs-copy");
        ok("cp", "-r", "datasets/dogs@1:raw", copy.toString());
        assertThat(Files.readString(copy.resolve("a.txt"))).isEqualTo("first a");

        Path extra = Files.writeString(tmp.resolve("extra.txt"), "extra");
        Processes.Result refused = coffer("cp", extra.toString(), "datasets/dogs@1:raw/extra.txt");
        assertThat(refused.exit()).isEqualTo(5);
        assertThat(refused.stderr()).contains("is committed and never changes");

        // A draft by hand: start it, fill it with cp (from this machine and from another version), commit it.
        JsonNode draft =
                ok("datasets", "draft", "--json", "dogs", "-m", "by hand").json();
        long n = draft.path("number").asLong();
        assertThat(n).isEqualTo(3);
        ok("cp", extra.toString(), "datasets/dogs@3:raw/extra.txt");
        ok("cp", "datasets/dogs@v1:raw/a.txt", "datasets/dogs@3:old-a.txt");
        JsonNode committed = ok("datasets", "commit", "--json", "dogs:3").json();
        assertThat(committed.path("state").asText()).isEqualTo("committed");
        assertThat(committed.path("files").asLong()).isEqualTo(4);
        assertThat(ok("cat", "datasets/dogs@3:old-a.txt").stdout()).isEqualTo("first a");

        ok("datasets", "draft", "dogs");
        Processes.Result notDraft = coffer("datasets", "discard", "dogs:3");
        assertThat(notDraft.exit()).isEqualTo(5);
        assertThat(ok("datasets", "discard", "dogs:4").stdout()).contains("discarded draft dogs:4");

        List<Long> numbers = new ArrayList<>();
        for (String line :
                ok("datasets", "versions", "--json", "dogs").stdout().strip().split("\n")) {
            numbers.add(Processes.JSON.readTree(line).path("number").asLong());
        }
        assertThat(numbers).containsExactly(1L, 2L, 3L);
        Processes.Result show = ok("datasets", "show", "dogs");
        assertThat(show.stdout()).contains("latest:      3").contains("v1 → 1").contains("by hand");
        assertThat(ok("datasets", "show", "--json", "dogs:v1")
                        .json()
                        .path("number")
                        .asLong())
                .isEqualTo(1);
        Processes.Result moved = coffer("datasets", "tag", "dogs:2", "v1");
        assertThat(moved.exit()).isEqualTo(5);
        ok("datasets", "tag", "dogs:2", "v1", "--move");
        assertThat(ok("cat", "datasets/dogs@v1:raw/a.txt").stdout()).isEqualTo("second a, longer");

        ok("datasets", "rm", "dogs");
        assertThat(coffer("datasets", "show", "dogs").exit()).isEqualTo(4);
    }

    @Test
    void pulling_most_of_a_version_of_many_files_brings_them_identical() throws Exception {
        ok("datasets", "create", "many");
        Path src = tmp.resolve("many");
        for (int i = 0; i < 150; i++) Processes.randomFile(src.resolve("g" + (i % 5) + "/x" + i), 100 + i, 1000 + i);
        Files.write(src.resolve("g0/empty"), new byte[0]);
        ok("datasets", "push", src.toString(), "many");
        Path into = tmp.resolve("many-back");
        Processes.randomFile(into.resolve("g1/x1"), 101, 7); // same size, other bytes: must be replaced
        JsonNode pulled =
                ok("datasets", "pull", "--json", "many", into.toString()).json();
        assertThat(pulled.path("filesDownloaded").asLong()).isEqualTo(151);
        assertThat(pulled.path("filesHashed").asLong()).isEqualTo(1);
        assertThat(CliTest.hashes(into)).isEqualTo(CliTest.hashes(src));
        assertThat(Files.getLastModifiedTime(into.resolve("g2/x7")).toMillis())
                .isEqualTo(Files.getLastModifiedTime(src.resolve("g2/x7")).toMillis());
    }

    @Test
    void public_datasets_are_addressed_with_public_and_public_datasets_paths() throws Exception {
        ok("datasets", "create", "--public", "mnist", "--description", "digits");
        Path src = tmp.resolve("mnist");
        Files.createDirectories(src);
        Files.writeString(src.resolve("labels.csv"), "0,1,2");
        JsonNode pushed = ok("datasets", "push", "--public", "--json", src.toString(), "mnist")
                .json();
        assertThat(pushed.path("version").asLong()).isEqualTo(1);
        assertThat(ok("datasets", "ls", "--public").stdout()).contains("mnist");
        assertThat(ok("datasets", "ls").stdout()).doesNotContain("mnist");
        assertThat(ok("cat", "public-datasets/mnist@1:labels.csv").stdout()).isEqualTo("0,1,2");
        Path pulled = tmp.resolve("mnist-back");
        ok("datasets", "pull", "--public", "mnist", pulled.toString());
        assertThat(Files.readString(pulled.resolve("labels.csv"))).isEqualTo("0,1,2");
    }
}
