package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.cli.mount.Mount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code coffer mount} process, as a notebook host runs it: started with a token, ready once the
 * kernel lists the mount point, and unmounted (by {@code fusermount3 -u}, as {@code coffer
 * unmount} does) and waited for when closed. Its log is {@code log}.
 */
final class MountProcess implements AutoCloseable {
    final Process process;
    final Path mnt;
    final Path log;

    private MountProcess(Process process, Path mnt, Path log) {
        this.process = process;
        this.mnt = mnt;
        this.log = log;
    }

    /** Mounts at {@code mnt} (created when missing) with {@code token}; {@code extra} are more mount options. */
    static MountProcess start(Processes.Server server, Path work, Path mnt, String token, String... extra)
            throws IOException, InterruptedException {
        Files.createDirectories(mnt);
        unmountQuietly(mnt);
        List<String> args = new ArrayList<>(List.of(
                "mount",
                mnt.toString(),
                "--cache-dir",
                work.resolve("cache-" + mnt.getFileName()).toString()));
        args.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(Processes.java("384m", args.toArray(String[]::new)));
        pb.environment().put("COFFER_URL", server.url);
        pb.environment().put("COFFER_TOKEN", token);
        pb.environment().put("XDG_CONFIG_HOME", work.resolve("mount-config").toString());
        Path log = work.resolve("mount-" + mnt.getFileName() + ".log");
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Mount.isMounted(mnt)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("the mount did not start:\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
        return new MountProcess(p, mnt, log);
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    /** Kills the mount process at once (no unmount, nothing sent), and clears the dead mount point. */
    void kill9() throws Exception {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        unmountQuietly(mnt);
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            Process u = new ProcessBuilder("fusermount3", "-u", mnt.toString())
                    .redirectErrorStream(true)
                    .start();
            u.waitFor(60, TimeUnit.SECONDS);
            if (!process.waitFor(60, TimeUnit.SECONDS))
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        unmountQuietly(mnt);
        assertThat(Mount.isMounted(mnt)).as("still mounted at " + mnt).isFalse();
    }

    static void unmountQuietly(Path mnt) throws IOException, InterruptedException {
        if (!Mount.isMounted(mnt)) return;
        new ProcessBuilder("fusermount3", "-u", "-z", mnt.toString())
                .redirectErrorStream(true)
                .start()
                .waitFor(30, TimeUnit.SECONDS);
    }

    /** Runs {@code script} with bash in {@code dir}; returns its exit status and output together. */
    static Processes.Result sh(Path dir, String script) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).directory(dir.toFile());
        pb.environment().put("GIT_AUTHOR_NAME", "Test");
        pb.environment().put("GIT_AUTHOR_EMAIL", "test@example.com");
        pb.environment().put("GIT_COMMITTER_NAME", "Test");
        pb.environment().put("GIT_COMMITTER_EMAIL", "test@example.com");
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("TZ", "UTC");
        return Processes.run(pb);
    }

    /** The same, failing the test (with the output) unless it exits 0. */
    static String ok(Path dir, String script) throws IOException, InterruptedException {
        Processes.Result r = sh(dir, script);
        assertThat(r.exit()).as(script + "\n" + r.stdout() + r.stderr()).isZero();
        return r.stdout();
    }
}
