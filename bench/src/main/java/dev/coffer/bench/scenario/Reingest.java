package dev.coffer.bench.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.bench.data.Inputs;
import dev.coffer.bench.report.Json;
import dev.coffer.bench.report.Stats;
import dev.coffer.bench.report.Table;
import dev.coffer.bench.scenario.Measurements.Phase;
import dev.coffer.bench.tool.Sample;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The same copy again to the same destination, right after the first (inside the same round):
 * everything is already stored, so Coffer must send nothing and store nothing new. The peer is
 * restic's second backup of the same data. Both data sets, large and small.
 */
public final class Reingest implements Scenario {
    public static final String NAME = "reingest";
    private static final List<String> TOOLS = List.of(Measurements.COFFER, Measurements.RESTIC);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Report run(Rounds rounds, Inputs inputs) throws IOException {
        return build(List.of(rounds.measure(inputs.large()), rounds.measure(inputs.small())));
    }

    static Report build(List<Measurements> all) {
        ObjectNode json = Json.object();
        json.put("scenario", NAME);
        json.put("runs", all.getFirst().runs());
        ObjectNode sets = json.putObject("sets");
        StringBuilder text = new StringBuilder();
        boolean ok = true;
        for (Measurements m : all) {
            ObjectNode set = sets.putObject(m.set().key());
            set.set("data", IngestReport.data(m.set()));
            Table table = new Table(
                    "tool",
                    "first s",
                    "again median s",
                    "min s",
                    "max s",
                    "again/first",
                    "files/s",
                    "new bytes stored",
                    "chunks sent",
                    "bytes sent");
            ObjectNode tools = set.putObject("tools");
            for (String tool : TOOLS) {
                List<Sample> again = m.get(Phase.AGAIN, tool);
                if (again.isEmpty()) continue;
                Stats sec = Stats.of(again.stream().map(Sample::seconds).toList());
                double first = IngestReport.median(m.get(Phase.FIRST, tool));
                Double toFirst = Stats.ratio(sec.median(), first);
                long newBytes =
                        again.stream().mapToLong(s -> s.added().bytes()).max().orElse(0);
                long newDisk = again.stream()
                        .mapToLong(s -> s.added().allocated())
                        .max()
                        .orElse(0);
                double fps = Stats.perSecond(m.set().files(), sec.median());
                ObjectNode t = tools.putObject(tool);
                t.set("seconds", Json.seconds(sec));
                t.put("firstSeconds", Stats.round(first, 3));
                Json.putRatio(t, "ratioToFirst", toFirst);
                t.put("mbPerSec", Stats.round(Stats.megabytesPerSecond(m.set().bytes(), sec.median()), 1));
                if (m.set().files() > 1) t.put("filesPerSec", Stats.round(fps, 0));
                t.put("newBytesStored", newBytes);
                t.put("newDiskBytes", newDisk);
                String chunksSent = null;
                String bytesSent = null;
                if (tool.equals(Measurements.COFFER)) {
                    long cs = again.stream()
                            .mapToLong(s -> s.coffer().chunksSent())
                            .max()
                            .orElse(0);
                    long bs = again.stream()
                            .mapToLong(s -> s.coffer().bytesSent())
                            .max()
                            .orElse(0);
                    t.put("chunksSent", cs);
                    t.put("bytesSent", bs);
                    t.put(
                            "cliSeconds",
                            Stats.round(
                                    Stats.of(again.stream()
                                                    .map(s -> s.coffer().cliSeconds())
                                                    .toList())
                                            .median(),
                                    3));
                    chunksSent = Long.toString(cs);
                    bytesSent = Long.toString(bs);
                    ok &= cs == 0 && bs == 0;
                }
                table.row(
                        tool,
                        Table.num(first, 2),
                        Table.num(sec.median(), 2),
                        Table.num(sec.min(), 2),
                        Table.num(sec.max(), 2),
                        IngestReport.fmt(toFirst),
                        m.set().files() > 1 ? Table.num(fps, 0) : null,
                        newBytes,
                        chunksSent,
                        bytesSent);
            }
            text.append(String.format(
                    Locale.ROOT,
                    "reingest of the %s data (%s), %d run(s): the same copy again, to the same destination%n",
                    m.set().key(),
                    m.set().description(),
                    m.runs()));
            text.append(table.render());
            List<Sample> c = m.get(Phase.AGAIN, Measurements.COFFER);
            List<Sample> r = m.get(Phase.AGAIN, Measurements.RESTIC);
            if (!c.isEmpty() && !r.isEmpty()) {
                Double time = Stats.ratio(IngestReport.median(c), IngestReport.median(r));
                Json.putRatio(set.putObject("ratios").putObject("coffer/restic"), "time", time);
                text.append(String.format(
                        Locale.ROOT, "coffer vs restic (second backup): %sx the time%n", IngestReport.fmt(time)));
            }
            text.append('\n');
        }
        // The promise under test: a re-ingest transfers nothing. Anything else is a bug, said loudly.
        json.put("nothingSent", ok);
        if (!ok)
            text.append(
                    "WARNING: Coffer sent chunks on a re-ingest of unchanged data (chunksSent/bytesSent should be 0)\n");
        return new Report(text.toString().stripTrailing() + "\n", json);
    }
}
