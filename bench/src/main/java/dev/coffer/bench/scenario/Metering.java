package dev.coffer.bench.scenario;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.bench.data.DataSet;
import dev.coffer.bench.data.Inputs;
import dev.coffer.bench.process.ServerProcess;
import dev.coffer.bench.report.Json;
import dev.coffer.bench.report.Stats;
import dev.coffer.bench.report.Table;
import dev.coffer.bench.tool.Sample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cost of exact usage accounting: the small-files ingest with the server's {@code metering}
 * setting on (the default) and off ({@code COFFER_METERING=false}), each round on fresh data
 * folders. Which variant goes first alternates from round to round, so a slow stretch of this
 * shared machine, or a drift across the rounds, falls on both. The promise under test: with
 * metering on, the ingest takes at most 5% longer than with it off.
 */
public final class Metering implements Scenario {
    public static final String NAME = "metering";
    /** On over off, medians: the most the accounting may cost. */
    static final double LIMIT = 1.05;
    /** The most (max - min) / median of either variant's rounds may be for the wall-time verdict to mean anything: ±5%. */
    static final double CONCLUSIVE_SPREAD = 0.10;

    static final String ON = "on";
    static final String OFF = "off";
    private static final Map<String, String> ON_SETTINGS = Map.of();
    private static final Map<String, String> OFF_SETTINGS = Map.of("COFFER_METERING", "false");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Report run(Rounds rounds, Inputs inputs) throws IOException {
        DataSet set = inputs.small();
        List<Rounds.Ingest> on = new ArrayList<>();
        List<Rounds.Ingest> off = new ArrayList<>();
        int runs = rounds.plan().runs();
        // Otherwise the first variant of round 1 alone could pay the launcher's first-use work.
        rounds.warmUpCoffer();
        for (int run = 1; run <= runs; run++) {
            boolean onFirst = run % 2 == 1;
            rounds.log()
                    .printf(
                            "  %s data, round %d of %d: %s%n",
                            set.key(), run, runs, onFirst ? "metering on, metering off" : "metering off, metering on");
            if (onFirst) {
                on.add(rounds.cofferAlone(set, ON_SETTINGS));
                off.add(rounds.cofferAlone(set, OFF_SETTINGS));
            } else {
                off.add(rounds.cofferAlone(set, OFF_SETTINGS));
                on.add(rounds.cofferAlone(set, ON_SETTINGS));
            }
        }
        return build(set, on, off);
    }

