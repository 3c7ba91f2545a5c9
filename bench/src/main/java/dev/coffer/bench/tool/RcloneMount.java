package dev.coffer.bench.tool;

import dev.coffer.bench.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The peer of the mount benchmarks: {@code rclone mount} of a local folder with its file cache off
 * ({@code --vfs-cache-mode off}, rclone's default: reads and writes go straight through to the
 * folder), started with {@code --daemon} and ended with {@code fusermount3 -u}.
 */
public final class RcloneMount implements AutoCloseable {
    private final ProcessRunner runner;
    private final Path mnt;

    private RcloneMount(ProcessRunner runner, Path mnt) {
        this.runner = runner;
        this.mnt = mnt;
    }

    public static RcloneMount start(ProcessRunner runner, Path source, Path mnt, Path work) throws IOException {
        Files.createDirectories(mnt);
        // An empty config of the benchmark's own: a local path needs no remote, and the person's
        // own rclone.conf must never change what is measured.
        Path config = work.resolve("rclone.conf");
        if (!Files.exists(config)) Files.createFile(config);
        runner.run(
                "rclone-mount",
                List.of(
                        "rclone",
                        "mount",
                        "--config",
                        config.toString(),
                        source.toString(),
                        mnt.toString(),
                        "--vfs-cache-mode",
                        "off",
                        "--daemon"),
                Map.of());
        Fuse.awaitMounted(mnt, "rclone mount");
        return new RcloneMount(runner, mnt);
    }

    public Path path() {
        return mnt;
    }

    public static String version(ProcessRunner runner) {
        return runner.run("rclone-version", List.of("rclone", "version"), Map.of())
                .stdout()
                .lines()
                .findFirst()
                .orElse("rclone");
    }

    @Override
    public void close() {
        // rclone's daemon exits by itself once the kernel has dropped its mount.
        Fuse.unmount(runner, mnt);
    }
}
