package dev.coffer.cli;

import static dev.coffer.cli.MountProcess.ok;
import static dev.coffer.cli.MountProcess.sh;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.cli.mount.Mount;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A notebook's files through a real FUSE mount, as programs in a notebook use them: Java file
 * I/O, {@code cp -r}, {@code tar}, {@code rsync}, {@code git}, Python with CSV and SQLite, random
 * writes against a model, and the errors programs expect. What the mount wrote is read back
 * through the API (the CLI), byte for byte.
 */
class MountFilesTest extends MountedNotebook {
    @Test
    void the_top_shows_notebooks_storage_and_datasets() throws Exception {
        assertThat(ok(mount.mnt, "ls -1 .")).isEqualTo("datasets\nnotebooks\nstorage\n");
    }

    @Test
    void a_file_written_with_java_reaches_the_server_whole_and_reads_back() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(1).nextBytes(data);
        Files.createDirectories(nb().resolve("data/raw"));
        Files.write(nb().resolve("data/raw/big.bin"), data);
        assertThat(viaApi("notebooks/lab:data/raw/big.bin")).isEqualTo(data);
        assertThat(Files.readAllBytes(nb().resolve("data/raw/big.bin"))).isEqualTo(data);
        assertThat(Files.size(nb().resolve("data/raw/big.bin"))).isEqualTo(data.length);
    }

    @Test
    void cp_tar_and_rsync_keep_a_tree_as_it_is() throws Exception {
        Path src = tmp.resolve("src");
        ok(tmp, """
                mkdir -p src/sub/deeper src/empty/inner
                printf 'alpha\\n' > src/a.txt
                head -c 300000 /dev/urandom > src/sub/blob.bin
                printf '#!/bin/sh\\necho hi\\n' > src/run.sh && chmod 755 src/run.sh
                printf '1,2\\n' > src/sub/deeper/c.csv
                ln -s a.txt src/link-to-a
                ln -s sub src/link-to-sub
                touch -d '2021-03-04 05:06:07' src/a.txt src/sub/blob.bin
                """);
        ok(storage(), "cp -a " + src + " copy && diff -r --no-dereference " + src + " copy");
        ok(
                storage(),
                "tar -C " + src
                        + " -cf tree.tar . && mkdir unpacked && tar -C unpacked -xf tree.tar && diff -r --no-dereference "
                        + src + " unpacked");
        ok(storage(), "rsync -a " + src + "/ synced/");
        String changes = ok(storage(), "rsync -n -a --itemize-changes " + src + "/ synced/");
        assertThat(changes).isEmpty();
        assertThat(ok(storage(), "stat -c %a synced/run.sh && readlink synced/link-to-sub && stat -c %Y synced/a.txt"))
                .isEqualTo("755\nsub\n" + ok(tmp, "stat -c %Y src/a.txt"));
        assertThat(viaApi("storage:synced/sub/blob.bin")).isEqualTo(Files.readAllBytes(src.resolve("sub/blob.bin")));
    }

    @Test
    void git_works_inside_notebooks() throws Exception {
        Files.createDirectories(nb().resolve("project"));
        Path project = nb().resolve("project");
        ok(project, """
                git init -q -b main .
                printf 'print(1)\\n' > main.py
                git add main.py && git commit -q -m first
                printf 'print(2)\\n' >> main.py
                git commit -q -am second
                git status --porcelain
                git fsck --no-progress
                """);
        assertThat(ok(project, "git log --format=%s")).isEqualTo("second\nfirst\n");
        assertThat(new String(viaApi("notebooks/lab:project/main.py"))).isEqualTo("print(1)\nprint(2)\n");
    }

    @Test
    void python_writes_and_reads_a_csv_and_a_sqlite_database() throws Exception {
        String out = ok(storage(), """
                /usr/bin/python3 - <<'PY'
                import csv, sqlite3, os
                os.makedirs('py', exist_ok=True)
                with open('py/table.csv', 'w', newline='') as f:
                    w = csv.writer(f)
                    w.writerow(['id', 'value'])
                    for i in range(1000): w.writerow([i, i * i])
                with open('py/table.csv', 'a', newline='') as f:
                    csv.writer(f).writerow([1000, 1000000])
                with open('py/table.csv') as f:
                    rows = list(csv.reader(f))
                db = sqlite3.connect('py/app.db')
                db.execute('create table t (k integer primary key, v text)')
                db.executemany('insert into t values (?, ?)', [(i, 'v%d' % i) for i in range(5000)])
                db.commit()
                db.execute('update t set v = ? where k % 7 = 0', ('seven',))
                db.commit()
                db.close()
                db = sqlite3.connect('py/app.db')
                n = db.execute("select count(*), sum(v = 'seven') from t").fetchone()
                print(len(rows), rows[-1][1], n[0], n[1], db.execute('pragma integrity_check').fetchone()[0])
                PY
                """);
        assertThat(out).isEqualTo("1002 1000000 5000 715 ok\n");
        String csv = new String(viaApi("storage:py/table.csv"));
        assertThat(csv).startsWith("id,value\r\n0,0\r\n").endsWith("999,998001\r\n1000,1000000\r\n");
        Path copy = tmp.resolve("app-copy.db");
        Files.write(copy, viaApi("storage:py/app.db"));
        assertThat(ok(
                        tmp,
                        "/usr/bin/python3 -c \"import sqlite3; print(sqlite3.connect('" + copy
                                + "').execute('select count(*) from t').fetchone()[0])\""))
                .isEqualTo("5000\n");
    }

    @Test
    void random_writes_reads_and_truncations_match_a_model_file() throws Exception {
        Path inMount = storage().resolve("model-check.bin");
        Path model = tmp.resolve("model.bin");
        byte[] start = new byte[2_500_000];
        Random random = new Random(42);
        random.nextBytes(start);
        Files.write(inMount, start);
        Files.write(model, start);
        for (int round = 0; round < 6; round++) {
            try (RandomAccessFile a = new RandomAccessFile(inMount.toFile(), "rw");
                    RandomAccessFile b = new RandomAccessFile(model.toFile(), "rw")) {
                for (int op = 0; op < 40; op++) {
                    long len = b.length();
                    switch (random.nextInt(4)) {
                        case 0, 1 -> {
                            byte[] chunk = new byte[1 + random.nextInt(200_000)];
                            random.nextBytes(chunk);
                            long at = (long) (random.nextDouble() * (len + 1000));
                            a.seek(at);
                            a.write(chunk);
                            b.seek(at);
                            b.write(chunk);
                        }
                        case 2 -> {
                            long at = (long) (random.nextDouble() * len);
                            byte[] x = new byte[(int) Math.min(100_000, len - at)];
                            byte[] y = new byte[x.length];
                            a.seek(at);
                            a.readFully(x);
                            b.seek(at);
                            b.readFully(y);
                            assertThat(Arrays.equals(x, y)).as("read at " + at).isTrue();
                        }
                        default -> {
                            long to = (long) (random.nextDouble() * len * 1.1);
                            a.setLength(to);
                            b.setLength(to);
                        }
                    }
                }
            }
            assertThat(Files.readAllBytes(inMount)).as("round " + round).isEqualTo(Files.readAllBytes(model));
        }
        assertThat(viaApi("storage:model-check.bin")).isEqualTo(Files.readAllBytes(model));
    }

    @Test
    void rename_replaces_an_existing_file_and_folders_move_whole() throws Exception {
        ok(storage(), """
                mkdir -p ren/dir/sub && printf old > ren/target && printf new > ren/source
                printf deep > ren/dir/sub/f
                mv ren/source ren/target
                mv ren/dir ren/moved
                """);
        assertThat(ok(storage(), "cat ren/target; ls ren; cat ren/moved/sub/f")).isEqualTo("newmoved\ntarget\ndeep");
        assertThat(new String(viaApi("storage:ren/moved/sub/f"))).isEqualTo("deep");
    }

    @Test
    void programs_get_the_errno_they_expect() throws Exception {
        ok(storage(), "mkdir -p errs/full && touch errs/full/x && printf x > errs/file");
        assertThat(sh(storage(), "rmdir errs/full").stderr()).contains("Directory not empty");
        assertThat(sh(storage(), "mkdir errs/full").stderr()).contains("File exists");
        assertThat(sh(storage(), "cat errs/nothing").stderr()).contains("No such file or directory");
        assertThat(sh(nb(), "mkdir checkpoints").exit()).isNotZero();
        assertThat(ok(nb(), "ls -a")).doesNotContain("checkpoints");
        assertThat(mount.log()).contains("checkpoints");
        assertThat(sh(mount.mnt, "mkdir datasets/x").stderr())
                .containsAnyOf("Read-only file system", "Permission denied");
        String xattr = ok(
                storage(),
                "/usr/bin/python3 -c \"import os,errno\ntry:\n  os.getxattr('errs/file','user.x')\nexcept OSError as e:\n  print(errno.errorcode[e.errno])\"");
        assertThat(xattr.strip()).isIn("ENOTSUP", "EOPNOTSUPP");
    }

    @Test
    void symlinks_modes_times_and_inode_numbers_are_kept() throws Exception {
        ok(storage(), """
                mkdir -p meta && printf data > meta/f && ln -s f meta/l && ln -s ../nowhere meta/dangling
                chmod 750 meta/f
                touch -m -d '2020-01-02 03:04:05.123' meta/f
                """);
        assertThat(ok(storage(), "readlink meta/l meta/dangling; cat meta/l; stat -c '%a %y' meta/f"))
                .isEqualTo("f\n../nowhere\ndata750 2020-01-02 03:04:05.123000000 +0000\n");
        String ino = ok(storage(), "stat -c %i meta/f");
        assertThat(ok(storage(), "sleep 1.2; stat -c %i meta/f; ls -i meta/f | cut -d' ' -f1"))
                .isEqualTo(ino + ino);
        Processes.Result listed = coffer("ls", "--json", "storage:meta");
        assertThat(listed.stdout()).contains("\"mode\":\"750\"").contains("\"target\":\"../nowhere\"");
    }

    @Test
    void df_shows_the_teams_plan_and_use() throws Exception {
        String out =
                ok(storage(), "/usr/bin/python3 -c \"import os; s=os.statvfs('.'); print(s.f_blocks*s.f_frsize)\"");
        assertThat(Long.parseLong(out.strip())).isEqualTo(5_000_000_000L / 4096 * 4096);
    }

    @Test
    void a_daemon_mount_of_every_dataset_ends_with_unmount_and_a_foreground_one_with_sigterm() throws Exception {
        Path v = Files.createDirectories(tmp.resolve("every"));
        Files.writeString(v.resolve("a.csv"), "x,y\n1,2\n");
        cofferOk("datasets", "create", "every");
        cofferOk("datasets", "push", v.toString(), "every", "-m", "one");
        Path daemon = Files.createDirectories(tmp.resolve("mnt-daemon"));
        Processes.Result started = cofferOk(
                "mount",
                daemon.toString(),
                "--notebook",
                "lab",
                "--all-datasets",
                "--daemon",
                "--cache-dir",
                tmp.resolve("cache-daemon").toString(),
                "--log-file",
                tmp.resolve("daemon.log").toString());
        Matcher pid = Pattern.compile("\\(pid (\\d+),").matcher(started.stdout());
        assertThat(pid.find()).as(started.stdout()).isTrue();
        try {
            assertThat(Files.readString(daemon.resolve("datasets/every/a.csv"))).isEqualTo("x,y\n1,2\n");
            Files.writeString(daemon.resolve("storage/from-daemon.txt"), "daemon");
            assertThat(viaApi("storage:from-daemon.txt")).isEqualTo("daemon".getBytes(StandardCharsets.UTF_8));
        } finally {
            cofferOk("unmount", daemon.toString());
        }
        assertThat(Mount.isMounted(daemon)).isFalse();
        ProcessHandle.of(Long.parseLong(pid.group(1)))
                .ifPresent(h -> assertThat(h.onExit()
                                .orTimeout(60, TimeUnit.SECONDS)
                                .join()
                                .isAlive())
                        .isFalse());

        MountProcess foreground = MountProcess.start(server, tmp, tmp.resolve("mnt-term"), token);
        Files.writeString(foreground.mnt.resolve("storage/before-sigterm.txt"), "kept");
        foreground.process.destroy();
        assertThat(foreground.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Mount.isMounted(foreground.mnt)).isFalse();
        assertThat(viaApi("storage:before-sigterm.txt")).isEqualTo("kept".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void settings_check_names_each_mistake_with_its_line_and_what_would_be_mounted() throws Exception {
        Path file = tmp.resolve("settings.yaml");
        Files.writeString(file, """
                integrations:
                  good:
                    type: dataset
                    id: every-missing
                  bad:
                    type: datset
                    id: x
                """);
        Processes.Result r = coffer("settings", "check", file.toString(), "--offline");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.stderr()).contains(file + ":6: error: unknown type 'datset' for mount 'bad'");
        assertThat(r.stdout())
                .contains("/datasets/good <- dataset every-missing (latest)")
                .doesNotContain("bad");
        Processes.Result online = coffer("settings", "check", file.toString());
        assertThat(online.exit()).isEqualTo(2);
        assertThat(online.stderr())
                .contains(file + ":2: error: dataset 'every-missing' does not exist")
                .contains(file + ":6: error: unknown type 'datset'");
    }
}
