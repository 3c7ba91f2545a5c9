package dev.coffer.cli;

import static dev.coffer.cli.MountProcess.ok;
import static dev.coffer.cli.MountProcess.sh;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code coffer mount --write-back}: a small file's close returns before the file is sent, the
 * mount shows it meanwhile, {@code sync} of a folder returns once everything closed is stored
 * (and then survives {@code kill -9} of the mount), changes right after a close apply in order,
 * reads of a listed folder come with its listing yet see another writer's change once the
 * metadata lifetime has passed, and a hard-limited plan is still answered to the close that
 * overfills it. The server's plan is a hard-limited 20 MB.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MountWriteBackTest extends MountedNotebook {
    @Override
    Map<String, String> serverEnvironment() throws Exception {
        Path plans = Files.createDirectories(tmp.resolve("etc")).resolve("plans.yaml");
        Files.writeString(plans, """
                default: small
                small:
                  included: 20MB
                  hardLimit: true
                  dataSources: false
                """);
        return Map.of("COFFER_PLANS_FILE", plans.toString());
    }

    @Override
    String[] mountOptions() {
        return new String[] {"--write-back"};
    }

    /** A local tree of {@code folders} × {@code files} files of 1–9 KiB of seeded bytes. */
    private Path localTree(String name, int folders, int files) throws Exception {
        Random random = new Random(name.hashCode());
        Path root = Files.createDirectories(tmp.resolve("local").resolve(name));
        for (int d = 0; d < folders; d++) {
            Path dir = Files.createDirectories(root.resolve("d" + d));
            for (int f = 0; f < files; f++) {
                byte[] data = new byte[1024 + random.nextInt(8 * 1024)];
                random.nextBytes(data);
                Files.write(dir.resolve("f" + f + ".bin"), data);
            }
        }
        return root;
    }

    private static long count(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    @Order(1)
    void a_copied_tree_is_seen_at_once_and_stored_when_sync_of_its_folder_returns() throws Exception {
        Path local = localTree("tree", 3, 200);
        ok(storage(), "cp -r " + local + " . && sync tree");
        // Right after: every file is there with its size, and reads back whole, in this mount.
        ok(storage(), "diff -r -q " + local + " tree");
        // sync returned, so the server has every file: the mount may die now and lose nothing.
        mount.kill9();
        Path back = tmp.resolve("back");
        cofferOk("cp", "-r", "storage:tree", back.toString());
        assertThat(count(back)).isEqualTo(600);
        ok(tmp, "diff -r -q " + local + " " + back);
        assertThat(mount.log()).doesNotContain("was not stored");
        mount = MountProcess.start(server, tmp, tmp.resolve("mnt"), token, mountOptions());
    }

    @Test
    @Order(2)
    void changes_right_after_a_close_apply_in_the_order_they_were_made() throws Exception {
        ok(storage(), """
                mkdir -p order
                echo first > order/a.txt
                echo second, longer > order/a.txt
                mv order/a.txt order/b.txt
                echo gone > order/c.txt
                rm order/c.txt
                echo kept > order/d.txt
                cat order/b.txt order/d.txt > order/both.txt
                """);
        // Seen as made, before anything was forced out.
        assertThat(Files.readString(storage().resolve("order/both.txt"))).isEqualTo("second, longer\nkept\n");
        ok(storage(), "sync order");
        String listing = cofferOk("ls", "storage:order").stdout();
        assertThat(listing).contains("b.txt", "d.txt", "both.txt").doesNotContain("a.txt", "c.txt");
        assertThat(new String(viaApi("storage:order/b.txt"))).isEqualTo("second, longer\n");
        assertThat(new String(viaApi("storage:order/both.txt"))).isEqualTo("second, longer\nkept\n");
    }

    @Test
    @Order(3)
    void an_unmount_sends_what_is_waiting() throws Exception {
        Path local = localTree("unmounted", 2, 100);
        ok(storage(), "cp -r " + local + " .");
        mount.close();
        Path back = tmp.resolve("back-unmounted");
        cofferOk("cp", "-r", "storage:unmounted", back.toString());
        ok(tmp, "diff -r -q " + local + " " + back);
        mount = MountProcess.start(server, tmp, tmp.resolve("mnt"), token, mountOptions());
    }

    @Test
    @Order(4)
    void a_listed_folder_reads_from_its_listing_and_sees_a_change_made_elsewhere_after_the_lifetime() throws Exception {
        Path v1 = tmp.resolve("v1.txt");
        Files.writeString(v1, "version one");
        Path same = tmp.resolve("same.txt");
        Files.writeString(same, "unchanged");
        cofferOk("mkdir", "storage:shared");
        cofferOk("cp", v1.toString(), "storage:shared/note.txt");
        cofferOk("cp", same.toString(), "storage:shared/same.txt");
        assertThat(ok(storage(), "ls shared && cat shared/note.txt")).contains("version one");
        Path v2 = tmp.resolve("v2.txt");
        Files.writeString(v2, "version two, from the CLI");
        cofferOk("cp", v2.toString(), "storage:shared/note.txt");
        // The mount's metadata lifetime is 1 s: after it, an open asks again.
        Thread.sleep(1500);
        assertThat(Files.readString(storage().resolve("shared/note.txt"))).isEqualTo("version two, from the CLI");
        assertThat(Files.readString(storage().resolve("shared/same.txt"))).isEqualTo("unchanged");

        // The same size and time, other bytes: only the content's digest tells the listing kept
        // from the first listing (bytes included) apart from the file as it is now.
        String sizeAndTime = ok(storage(), "stat -c %s:%Y shared/note.txt");
        Path v3 = tmp.resolve("v3.txt");
        Files.writeString(v3, "VERSION TWO, FROM THE CLI");
        Files.setLastModifiedTime(v3, Files.getLastModifiedTime(v2));
        // (--checksum: cp would take a file of the same size and time for unchanged and skip it.)
        cofferOk("cp", "--checksum", v3.toString(), "storage:shared/note.txt");
        assertThat(new String(viaApi("storage:shared/note.txt"))).isEqualTo("VERSION TWO, FROM THE CLI");
        Thread.sleep(1500);
        assertThat(ok(storage(), "stat -c %s:%Y shared/note.txt")).isEqualTo(sizeAndTime);
        assertThat(Files.readString(storage().resolve("shared/note.txt"))).isEqualTo("VERSION TWO, FROM THE CLI");
        assertThat(Files.readString(storage().resolve("shared/same.txt"))).isEqualTo("unchanged");
    }

    @Test
    @Order(5)
    void a_folder_made_here_is_there_at_once_and_on_the_server_in_order_with_its_files() throws Exception {
        // mkdir returns before the server made the folder; everything here sees it meanwhile,
        // also once the metadata lifetime lapsed, and a second mkdir of the name is refused.
        String seen = ok(storage(), """
                mkdir -p made/a/b && echo inside > made/a/b/f.txt && mkdir made/empty
                stat -c %F made/a made/a/b made/empty
                ls made/a
                cat made/a/b/f.txt
                mkdir made/a 2>/dev/null || echo refused
                sleep 1.5
                stat -c %F made/a/b
                ls -a made/empty
                """);
        assertThat(seen).isEqualTo("directory\ndirectory\ndirectory\nb\ninside\nrefused\ndirectory\n.\n..\n");
        ok(storage(), "sync made");
        assertThat(cofferOk("ls", "storage:made").stdout()).contains("a/", "empty/");
        assertThat(new String(viaApi("storage:made/a/b/f.txt"))).isEqualTo("inside\n");
        // A folder removed right after it was made: made on the server first, then removed.
        ok(storage(), "mkdir made/brief && rmdir made/brief && sync made");
        assertThat(cofferOk("ls", "storage:made").stdout()).doesNotContain("brief");
    }

    @Test
    @Order(6)
    void a_full_plan_is_answered_to_the_close_that_overfills_it_and_nothing_closed_is_lost() throws Exception {
        // 30 files of 900 KB (each small enough to wait for the write-back) into a 20 MB plan.
        Processes.Result r = sh(storage(), """
                mkdir -p full
                for i in $(seq 1 30); do
                  head -c 900000 /dev/urandom > full/q$i.bin && echo "closed q$i.bin" || echo "refused q$i.bin"
                done
                sync full
                """);
        assertThat(r.stderr()).contains("Disk quota exceeded");
        List<String> closed = new ArrayList<>();
        for (String line : r.stdout().lines().toList()) {
            if (line.startsWith("closed ")) closed.add(line.substring("closed ".length()));
        }
        assertThat(closed).isNotEmpty().hasSizeLessThan(30);
        // Every file whose close succeeded is on the server, whole.
        String listing = cofferOk("ls", "storage:full").stdout();
        for (String name : closed) {
            assertThat(listing).contains(name);
            assertThat(viaApi("storage:full/" + name)).hasSize(900_000);
        }
        assertThat(mount.log()).doesNotContain("was not stored");
    }
}
