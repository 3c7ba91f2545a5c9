package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
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
        assertThat(new ProcessBuilder("mkfifo", root.resolve("pipe").toString()).start().waitFor()).isZero();
        long second = 1_700_000_000L;
        List<Path> all;
        try (Stream<Path> walk = Files.walk(root)) {
            all = new ArrayList<>(walk.toList());
        }
        all.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        for (Path p : all) {
            Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(FileTime.fromMillis(1000 * (second += 7)), null, null);
        }
    }

    /** What {@code diff -r} and {@code rsync -n -a --itemize-changes} say about two trees, the FIFO left out. */
    static void assertSame(Path expected, Path actual) throws Exception {
        Processes.Result diff = run("diff", "-r", "--no-dereference", "--exclude=pipe", expected.toString(), actual.toString());
        assertThat(diff.stdout() + diff.stderr()).as("diff -r").isEmpty();
        assertThat(diff.exit()).isZero();
        Processes.Result rsync = run("rsync", "-n", "-a", "--itemize-changes", "--exclude=pipe", expected + "/", actual + "/");
        assertThat(rsync.stdout() + rsync.stderr()).as("rsync -n -a --itemize-changes").isEmpty();
        assertThat(rsync.exit()).isZero();
        assertThat(Files.exists(actual.resolve("pipe"), LinkOption.NOFOLLOW_LINKS)).isFalse();
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
        JsonNode link = Processes.JSON.readTree(get("/api/v1/teams/default/storage/default/stat/copied/tree/sub/link-to-folder").body());
        assertThat(link.path("type").asText()).isEqualTo("symlink");
        assertThat(link.path("target").asText()).isEqualTo("../empty1");
        JsonNode script = Processes.JSON.readTree(get("/api/v1/teams/default/storage/default/stat/copied/tree/run.sh").body());
        assertThat(script.path("mode").asText()).isEqualTo("755");
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
        JsonNode again = ok("datasets", "push", "--json", work.toString(), "faithful").json();
        assertThat(again.path("nothingChanged").asBoolean()).as(again.toString()).isTrue();
    }

    @Test
    void a_zip_and_a_tar_of_the_folder_list_the_same_entries_as_the_tree() throws Exception {
        ok("cp", "-r", tree.toString(), "storage:archived/tree");
        String base = "/api/v1/teams/default/storage/default/files/archived/tree?archive=";
        TreeSet<String> tar = entries(new TarArchiveInputStream(new ByteArrayInputStream(get(base + "tar").body())));
        TreeSet<String> zip = entries(new ZipArchiveInputStream(new ByteArrayInputStream(get(base + "zip").body())));
        assertThat(zip).isEqualTo(tar);
        assertThat(tar).contains("tree/run.sh file 755", "tree/a.txt file 644", "tree/empty1/empty2/ folder 755",
                "tree/link-to-file symlink -> a.txt", "tree/sub/link-to-folder symlink -> ../empty1", "tree/dangling symlink -> nothing/here");
        assertThat(tar).noneMatch(e -> e.contains("pipe"));
    }

    /** Each entry as "path kind mode" or "path symlink -> target". */
    private static TreeSet<String> entries(ArchiveInputStream<?> in) throws IOException {
        TreeSet<String> out = new TreeSet<>();
        try (in) {
            for (ArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                int mode;
                String target = null;
                if (e instanceof TarArchiveEntry t) {
                    mode = t.getMode();
                    if (t.isSymbolicLink()) target = t.getLinkName();
                } else {
                    ZipArchiveEntry z = (ZipArchiveEntry) e;
                    mode = z.getUnixMode();
                    if (z.isUnixSymlink()) target = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                String kind = target != null ? "symlink" : e.isDirectory() ? "folder" : "file";
                out.add(e.getName() + " " + kind + (target != null ? " -> " + target : " " + Integer.toOctalString(mode & 07777)));
            }
        }
        return out;
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url + path))
                .header("Authorization", "Bearer " + Processes.TOKEN).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(path + ": " + new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return r;
    }
}