    /** The report of paired rounds: {@code on.get(i)} and {@code off.get(i)} ran in the same round. */
    static Report build(DataSet set, List<Rounds.Ingest> on, List<Rounds.Ingest> off) {
        ObjectNode json = Json.object();
        json.put("scenario", NAME);
        json.put("runs", on.size());
        json.set("data", IngestReport.data(set));
        json.put("serverHeap", "-Xmx" + ServerProcess.HEAP);
        ObjectNode variants = json.putObject("variants");
        Table table = new Table(
                "coffer", "median s", "min s", "max s", "files/s", "MB/s", "cli s", "server CPU s", "kept usage MiB");
        variant(table, variants, ON, "metering: true (the default)", set, on);
        variant(table, variants, OFF, "COFFER_METERING=false", set, off);

        Double ratio = Stats.ratio(IngestReport.median(samples(on)), IngestReport.median(samples(off)));
        boolean within = ratio != null && ratio <= LIMIT;
        Json.putRatio(json, "ratioOnToOff", ratio);
        json.put("withinFivePercent", within);
        // On a busy shared machine the rounds can disagree by far more than the 5% under test; say so.
        double spread = Math.max(
                Stats.of(samples(on).stream().map(Sample::seconds).toList()).spread(),
                Stats.of(samples(off).stream().map(Sample::seconds).toList()).spread());
        boolean conclusive = spread <= CONCLUSIVE_SPREAD;
        json.put("conclusive", conclusive);
        Double cpuRatio = cpuRatio(on, off);
        Json.putRatio(json, "serverCpuRatioOnToOff", cpuRatio);
        ArrayNode perRound = json.putArray("roundRatiosOnToOff");
        List<String> perRoundText = new ArrayList<>();
        for (int i = 0; i < Math.min(on.size(), off.size()); i++) {
            Double r = Stats.ratio(
                    on.get(i).sample().seconds(), off.get(i).sample().seconds());
            if (r == null) perRound.addNull();
            else perRound.add(Stats.round(r, 3));
            perRoundText.add(IngestReport.fmt(r));
        }
        // Guards the comparison itself: "off" must really have kept no usage, "on" must have kept some.
        boolean tookHold = on.stream().allMatch(i -> i.keptUsageBytes() > 0)
                && off.stream().allMatch(i -> i.keptUsageBytes() == 0);
        json.put("settingTookHold", tookHold);

        StringBuilder text = new StringBuilder();
        text.append(String.format(
                Locale.ROOT,
                "%s: %s, %d round(s); Coffer server -Xmx%s, SQLite + local folder, fresh data folder per run%n",
                NAME,
                set.description(),
                on.size(),
                ServerProcess.HEAP));
        text.append(
                "(metering on = the default; off = COFFER_METERING=false; the first of the two alternates by round; "
                        + "time = the whole coffer cp command, JVM start included)\n");
        text.append(table.render());
        text.append(String.format(
                Locale.ROOT,
                "metering on / off, medians: %sx (%s 5%%: %s); by round: %s%n",
                IngestReport.fmt(ratio),
                within ? "within" : "NOT within",
                within ? "yes" : "no",
                String.join(", ", perRoundText)));
        text.append(String.format(
                Locale.ROOT,
                "server CPU time on / off, medians: %sx (the work itself; other load on the machine barely moves it)%n",
                IngestReport.fmt(cpuRatio)));
        if (!conclusive) {
            text.append(String.format(
                    Locale.ROOT,
                    "NOTE: not conclusive: the rounds of a variant disagree by up to %.0f%% (more than %.0f%%), "
                            + "too much to resolve 5%%; run again on a quieter machine, or with more rounds%n",
                    spread * 100,
                    CONCLUSIVE_SPREAD * 100));
        }
        if (!tookHold) {
            text.append(
                    "WARNING: the setting did not take hold (usage kept with metering off, or none kept with it on); the comparison means nothing\n");
        }
        return new Report(text.toString(), json);
    }

    private static void variant(
            Table table, ObjectNode variants, String key, String setting, DataSet set, List<Rounds.Ingest> runs) {
        if (runs.isEmpty()) return;
        List<Sample> samples = samples(runs);
        Stats sec = Stats.of(samples.stream().map(Sample::seconds).toList());
        double fps = Stats.perSecond(set.files(), sec.median());
        double mbps = Stats.megabytesPerSecond(set.bytes(), sec.median());
        double cli = Stats.of(samples.stream().map(s -> s.coffer().cliSeconds()).toList())
                .median();
        long kept = IngestReport.medianLong(
                runs.stream().map(Rounds.Ingest::keptUsageBytes).toList());
        Stats cpu = serverCpu(runs);
        table.row(
                "metering " + key,
                Table.num(sec.median(), 2),
                Table.num(sec.min(), 2),
                Table.num(sec.max(), 2),
                Table.num(fps, 0),
                Table.num(mbps, 1),
                Table.num(cli, 2),
                cpu == null ? null : Table.num(cpu.median(), 2),
                Table.mib(kept));
        ObjectNode v = variants.putObject(key);
        v.put("setting", setting);
        v.set("seconds", Json.seconds(sec));
        v.put("spread", Stats.round(sec.spread(), 3));
        v.put("filesPerSec", Stats.round(fps, 0));
        v.put("mbPerSec", Stats.round(mbps, 1));
        v.put("cliSeconds", Stats.round(cli, 3));
        if (cpu != null) v.set("serverCpuSeconds", Json.seconds(cpu));
        v.put("keptUsageBytes", kept);
    }

    /** The server's CPU seconds over the rounds, or null when any round could not tell. */
    private static Stats serverCpu(List<Rounds.Ingest> runs) {
        if (runs.isEmpty() || runs.stream().anyMatch(i -> i.serverCpuSeconds() < 0)) return null;
        return Stats.of(runs.stream().map(Rounds.Ingest::serverCpuSeconds).toList());
    }

    private static Double cpuRatio(List<Rounds.Ingest> on, List<Rounds.Ingest> off) {
        Stats a = serverCpu(on);
        Stats b = serverCpu(off);
        return a == null || b == null ? null : Stats.ratio(a.median(), b.median());
    }

    private static List<Sample> samples(List<Rounds.Ingest> runs) {
        return runs.stream().map(Rounds.Ingest::sample).toList();
    }
}
