package dev.coffer.bench;

import dev.coffer.bench.data.Inputs;
import dev.coffer.bench.data.Scratch;
import dev.coffer.bench.process.ProcessRunner;
import dev.coffer.bench.report.Json;
import dev.coffer.bench.scenario.IngestLarge;
import dev.coffer.bench.scenario.IngestSmall;
import dev.coffer.bench.scenario.Load;
import dev.coffer.bench.scenario.Metering;
import dev.coffer.bench.scenario.MountRead;
import dev.coffer.bench.scenario.MountSmall;
import dev.coffer.bench.scenario.RealTree;
import dev.coffer.bench.scenario.Reingest;
import dev.coffer.bench.scenario.Rounds;
import dev.coffer.bench.scenario.Scenario;
import dev.coffer.bench.scenario.Version100k;
import dev.coffer.bench.tool.CofferTool;
import dev.coffer.bench.tool.CopyTool;
import dev.coffer.bench.tool.RcloneMount;
import dev.coffer.bench.tool.ResticTool;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Measures Coffer's ingest against {@code cp}+{@code sync} and {@code restic} on this machine,
 * and Coffer alone where it has no peer (metering, load).
 * Progress goes to stderr; stdout holds only the reports, each ending in its JSON line, so
 * {@code bench/run | grep '^{'} collects the machine-readable results.
 */
public final class BenchMain {
    private static final Map<String, Scenario> SCENARIOS = Map.of(
            IngestLarge.NAME,
            new IngestLarge(),
            IngestSmall.NAME,
            new IngestSmall(),
            Reingest.NAME,
            new Reingest(),
            Metering.NAME,
            new Metering(),
            Version100k.NAME,
            new Version100k(),
            RealTree.NAME,
            new RealTree(),
            MountRead.NAME,
            new MountRead(),
            MountSmall.NAME,
            new MountSmall(),
            Load.NAME,
            new Load());

    private BenchMain() {}

    public static void main(String[] args) {
        BenchOptions options;
        try {
            if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
                System.out.print(BenchOptions.USAGE);
                return;
            }
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            run(options);
        } catch (BenchException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            System.err.println("bench: failed");
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(BenchOptions o) throws Exception {
        PrintStream log = System.err;
        Path jar = o.jar().toAbsolutePath();
        if (!Files.isRegularFile(jar))
            throw new BenchException("no Coffer jar at " + jar + " (build it: ./mvnw -q -B -DskipTests install)");
        // The same JDK that runs the benchmark runs Coffer: bench/run picked a JDK 25 for both.
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        boolean ownWork = o.work() == null;
        Path work = ownWork ? Files.createTempDirectory("coffer-bench.") : Files.createDirectories(o.work());
        try {
            ProcessRunner runner = new ProcessRunner(work.resolve("logs"));
            String token = HexFormat.of().formatHex(SecureRandom.getSeed(16));
            CofferTool coffer =
                    new CofferTool(runner, java, jar, Files.createDirectories(work.resolve("config")), token);
            ResticTool restic = new ResticTool(runner, work.resolve("restic-cache"));
            Rounds.Plan plan = new Rounds.Plan(
                    o.runs(),
                    o.scenarios().contains(Reingest.NAME),
                    o.scenarios().contains(IngestLarge.NAME),
                    o.scenarios().contains(IngestSmall.NAME),
                    o.loadSeconds(),
                    o.loadInstances());
            Rounds rounds = new Rounds(plan, work, coffer, new CopyTool(runner), restic, runner, log);
            Inputs inputs = new Inputs(work.resolve("input"), o.largeBytes(), o.smallFiles(), o.realTreeFiles(), log);
            // Only the scenarios with peers run restic; the others must not need it installed.
            List<String> peers = new ArrayList<>();
            if (o.needsPeers()) peers.add(restic.version().lines().findFirst().orElse("restic"));
            if (o.needsRclone()) peers.add(RcloneMount.version(runner));
            String peer = peers.isEmpty() ? "no peers" : String.join("; ", peers);
            log.printf(
                    "bench: %s; %s; %d cores; scratch %s%n",
                    jar.getFileName(), peer, Runtime.getRuntime().availableProcessors(), work);
            for (String name : o.scenarios()) {
                log.printf("bench: %s%n", name);
                Scenario.Report report = SCENARIOS.get(name).run(rounds, inputs);
                System.out.println();
                System.out.print(report.table());
                System.out.println(Json.line(report.json()));
                System.out.flush();
            }
        } finally {
            // bench/run removes its own folder; one made here is removed here.
            if (ownWork) Scratch.deleteTree(work);
        }
    }
}
