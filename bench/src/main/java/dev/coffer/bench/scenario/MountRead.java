package dev.coffer.bench.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.bench.data.DataSet;
import dev.coffer.bench.data.Inputs;
import dev.coffer.bench.data.Scratch;
import dev.coffer.bench.process.ProcessRunner;
import dev.coffer.bench.report.Json;
import dev.coffer.bench.report.Stats;
import dev.coffer.bench.report.Table;
import dev.coffer.bench.tool.CofferMount;
import dev.coffer.bench.tool.CofferTool;
import dev.coffer.bench.tool.Fuse;
import dev.coffer.bench.tool.RcloneMount;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A sequential read of the large input (2 GiB by default) with {@code dd bs=1M}: once cold (page
 * cache dropped, fresh mount, empty chunk cache) and once warm (right after), through {@code coffer
 * mount} (the file in the team's storage), from the local disk directly, and through {@code rclone
 * mount} of the local folder holding it. Every read through a mount is checked byte for byte.
 */
public final class MountRead implements Scenario {
    public static final String NAME = "mount-read";
    static final double WARM_TO_DIRECT_TARGET = 0.70;
    static final double WARM_TO_RCLONE_TARGET = 3.0;
    private static final String DIRECT = "direct";
    private static final String COFFER = "coffer";
    private static final String RCLONE = "rclone";
    private static final List<String> READERS = List.of(DIRECT, COFFER, RCLONE);

    @Override
    public String name() {
        return NAME;
    }

    /** Seconds per reader, cold and warm, over the rounds. */
    private static final class Samples {
        final Timings cold;
        final Timings warm;
        boolean cacheDropped = true;
        long mountPeakRss;

        Samples(Rounds rounds) {
            cold = new Timings(rounds.log());
            warm = new Timings(rounds.log());
        }
    }

    @Override
    public Report run(Rounds rounds, Inputs inputs) throws IOException {
        DataSet set = inputs.large();
        Samples s = new Samples(rounds);
        int runs = rounds.plan().runs();
        for (int run = 1; run <= runs; run++) {
            rounds.log().printf("  large data, round %d of %d:", run, runs);
            roundCoffer(rounds, set, s);
            roundDirect(rounds, set, s);
            roundRclone(rounds, set, s);
            rounds.log().println();
        }
        return report(set, runs, s);
    }

    private void roundCoffer(Rounds rounds, DataSet set, Samples s) throws IOException {
        ProcessRunner runner = rounds.runner();
        Path work = rounds.work();
        Path data = work.resolve("coffer-data");
        Path cache = work.resolve("mount-cache");
        try (CofferTool.Session c = rounds.coffer().open(data)) {
            c.run(
                    "coffer-cp",
                    c.adminToken(),
                    "cp",
                    set.path().toString(),
                    "storage:" + set.path().getFileName());
            String notebook = c.notebookToken("bench");
            try (CofferMount m = CofferMount.start(c, notebook, work.resolve("mnt"), cache)) {
                Path file = m.path().resolve("storage").resolve(set.path().getFileName());
                rounds.log().print(" coffer mount");
                readColdThenWarm(rounds, s, COFFER, file);
                Fuse.sameBytes(runner, set.path(), file);
                s.mountPeakRss = Math.max(s.mountPeakRss, m.peakRssBytes());
            }
        } finally {
            Scratch.deleteTree(data);
            Scratch.deleteTree(cache);
        }
    }

    private void roundDirect(Rounds rounds, DataSet set, Samples s) {
        rounds.log().print("; direct");
        readColdThenWarm(rounds, s, DIRECT, set.path());
    }

    private void roundRclone(Rounds rounds, DataSet set, Samples s) throws IOException {
        ProcessRunner runner = rounds.runner();
        Path work = rounds.work();
        try (RcloneMount r = RcloneMount.start(runner, set.path().getParent(), work.resolve("mnt"), work)) {
            Path file = r.path().resolve(set.path().getFileName());
            rounds.log().print("; rclone mount");
            readColdThenWarm(rounds, s, RCLONE, file);
            Fuse.sameBytes(runner, set.path(), file);
        }
    }

    /** The same for every reader: the page cache dropped, a timed read (cold), a second one (warm). */
    private static void readColdThenWarm(Rounds rounds, Samples s, String reader, Path file) {
        ProcessRunner runner = rounds.runner();
        rounds.log().print(" cold");
        s.cacheDropped &= Fuse.dropCaches(runner);
        s.cold.add(reader, Fuse.read(runner, reader + "-read-cold", file));
        rounds.log().print(", warm");
        s.warm.add(reader, Fuse.read(runner, reader + "-read-warm", file));
    }

