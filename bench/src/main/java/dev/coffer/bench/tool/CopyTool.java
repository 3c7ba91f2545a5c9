package dev.coffer.bench.tool;

import dev.coffer.bench.data.DataSet;
import dev.coffer.bench.data.DiskUsage;
import dev.coffer.bench.process.ProcessRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The floor: a plain {@code cp} to the same disk followed by {@code sync}, both timed, so the copy
 * is on disk when the clock stops (Coffer forces what it stores before acknowledging it).
 */
public final class CopyTool {
    private final ProcessRunner runner;

    public CopyTool(ProcessRunner runner) {
        this.runner = runner;
    }

    public Sample copy(DataSet set, Path dest) {
        List<String> cmd = new ArrayList<>(List.of("cp"));
        if (set.folder()) cmd.add("-r");
        cmd.add(set.path().toString());
        cmd.add(dest.toString());
        runner.sync();
        double seconds = runner.run("cp", cmd, Map.of()).seconds() + runner.sync();
        double syncAfter = runner.sync();
        DiskUsage stored = DiskUsage.of(dest);
        return new Sample(seconds, stored, stored, syncAfter, null);
    }
}
