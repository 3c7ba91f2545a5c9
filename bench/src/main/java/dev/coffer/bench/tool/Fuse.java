package dev.coffer.bench.tool;

import dev.coffer.bench.BenchException;
import dev.coffer.bench.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the mount benchmarks do with FUSE mounts and files, the same for every tool: wait for a
 * mount, unmount it, drop the page cache, and read files with ordinary programs ({@code dd},
 * {@code cat}) timed from start to exit, as a user's program would meet them.
 */
public final class Fuse {
    private Fuse() {}

    /** True when {@code mnt} is a mount point now (the kernel's mount table). */
    public static boolean isMounted(Path mnt) {
        String target = mnt.toAbsolutePath().normalize().toString().replace(" ", "\\040");
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                String[] f = line.split(" ");
                if (f.length > 1 && f[1].equals(target)) return true;
            }
            return false;
        } catch (IOException e) {
            throw new BenchException("cannot read /proc/self/mounts: " + e.getMessage(), e);
        }
    }

    /** Waits (at most 60 s) until the kernel lists {@code mnt}. */
    public static void awaitMounted(Path mnt, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!isMounted(mnt)) {
            if (System.nanoTime() > deadline)
                throw new BenchException(what + " did not mount at " + mnt + " within 60 s");
            sleep(50);
        }
    }

    /** {@code fusermount3 -u}; the FUSE daemon behind the mount exits on it. */
    public static void unmount(ProcessRunner runner, Path mnt) {
        if (isMounted(mnt)) runner.run("fusermount-u", List.of("fusermount3", "-u", mnt.toString()), Map.of());
    }

    /**
     * Writes dirty pages out and drops the page cache, so the next read comes from the disk (or
     * the server) rather than from memory. Only root may; false when it was not allowed, and the
     * report then says its "cold" figures are page-cache figures.
     */
    public static boolean dropCaches(ProcessRunner runner) {
        runner.sync();
        try {
            Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3");
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** {@code dd if=FILE of=/dev/null bs=1M}, timed: one sequential read of the whole file. */
    public static double read(ProcessRunner runner, String label, Path file) {
        return runner.run(label, List.of("dd", "if=" + file, "of=/dev/null", "bs=1M"), Map.of())
                .seconds();
    }

    /** Every file under {@code dir} read once with {@code cat}, timed. */
    public static double readTree(ProcessRunner runner, String label, Path dir) {
        return shell(runner, label, "find " + quote(dir) + " -type f -print0 | xargs -0 cat > /dev/null");
    }

    /** {@code cp -r SOURCE DEST}, timed. */
    public static double copyTree(ProcessRunner runner, String label, Path source, Path dest) {
        return runner.run(label, List.of("cp", "-r", source.toString(), dest.toString()), Map.of())
                .seconds();
    }

    /**
     * {@code cp -r SOURCE DEST} and then {@code sync DEST/NAME} (an fsync of the copied folder),
     * timed together: for a mount that sends files after their close, the clock stops only when
     * the mount says every file is stored.
     */
    public static double copyTreeAndSync(ProcessRunner runner, String label, Path source, Path dest) {
        Path copy = dest.resolve(source.getFileName());
        return shell(runner, label, "cp -r " + quote(source) + " " + quote(dest) + " && sync " + quote(copy));
    }

    /** Fails the benchmark unless the two files hold the same bytes ({@code cmp}). */
    public static void sameBytes(ProcessRunner runner, Path expected, Path actual) {
        runner.run("cmp", List.of("cmp", expected.toString(), actual.toString()), Map.of());
    }

    /** Fails the benchmark unless the two trees hold the same names and bytes ({@code diff -r}). */
    public static void sameTree(ProcessRunner runner, Path expected, Path actual) {
        runner.run("diff-r", List.of("diff", "-r", "-q", expected.toString(), actual.toString()), Map.of());
    }

    private static double shell(ProcessRunner runner, String label, String script) {
        return runner.run(label, List.of("bash", "-o", "pipefail", "-c", script), Map.of())
                .seconds();
    }

    private static String quote(Path p) {
        return "'" + p.toString().replace("'", "'\\''") + "'";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted while waiting for a mount", e);
        }
    }
}
