package dev.coffer.bench.scenario;

import dev.coffer.bench.data.DataSet;
import dev.coffer.bench.data.Scratch;
import dev.coffer.bench.process.ProcessRunner;
import dev.coffer.bench.scenario.Measurements.Phase;
import dev.coffer.bench.tool.CofferTool;
import dev.coffer.bench.tool.CopyTool;
import dev.coffer.bench.tool.ResticTool;
import dev.coffer.bench.tool.Sample;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The measuring loop. Each round runs Coffer, then cp, then restic on the same data, so a burst
 * of noise on this shared machine hits all tools alike instead of one tool's whole series. The
 * re-ingest is measured inside the same round, right after the first ingest of the same tool, so
 * {@code ingest-*} and {@code reingest} share rounds instead of ingesting everything twice.
 * Results are kept per data set: a scenario asking for data already measured gets them at once.
 */
public final class Rounds {
    /**
     * What the requested scenarios need; decided once, before any round runs. {@code loadSeconds}
     * is the length of the load scenario's timed phase, {@code loadInstances} how many servers it
     * runs (more than one: on a shared PostgreSQL and bucket).
     */
    public record Plan(int runs, boolean again, boolean cpLarge, boolean cpSmall, int loadSeconds, int loadInstances) {
        boolean cp(DataSet set) {
            return set.key().equals("large") ? cpLarge : cpSmall;
        }
    }

    private final Plan plan;
    private final Path work;
    private final CofferTool coffer;
    private final CopyTool cp;
    private final ResticTool restic;
    private final ProcessRunner runner;
    private final PrintStream log;
    private final Map<String, Measurements> done = new HashMap<>();

    public Rounds(
            Plan plan,
            Path work,
            CofferTool coffer,
            CopyTool cp,
            ResticTool restic,
            ProcessRunner runner,
            PrintStream log) {
        this.plan = plan;
        this.work = work;
        this.coffer = coffer;
        this.cp = cp;
        this.restic = restic;
        this.runner = runner;
        this.log = log;
    }

    /**
     * A first ingest by Coffer alone, and what its server kept and spent for it.
     *
     * @param serverCpuSeconds CPU time the server used during the copy, -1 when unknown
     */
    public record Ingest(Sample sample, long keptUsageBytes, double serverCpuSeconds) {}

    public Plan plan() {
        return plan;
    }

    /** For scenarios with their own steps (version-100k): the tools, the scratch folder and the log. */
    public CofferTool coffer() {
        return coffer;
    }

    public ResticTool restic() {
        return restic;
    }

    /** For scenarios that run ordinary programs (dd, cp, rclone) themselves. */
    public ProcessRunner runner() {
        return runner;
    }

    public Path work() {
        return work;
    }

    public PrintStream log() {
        return log;
    }

    /** Runs Coffer's CLI once, untimed, so one-off first-use work is not timed in a round (see {@link CofferTool#warmUp()}). */
    public void warmUpCoffer() {
        coffer.warmUp();
    }

    /**
     * One first ingest by Coffer alone, on a fresh data folder and a server started with these
     * settings (environment variables): for scenarios that compare Coffer with itself, not with peers.
     */
    public Ingest cofferAlone(DataSet set, Map<String, String> serverSettings) throws IOException {
        Path data = work.resolve("coffer-data");
        try (CofferTool.Session s = coffer.open(data, serverSettings)) {
            double cpuBefore = s.serverCpuSeconds();
            Sample sample = s.copy(set);
            double cpuAfter = s.serverCpuSeconds();
            double cpu = cpuBefore < 0 || cpuAfter < 0 ? -1 : cpuAfter - cpuBefore;
            return new Ingest(sample, s.keptUsageBytes(), cpu);
        } finally {
            Scratch.deleteTree(data);
        }
    }

    public Measurements measure(DataSet set) throws IOException {
        Measurements m = done.get(set.key());
        if (m != null) return m;
        m = new Measurements(set);
        for (int run = 1; run <= plan.runs(); run++) {
            log.printf("  %s data, round %d of %d: coffer", set.key(), run, plan.runs());
            roundCoffer(set, m);
            if (plan.cp(set)) {
                log.print(", cp");
                Path dest = work.resolve("cp-copy");
                m.add(Phase.FIRST, Measurements.CP, cp.copy(set, dest));
                Scratch.deleteTree(dest);
            }
            log.print(", restic");
            roundRestic(set, m);
            log.println();
        }
        done.put(set.key(), m);
        return m;
    }

    private void roundCoffer(DataSet set, Measurements m) throws IOException {
        Path data = work.resolve("coffer-data");
        try (CofferTool.Session s = coffer.open(data)) {
            m.add(Phase.FIRST, Measurements.COFFER, s.copy(set));
            if (plan.again()) m.add(Phase.AGAIN, Measurements.COFFER, s.copy(set));
        } finally {
            Scratch.deleteTree(data);
        }
    }

    private void roundRestic(DataSet set, Measurements m) {
        Path repo = work.resolve("restic-repo");
        try {
            restic.init(repo);
            m.add(Phase.FIRST, Measurements.RESTIC, restic.backup(set, repo));
            if (plan.again()) m.add(Phase.AGAIN, Measurements.RESTIC, restic.backup(set, repo));
        } finally {
            Scratch.deleteTree(repo);
        }
    }
}
