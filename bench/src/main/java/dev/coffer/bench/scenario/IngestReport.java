package dev.coffer.bench.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.bench.data.DataSet;
import dev.coffer.bench.process.ServerProcess;
import dev.coffer.bench.report.Json;
import dev.coffer.bench.report.Stats;
import dev.coffer.bench.report.Table;
import dev.coffer.bench.scenario.Measurements.Phase;
import dev.coffer.bench.tool.Sample;
import java.util.List;
import java.util.Locale;

/** The table and JSON of a first ingest: every tool's time, rate and footprint, and Coffer's ratios to each peer. */
final class IngestReport {
    static final List<String> TOOLS = List.of(Measurements.COFFER, Measurements.CP, Measurements.RESTIC);

    private IngestReport() {}

    static Scenario.Report build(String scenario, Measurements m) {
        DataSet set = m.set();
        boolean perFile = set.files() > 1;
        Table table = new Table(
                "tool", "median s", "min s", "max s", "MB/s", "files/s", "stored MiB", "on disk MiB", "sync after s");
        ObjectNode json = Json.object();
        json.put("scenario", scenario);
        json.put("runs", m.runs());
        json.set("data", data(set));
        json.put("serverHeap", "-Xmx" + ServerProcess.HEAP);
        ObjectNode tools = json.putObject("tools");
        for (String tool : TOOLS) {
            List<Sample> samples = m.get(Phase.FIRST, tool);
            if (samples.isEmpty()) continue;
            Stats sec = Stats.of(samples.stream().map(Sample::seconds).toList());
            long stored =
                    medianLong(samples.stream().map(s -> s.stored().bytes()).toList());
            long disk =
                    medianLong(samples.stream().map(s -> s.stored().allocated()).toList());
            double syncAfter =
                    Stats.of(samples.stream().map(Sample::syncAfter).toList()).median();
            double mbps = Stats.megabytesPerSecond(set.bytes(), sec.median());
            double fps = Stats.perSecond(set.files(), sec.median());
            table.row(
                    tool,
                    Table.num(sec.median(), 2),
                    Table.num(sec.min(), 2),
                    Table.num(sec.max(), 2),
                    Table.num(mbps, 1),
                    perFile ? Table.num(fps, 0) : null,
                    Table.mib(stored),
                    Table.mib(disk),
                    Table.num(syncAfter, 2));
            ObjectNode t = tools.putObject(tool);
            t.set("seconds", Json.seconds(sec));
            t.put("spread", Stats.round(sec.spread(), 3));
            t.put("mbPerSec", Stats.round(mbps, 1));
            if (perFile) t.put("filesPerSec", Stats.round(fps, 0));
            t.put("bytesStored", stored);
            t.put("diskBytes", disk);
            t.put("syncAfterSeconds", Stats.round(syncAfter, 3));
            if (tool.equals(Measurements.COFFER)) cofferExtras(t, samples);
        }
        StringBuilder text = new StringBuilder();
        text.append(String.format(
                Locale.ROOT,
                "%s: %s, %d run(s); Coffer server -Xmx%s, SQLite + local folder%n",
                scenario,
                set.description(),
                m.runs(),
                ServerProcess.HEAP));
        text.append(
                "(input in the page cache for all tools alike; sync before every timed command; Coffer time = the whole cp command, JVM start included)\n");
        text.append(table.render());
        ObjectNode ratios = json.putObject("ratios");
        List<Sample> cofferSamples = m.get(Phase.FIRST, Measurements.COFFER);
        for (String peer : List.of(Measurements.CP, Measurements.RESTIC)) {
            List<Sample> peerSamples = m.get(Phase.FIRST, peer);
            if (cofferSamples.isEmpty() || peerSamples.isEmpty()) continue;
            ObjectNode r = ratios.putObject("coffer/" + peer);
            Double time = Stats.ratio(median(cofferSamples), median(peerSamples));
            Double stored = Stats.ratio(
                    medianLong(
                            cofferSamples.stream().map(s -> s.stored().bytes()).toList()),
                    medianLong(peerSamples.stream().map(s -> s.stored().bytes()).toList()));
            Json.putRatio(r, "time", time);
            Json.putRatio(r, "bytesStored", stored);
            text.append(String.format(
                    Locale.ROOT, "coffer vs %s: %sx the time, %sx the bytes stored%n", peer, fmt(time), fmt(stored)));
        }
        if (!cofferSamples.isEmpty()) {
            ObjectNode c = (ObjectNode) tools.get(Measurements.COFFER);
            text.append(String.format(
                    Locale.ROOT,
                    "coffer: the CLI's own time (no JVM start) median %.2f s; server peak RSS %s MiB%n",
                    c.path("cliSeconds").asDouble(),
                    c.has("serverPeakRssBytes")
                            ? Table.mib(c.get("serverPeakRssBytes").asLong())
                            : "?"));
        }
        return new Scenario.Report(text.toString(), json);
    }

    static ObjectNode data(DataSet set) {
        ObjectNode d = Json.object();
        d.put("description", set.description());
        d.put("files", set.files());
        d.put("bytes", set.bytes());
        return d;
    }

    private static void cofferExtras(ObjectNode t, List<Sample> samples) {
        t.put(
                "cliSeconds",
                Stats.round(
                        Stats.of(samples.stream()
                                        .map(s -> s.coffer().cliSeconds())
                                        .toList())
                                .median(),
                        3));
        t.put(
                "chunks",
                medianLong(samples.stream().map(s -> s.coffer().chunks()).toList()));
        long rss = samples.stream()
                .mapToLong(s -> s.coffer().serverPeakRss())
                .max()
                .orElse(-1);
        if (rss > 0) t.put("serverPeakRssBytes", rss);
    }

    static double median(List<Sample> samples) {
        return Stats.of(samples.stream().map(Sample::seconds).toList()).median();
    }

    static long medianLong(List<Long> values) {
        return Math.round(Stats.of(values).median());
    }

    static String fmt(Double ratio) {
        return ratio == null ? "-" : String.format(Locale.ROOT, "%.2f", ratio);
    }
}
