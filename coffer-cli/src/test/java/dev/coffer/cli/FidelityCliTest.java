package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real-looking tree (files, an executable script, nested empty folders, relative links to a
 * file and to a folder, a dangling link and a FIFO) goes through {@code cp -r} up and down and
 * through {@code datasets push}/{@code pull}, and comes back the same as {@code diff -r} and
 * {@code rsync -n -a --itemize-changes} see it; the FIFO is named in a warning. Its zip and tar
 * list the same entries. Times are whole seconds, as an unpacked archive leaves them (Coffer keeps
 * milliseconds).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FidelityCliTest {
    @TempDir
    static Path tmp;

    Processes.Server server;
    Path config;
    Path work;
    Path tree;

    @BeforeAll
    void start() throws Exception {
        server = Processes.Server.start(tmp.resolve("data"), "256m");
        config = tmp.resolve("config");
        work = tmp.resolve("work");
        tree = work.resolve("tree");
        build(tree);
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    Processes.Result ok(String... args) throws Exception {
        ProcessBuilder pb = Processes.cli(server, config, args);
        pb.environment().put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        Processes.Result r = Processes.run(pb);
        assertThat(r.exit()).as(String.join(" ", args) + "\n" + r.stderr()).isZero();
        return r;
    }

    /** The sample tree, every time set to a whole second (folders last, deepest first). */
    static void build(Path root) throws Exception {
        Files.createDirectories(root.resolve("sub/deeper"));
        Files.writeString(root.resolve("a.txt"), "alpha\n");
        Files.writeString(root.resolve("sub/b.txt"), "beta\n");
        Files.writeString(root.resolve("sub/deeper/c.csv"), "1,2,3\n");
        Path script = Files.writeString(root.resolve("run.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(root.resolve("empty1/empty2"));
        Files.createSymbolicLink(root.resolve("link-to-file"), Path.of("a.txt"));
        Files.createSymbolicLink(root.resolve("sub/link-to-folder"), Path.of("../empty1"));
        Files.createSymbolicLink(root.resolve("dangling"), Path.of("nothing/here"));
        assertThat(new ProcessBuilder("mkfifo", root.resolve("pipe").toString())
                        .start()
                        .waitFor())
                .isZero();
        long second = 1_700_000_000L;
        List<Path> all;
        try (Stream<Path> walk = Files.walk(root)) {
            all = new ArrayList<>(walk.toList());
        }
        all.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        // touch -h sets a link's own time, and never opens the FIFO (an open would wait for a writer).
        for (Path p : all) {
            assertThat(run("touch", "-h", "-d", "@" + (second += 7), p.toString())
                            .exit())
                    .isZero();
        }
    }

    /** What {@code diff -r} and {@code rsync -n -a --itemize-changes} say about two trees, the FIFO left out. */
    static void assertSame(Path expected, Path actual) throws Exception {
        Processes.Result diff =
                run("diff", "-r", "--no-dereference", "--exclude=pipe", expected.toString(), actual.toString());
        assertThat(diff.stdout() + diff.stderr()).as("diff -r").isEmpty();
        assertThat(diff.exit()).isZero();
        Processes.Result rsync =
                run("rsync", "-n", "-a", "--itemize-changes", "--exclude=pipe", expected + "/", actual + "/");
        assertThat(rsync.stdout() + rsync.stderr())
                .as("rsync -n -a --itemize-changes")
                .isEmpty();
        assertThat(rsync.exit()).isZero();
        assertThat(Files.exists(actual.resolve("pipe"), LinkOption.NOFOLLOW_LINKS))
                .isFalse();
    }

    static Processes.Result run(String... command) throws Exception {
        return Processes.run(new ProcessBuilder(command));
    }

    @Test
    void cp_r_up_and_down_keeps_links_modes_empty_folders_and_times() throws Exception {
        Processes.Result up = ok("cp", "-r", tree.toString(), "storage:copied/tree");
        assertThat(up.stderr()).contains("pipe").contains("FIFO");
        Path down = tmp.resolve("down-cp");
        Files.createDirectories(down);
        ok("cp", "-r", "storage:copied/tree", down.resolve("tree").toString());
        assertSame(tree, down.resolve("tree"));
        // The API shows what was kept.
        JsonNode link =
                Processes.JSON.readTree(get("/api/v1/teams/default/storage/default/stat/copied/tree/sub/link-to-folder")
                        .body());
        assertThat(link.path("type").asText()).isEqualTo("symlink");
        assertThat(link.path("target").asText()).isEqualTo("../empty1");
        JsonNode script = Processes.JSON.readTree(get("/api/v1/teams/default/storage/default/stat/copied/tree/run.sh")
                .body());
        assertThat(script.path("mode").asText()).isEqualTo("755");
        // ls shows a link as ls -l does, with a size like a file's; --json gives the entry as the API does.
        assertThat(ok("ls", "storage:copied/tree").stdout().lines())
                .anyMatch(l -> l.matches(" *\\d+  \\S+ \\S+  link-to-file -> a\\.txt"))
                .anyMatch(l -> l.matches(" *\\d+  \\S+ \\S+  dangling -> nothing/here"))
                .anyMatch(l -> l.matches(" *-  \\S+ \\S+  sub/"));
        JsonNode listed = Processes.JSON.readTree(ok("ls", "--json", "storage:copied/tree/sub")
                .stdout()
                .lines()
                .filter(l -> l.contains("link-to-folder"))
                .findFirst()
                .orElseThrow());
        assertThat(listed.path("type").asText()).isEqualTo("symlink");
        assertThat(listed.path("target").asText()).isEqualTo("../empty1");
    }

    @Test
    void datasets_push_and_pull_keep_the_tree_and_a_second_push_finds_nothing_changed() throws Exception {
        ok("datasets", "create", "faithful");
        Processes.Result pushed = ok("datasets", "push", "--json", work.toString(), "faithful");
        assertThat(pushed.stderr()).contains("pipe").contains("FIFO");
        assertThat(pushed.json().path("unsupported").asInt()).isEqualTo(1);
        Path pulled = tmp.resolve("pulled");
        ok("datasets", "pull", "faithful", pulled.toString());
        assertSame(tree, pulled.resolve("tree"));
        JsonNode again =
                ok("datasets", "push", "--json", work.toString(), "faithful").json();
        assertThat(again.path("nothingChanged").asBoolean())
                .as(again.toString())
                .isTrue();
    }

    @Test
    void a_zip_and_a_tar_of_the_folder_list_the_same_entries_as_the_tree() throws Exception {
        ok("cp", "-r", tree.toString(), "storage:archived/tree");
        String base = "/api/v1/teams/default/storage/default/files/archived/tree?archive=";
        TreeSet<String> tar = entries(new TarArchiveInputStream(
                new ByteArrayInputStream(get(base + "tar").body())));
        TreeSet<String> zip = zipEntries(get(base + "zip").body());
        assertThat(zip).isEqualTo(tar);
        assertThat(tar)
                .contains(
                        "tree/run.sh file 755",
                        "tree/a.txt file 644",
                        "tree/empty1/empty2/ folder 755",
                        "tree/link-to-file symlink -> a.txt",
                        "tree/sub/link-to-folder symlink -> ../empty1",
                        "tree/dangling symlink -> nothing/here");
        assertThat(tar).noneMatch(e -> e.contains("pipe"));
    }

    /** Each tar entry as "path kind mode" or "path symlink -> target". */
    private static TreeSet<String> entries(TarArchiveInputStream in) throws IOException {
        TreeSet<String> out = new TreeSet<>();
        try (in) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.add(describe(
                        e.getName(), e.isDirectory(), e.getMode(), e.isSymbolicLink() ? e.getLinkName() : null));
            }
        }
        return out;
    }

    /** The same for a zip, read through its central directory (the only place that holds the Unix modes). */
    private static TreeSet<String> zipEntries(byte[] zip) throws IOException {
        TreeSet<String> out = new TreeSet<>();
        try (ZipFile file = ZipFile.builder()
                .setSeekableByteChannel(new SeekableInMemoryByteChannel(zip))
                .get()) {
            for (ZipArchiveEntry e : Collections.list(file.getEntries())) {
                String target = null;
                if (e.isUnixSymlink()) {
                    try (InputStream in = file.getInputStream(e)) {
                        target = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                }
                out.add(describe(e.getName(), e.isDirectory(), e.getUnixMode(), target));
            }
        }
        return out;
    }

    private static String describe(String name, boolean folder, int mode, String target) {
        if (target != null) return name + " symlink -> " + target;
        return name + " " + (folder ? "folder" : "file") + " " + Integer.toOctalString(mode & 07777);
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.url + path))
                                .header("Authorization", "Bearer " + Processes.TOKEN)
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode())
                .as(path + ": " + new String(r.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        return r;
    }
}
