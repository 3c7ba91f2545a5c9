package dev.coffer.bench.tool;

import dev.coffer.bench.data.DataSet;
import dev.coffer.bench.data.DiskUsage;
import dev.coffer.bench.process.ProcessRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * restic, the closest peer in kind (content-defined chunks, deduplication, a local repository).
 * {@code restic init} is not timed; each {@code restic backup} is. A second backup of the same
 * data is restic's re-ingest (it finds the first snapshot as its parent by itself).
 */
public final class ResticTool {
    private static final String PASSWORD = "coffer-bench-not-a-secret";
    private final ProcessRunner runner;
    private final Map<String, String> env;

    /** @param cacheDir restic's cache, kept in the scratch folder so the benchmark leaves nothing behind */
    public ResticTool(ProcessRunner runner, Path cacheDir) {
        this.runner = runner;
        this.env = Map.of("RESTIC_PASSWORD", PASSWORD, "RESTIC_CACHE_DIR", cacheDir.toString());
    }

    public void init(Path repo) {
        runner.run("restic-init", List.of("restic", "-r", repo.toString(), "init"), env);
    }

    public Sample backup(DataSet set, Path repo) {
        DiskUsage before = DiskUsage.of(repo);
        runner.sync();
        double seconds = runner.run(
                        "restic-backup",
                        List.of(
                                "restic",
                                "-r",
                                repo.toString(),
                                "backup",
                                set.path().toString()),
                        env)
                .seconds();
        double syncAfter = runner.sync();
        DiskUsage after = DiskUsage.of(repo);
        return new Sample(seconds, after, after.minus(before), syncAfter, null);
    }

    /** {@code restic backup --tag TAG}, timed (a later backup of the same folder is incremental: restic finds its parent). */
    public double backup(Path folder, Path repo, String tag) {
        runner.sync();
        return runner.run(
                        "restic-backup",
                        List.of("restic", "-r", repo.toString(), "backup", "--tag", tag, folder.toString()),
                        env)
                .seconds();
    }

    /** {@code restic restore latest --tag TAG --target DIR}, timed. */
    public double restore(Path repo, String tag, Path target) {
        runner.sync();
        double seconds = runner.run(
                        "restic-restore",
                        List.of(
                                "restic",
                                "-r",
                                repo.toString(),
                                "restore",
                                "latest",
                                "--tag",
                                tag,
                                "--target",
                                target.toString()),
                        env)
                .seconds();
        runner.sync();
        return seconds;
    }

    public String version() {
        return runner.run("restic-version", List.of("restic", "version"), env)
                .stdout()
                .strip();
    }
}
