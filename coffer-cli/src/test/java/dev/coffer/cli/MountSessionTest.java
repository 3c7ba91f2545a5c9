package dev.coffer.cli;

import static dev.coffer.cli.MountProcess.sh;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The mount over a notebook's session: datasets declared by the settings file, two mounts of one
 * team, an fsync that survives {@code kill -9}, a folder of 10,000 files renamed atomically, a
 * file larger than the cache, a full plan, a Jupyter notebook executed in place, inode numbers
 * across remounts, and the notebook stopped mid-session. The server's plan is a hard-limited
 * 20 MB, so the quota is reached on purpose.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MountSessionTest extends MountedNotebook {
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

    /** Waits (at most 20 s) until {@code check} holds: the settings file is read again about once a second. */
    static void eventually(String what, CheckedBool check) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!check.get()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    @FunctionalInterface
    interface CheckedBool {
        boolean get() throws Exception;
    }

    @Test
    @Order(1)
    void the_settings_file_mounts_a_dataset_at_latest_and_at_a_pinned_version_and_changes_take_effect()
            throws Exception {
        Path v = Files.createDirectories(tmp.resolve("reports"));
        Files.writeString(v.resolve("q3.csv"), "quarter,revenue\nq3,100\n");
        cofferOk("datasets", "create", "reports");
        cofferOk("datasets", "push", v.toString(), "reports", "-m", "first");
        Files.writeString(v.resolve("q3.csv"), "quarter,revenue\nq3,250\n");
        cofferOk("datasets", "push", v.toString(), "reports", "-m", "second");
        assertThat(MountProcess.ok(nb(), "ls datasets 2>/dev/null; ls ../datasets"))
                .isEmpty();

        Files.createDirectories(nb().resolve(".coffer"));
        Files.writeString(nb().resolve(".coffer/settings.yaml"), """
                integrations:
                  reports:
                    type: dataset
                    id: reports
                  reports-v1:
                    type: dataset
                    id: reports
                    version: 1
                  broken:
                    type: datset
                    id: reports
                """);
        Path datasets = mount.mnt.resolve("datasets");
        eventually("both mounts appear", () -> Files.exists(datasets.resolve("reports-v1/q3.csv")));
        assertThat(Files.readString(datasets.resolve("reports/q3.csv"))).contains("q3,250");
        assertThat(Files.readString(datasets.resolve("reports-v1/q3.csv"))).contains("q3,100");
        assertThat(MountProcess.ok(datasets, "ls")).isEqualTo("reports\nreports-v1\n");
        assertThat(mount.log())
                .contains("/notebooks/.coffer/settings.yaml:10: error: unknown type 'datset' for mount 'broken'");

        assertThat(sh(datasets, "printf x > reports/new.txt").stderr()).contains("Read-only file system");
        assertThat(sh(datasets, "rm reports/q3.csv").stderr()).contains("Read-only file system");
        assertThat(cofferOk("ls", "datasets/reports:").stdout())
                .doesNotContain("new.txt")
                .contains("q3.csv");

        // An entry removed from the file goes, without remounting.
        Files.writeString(
                nb().resolve(".coffer/settings.yaml"),
                "integrations:\n  reports-v1:\n    type: dataset\n    id: reports\n    version: 1\n");
        eventually("the removed mount goes", () -> !Files.exists(datasets.resolve("reports")));
        assertThat(MountProcess.ok(datasets, "ls")).isEqualTo("reports-v1\n");
    }

    @Test
    @Order(2)
    void a_jupyter_notebook_runs_in_place_and_reads_a_mounted_dataset() throws Exception {
        Path datasets = mount.mnt.resolve("datasets");
        eventually("the dataset is mounted", () -> Files.exists(datasets.resolve("reports-v1/q3.csv")));
        String csv = datasets.resolve("reports-v1/q3.csv").toString();
        Files.createDirectories(nb().resolve("analysis"));
        Files.writeString(nb().resolve("analysis/report.ipynb"), """
                {"cells": [{"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [],
                  "source": ["import csv\\n", "rows = list(csv.DictReader(open('%s')))\\n", "print('revenue', sum(int(r['revenue']) for r in rows) * 3)"]}],
                 "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
                 "nbformat": 4, "nbformat_minor": 5}
                """.formatted(csv));
        MountProcess.ok(
                nb().resolve("analysis"), "jupyter-nbconvert --to notebook --execute --inplace report.ipynb 2>&1");
        assertThat(cofferOk("cat", "notebooks/lab:analysis/report.ipynb").stdout())
                .contains("revenue 300");
    }

    @Test
    @Order(3)
    void two_mounts_of_a_team_see_each_others_closed_files_and_inode_numbers_survive_a_remount() throws Exception {
        try (MountProcess other = MountProcess.start(server, tmp, tmp.resolve("mnt2"), token)) {
            Path theirs = other.mnt.resolve("storage");
            Files.writeString(storage().resolve("from-a.txt"), "written in a");
            assertThat(Files.readString(theirs.resolve("from-a.txt"))).isEqualTo("written in a");
            Files.writeString(theirs.resolve("from-a.txt"), "rewritten in b, longer than before");
            assertThat(Files.readString(storage().resolve("from-a.txt")))
                    .isEqualTo("rewritten in b, longer than before");
            assertThat(MountProcess.ok(storage(), "stat -c '%i %Y' from-a.txt"))
                    .isEqualTo(MountProcess.ok(theirs, "stat -c '%i %Y' from-a.txt"));
        }
        String before = MountProcess.ok(storage(), "stat -c %i from-a.txt");
        mount.close();
        mount = MountProcess.start(server, tmp, tmp.resolve("mnt"), token);
        assertThat(MountProcess.ok(storage(), "stat -c %i from-a.txt")).isEqualTo(before);
    }

    @Test
    @Order(4)
    void fsync_then_kill_9_of_the_mount_loses_nothing() throws Exception {
        MountProcess.ok(storage(), """
                /usr/bin/python3 - <<'PY'
                import os
                f = open('synced.bin', 'wb')
                f.write(b'acknowledged ' * 10000)
                f.flush()
                os.fsync(f.fileno())
                PY
                """);
        // The program above ended without error, so the file was closed too; write one more and
        // only fsync it, holding it open while the mount dies.
        Path marker = tmp.resolve("fsynced");
        ProcessBuilder holder = new ProcessBuilder("/usr/bin/python3", "-c", """
                import os, time, sys
                f = open('held.txt', 'w')
                f.write('kept by fsync')
                f.flush()
                os.fsync(f.fileno())
                open(sys.argv[1], 'w').close()
                time.sleep(60)
                """, marker.toString())
                .directory(storage().toFile());
        Process p = holder.start();
        try {
            eventually("the holder fsynced", () -> Files.exists(marker));
            mount.kill9();
        } finally {
            p.destroyForcibly().waitFor();
        }
        assertThat(cofferOk("cat", "storage:held.txt").stdout()).isEqualTo("kept by fsync");
        assertThat(cofferOk("cat", "storage:synced.bin").stdout()).isEqualTo("acknowledged ".repeat(10000));
        mount = MountProcess.start(server, tmp, tmp.resolve("mnt"), token);
    }

    @Test
    @Order(5)
    void a_folder_of_10000_files_is_renamed_atomically_as_another_mount_sees_it() throws Exception {
        Path local = Files.createDirectories(tmp.resolve("many/big"));
        for (int i = 0; i < 10_000; i++) Files.writeString(local.resolve("f" + i), "n" + i);
        cofferOk("cp", "-r", local.toString(), "storage:big");
        try (MountProcess watcher =
                MountProcess.start(server, tmp, tmp.resolve("mnt3"), token, "--metadata-ttl", "0")) {
            Path theirs = watcher.mnt.resolve("storage");
            AtomicBoolean done = new AtomicBoolean();
            AtomicInteger looks = new AtomicInteger();
            AtomicReference<String> mix = new AtomicReference<>();
            Thread watch = new Thread(() -> {
                while (!done.get()) {
                    // One listing is one snapshot of the folder: it must hold one of the names.
                    try (var names = Files.list(theirs)) {
                        var seen = names.map(n -> n.getFileName().toString()).toList();
                        boolean old = seen.contains("big");
                        boolean renamed = seen.contains("big2");
                        if (old == renamed) mix.set("old " + old + ", new " + renamed);
                        looks.incrementAndGet();
                    } catch (IOException | RuntimeException e) {
                        mix.set(e.toString());
                    }
                }
            });
            watch.start();
            Thread.sleep(300);
            long started = System.nanoTime();
            MountProcess.ok(storage(), "mv big big2");
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            Thread.sleep(300);
            done.set(true);
            watch.join();
            assertThat(mix.get()).as("a look saw both names or neither").isNull();
            assertThat(looks.get()).isGreaterThan(2);
            assertThat(seconds)
                    .as("one server-side move, not a copy of every file")
                    .isLessThan(30);
            assertThat(MountProcess.ok(theirs, "ls big2 | wc -l").strip()).isEqualTo("10000");
            assertThat(Files.readString(theirs.resolve("big2/f1234"))).isEqualTo("n1234");
        }
    }

    @Test
    @Order(6)
    void a_file_larger_than_the_cache_reads_whole() throws Exception {
        Path big = Processes.randomFile(tmp.resolve("large.bin"), 12L << 20, 7);
        cofferOk("cp", big.toString(), "storage:large.bin");
        try (MountProcess small = MountProcess.start(server, tmp, tmp.resolve("mnt4"), token, "--cache-size", "4MiB")) {
            Path seen = small.mnt.resolve("storage/large.bin");
            for (int i = 0; i < 2; i++) assertThat(Processes.sha256(seen)).isEqualTo(Processes.sha256(big));
            long cached = Files.walk(tmp.resolve("cache-mnt4/chunks"))
                    .filter(Files::isRegularFile)
                    .mapToLong(f -> f.toFile().length())
                    .sum();
            assertThat(cached).isLessThanOrEqualTo(4L << 20);
        }
    }

    @Test
    @Order(9)
    void a_full_plan_answers_edquot_and_keeps_nothing() throws Exception {
        Processes.Result r = sh(storage(), "head -c 30000000 /dev/urandom > too-big.bin");
        assertThat(r.exit()).isNotZero();
        assertThat(r.stderr()).contains("Disk quota exceeded");
        assertThat(coffer("ls", "storage:").stdout()).doesNotContain("too-big.bin");
        assertThat(mount.log()).contains("too-big.bin");
        // Right after, the bytes sent for the refused file are still held against the plan, so a
        // new upload waits for that reservation to lapse; what the team has stays readable.
        assertThat(cofferOk("cat", "storage:from-a.txt").stdout()).isEqualTo("rewritten in b, longer than before");
    }

    @Test
    @Order(8)
    void a_notebook_stopped_mid_session_serves_nothing_until_it_runs_again() throws Exception {
        Files.writeString(nb().resolve("kept.txt"), "still here");
        cofferOk("notebooks", "state", "lab", "Stopping");
        Processes.Result refused = sh(tmp, "cat " + nb().resolve("kept.txt"));
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.stderr()).contains("Permission denied");
        assertThat(mount.log()).contains("the notebook is not running");
        cofferOk("notebooks", "state", "lab", "Stopped");
        cofferOk("notebooks", "state", "lab", "Starting");
        cofferOk("notebooks", "state", "lab", "Running");
        assertThat(Files.readString(nb().resolve("kept.txt"))).isEqualTo("still here");
    }
}