    private static Report report(DataSet set, int runs, Samples s) {
        ObjectNode json = Json.object();
        json.put("scenario", NAME);
        json.put("runs", runs);
        json.set("data", IngestReport.data(set));
        json.put("pageCacheDropped", s.cacheDropped);
        Table table = new Table("reader", "cold s", "cold MB/s", "warm s", "warm MB/s", "warm min..max s");
        ObjectNode readers = json.putObject("readers");
        Map<String, Stats> cold = new LinkedHashMap<>();
        Map<String, Stats> warm = new LinkedHashMap<>();
        for (String reader : READERS) {
            Stats c = s.cold.of(reader);
            Stats w = s.warm.of(reader);
            cold.put(reader, c);
            warm.put(reader, w);
            ObjectNode n = readers.putObject(reader);
            n.set("coldSeconds", Json.seconds(c));
            n.put("coldMBps", Stats.round(Stats.megabytesPerSecond(set.bytes(), c.median()), 1));
            n.set("warmSeconds", Json.seconds(w));
            n.put("warmMBps", Stats.round(Stats.megabytesPerSecond(set.bytes(), w.median()), 1));
            table.row(
                    label(reader),
                    Table.num(c.median(), 2),
                    Table.num(Stats.megabytesPerSecond(set.bytes(), c.median()), 0),
                    Table.num(w.median(), 2),
                    Table.num(Stats.megabytesPerSecond(set.bytes(), w.median()), 0),
                    Table.num(w.min(), 2) + ".." + Table.num(w.max(), 2));
        }
        json.put("mountPeakRssBytes", s.mountPeakRss);
        // Throughput ratios: how many times the other reader's time Coffer's is (above 1 is faster).
        Double warmToDirect =
                Stats.ratio(warm.get(DIRECT).median(), warm.get(COFFER).median());
        Double warmToRclone =
                Stats.ratio(warm.get(RCLONE).median(), warm.get(COFFER).median());
        Double coldToDirect =
                Stats.ratio(cold.get(DIRECT).median(), cold.get(COFFER).median());
        Double coldToRclone =
                Stats.ratio(cold.get(RCLONE).median(), cold.get(COFFER).median());
        Json.putRatio(json, "warmToDirect", warmToDirect);
        Json.putRatio(json, "warmToRclone", warmToRclone);
        Json.putRatio(json, "coldToDirect", coldToDirect);
        Json.putRatio(json, "coldToRclone", coldToRclone);
        boolean directMet = warmToDirect != null && warmToDirect >= WARM_TO_DIRECT_TARGET;
        boolean rcloneMet = warmToRclone != null && warmToRclone >= WARM_TO_RCLONE_TARGET;
        ObjectNode targets = json.putObject("targets");
        targets.put("warmToDirect", WARM_TO_DIRECT_TARGET);
        targets.put("warmToRclone", WARM_TO_RCLONE_TARGET);
        json.put("targetsMet", directMet && rcloneMet);

        StringBuilder text = new StringBuilder();
        text.append(String.format(
                Locale.ROOT,
                "mount-read (%s), %d run(s): dd bs=1M of the whole file, cold then warm%s%n",
                set.description(),
                runs,
                s.cacheDropped ? "" : " (NOT root: the page cache could not be dropped, so cold is warm)"));
        text.append(table.render());
        text.append(String.format(
                Locale.ROOT,
                "coffer mount warm throughput: %s of the direct read (target >= %.2f: %s), %s times rclone mount's"
                        + " (target >= %.0f: %s); cold: %s of direct, %s times rclone%n",
                IngestReport.fmt(warmToDirect),
                WARM_TO_DIRECT_TARGET,
                directMet ? "met" : "NOT met",
                IngestReport.fmt(warmToRclone),
                WARM_TO_RCLONE_TARGET,
                rcloneMet ? "met" : "NOT met",
                IngestReport.fmt(coldToDirect),
                IngestReport.fmt(coldToRclone)));
        return new Report(text.toString(), json);
    }

    private static String label(String reader) {
        return switch (reader) {
            case DIRECT -> "direct (local disk)";
            case COFFER -> "coffer mount";
            default -> "rclone mount (local folder)";
        };
    }
}
