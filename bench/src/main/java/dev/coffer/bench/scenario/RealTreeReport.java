package dev.coffer.bench.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.bench.process.ServerProcess;
import dev.coffer.bench.report.Json;
import dev.coffer.bench.report.Stats;
import dev.coffer.bench.report.Table;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The table and JSON of real-tree: each step's median time for Coffer and restic and their ratio,
 * the bytes each keeps for the three versions, and whether the speed issue's three targets hold.
 */
final class RealTreeReport {
    /** A new version's push at most half of restic's backup, a pull at most 0.8 of its restore, no more bytes kept. */
    static final double PUSH_NEW_TARGET = 0.5;

    static final double PULL_TARGET = 0.8;
    static final double STORED_TARGET = 1.0;

    /** The timed steps; push v2 and v3 together are the "new version" the push target is about. */
    enum Step {
        PUSH_V1("push v1 (first)", "pushFirst"),
        PUSH_V2("push v2", "pushV2"),
        PUSH_V3("push v3", "pushV3"),
        PULL("pull v3 (restic: restore)", "pull");

        final String label;
        final String key;

        Step(String label, String key) {
            this.label = label;
            this.key = key;
        }
    }

    /** What a push of a version did, from the CLI's JSON (the same in every round: the tree and its changes are seeded). */
    record PushFigures(long filesHashed, long filesUnchanged, long chunksSent, long bytesSent, long newBytes) {}

    /** One version of the tree: its size, and what changed since the version before it. */
    record VersionFacts(int version, long files, long bytes, int changed, int added, int deleted) {}

    /** What the rounds measured; filled in by {@link RealTree}, one entry per round in each list. */
    static final class Results {
        final Map<Step, List<Double>> coffer = new EnumMap<>(Step.class);
        final Map<Step, List<Double>> restic = new EnumMap<>(Step.class);
        final Map<Step, List<Double>> cliSeconds = new EnumMap<>(Step.class);
        final Map<Step, PushFigures> pushes = new EnumMap<>(Step.class);
        final List<Long> cofferBytes = new ArrayList<>();
        final List<Long> cofferContentBytes = new ArrayList<>();
        final List<Long> cofferDatabaseBytes = new ArrayList<>();
        final List<Long> cofferDiskBytes = new ArrayList<>();
        final List<Long> resticBytes = new ArrayList<>();
        final List<Long> resticDiskBytes = new ArrayList<>();
        final List<VersionFacts> versions = new ArrayList<>();
        String description = "";
        int folders;
        int links;
        int maxDepth;
        long pullBytesReceived;
        long serverPeakRss;

        void add(Map<Step, List<Double>> tool, Step step, double seconds) {
            tool.computeIfAbsent(step, k -> new ArrayList<>()).add(seconds);
        }

        /** Push v2 and v3 of every round: a new version's push, the figure the target is about. */
        List<Double> newVersions(Map<Step, List<Double>> tool) {
            List<Double> out = new ArrayList<>(tool.getOrDefault(Step.PUSH_V2, List.of()));
            out.addAll(tool.getOrDefault(Step.PUSH_V3, List.of()));
            return out;
        }
    }

    private RealTreeReport() {}

    static Scenario.Report build(int runs, Results r) {
        ObjectNode json = Json.object();
        json.put("scenario", RealTree.NAME);
        json.put("runs", runs);
        json.set("data", data(r));
        json.put("serverHeap", "-Xmx" + ServerProcess.HEAP);
        Table table = new Table("step", "coffer s", "min s", "max s", "restic s", "coffer/restic", "target", "met");
        ObjectNode steps = json.putObject("steps");
        ObjectNode ratios = json.putObject("ratios").putObject("coffer/restic");
        for (Step step : Step.values()) {
            ObjectNode n = steps.putObject(step.key);
            Double target = step == Step.PULL ? PULL_TARGET : null;
            Double ratio = step(table, step.label, r.coffer.get(step), r.restic.get(step), target, n);
            Json.putRatio(ratios, step.key, ratio);
            List<Double> cli = r.cliSeconds.get(step);
            if (cli != null) n.put("cliSeconds", Stats.round(Stats.of(cli).median(), 3));
            PushFigures p = r.pushes.get(step);
            if (p != null) {
                n.put("filesHashed", p.filesHashed());
                n.put("filesUnchanged", p.filesUnchanged());
                n.put("chunksSent", p.chunksSent());
                n.put("bytesSent", p.bytesSent());
                n.put("newBytes", p.newBytes());
            }
            if (step == Step.PULL) n.put("bytesReceived", r.pullBytesReceived);
            if (step == Step.PUSH_V3) {
                ObjectNode pushNew = steps.putObject("pushNew");
                Double newRatio = step(
                        table,
                        "push v2+v3 (new version)",
                        r.newVersions(r.coffer),
                        r.newVersions(r.restic),
                        PUSH_NEW_TARGET,
                        pushNew);
                Json.putRatio(ratios, "pushNew", newRatio);
            }
        }
        ObjectNode stored = json.putObject("stored");
        long cofferBytes = medianLong(r.cofferBytes);
        long resticBytes = medianLong(r.resticBytes);
        Double storedRatio = Stats.ratio(cofferBytes, resticBytes);
        ObjectNode c = stored.putObject("coffer");
        c.put("bytes", cofferBytes);
        long content = medianLong(r.cofferContentBytes);
        long database = medianLong(r.cofferDatabaseBytes);
        c.put("contentBytes", content);
        c.put("databaseBytes", database);
        c.put("otherBytes", cofferBytes - content - database);
        c.put("diskBytes", medianLong(r.cofferDiskBytes));
        ObjectNode rs = stored.putObject("restic");
        rs.put("bytes", resticBytes);
        rs.put("diskBytes", medianLong(r.resticDiskBytes));
        Json.putRatio(stored, "ratioToRestic", storedRatio);
        stored.put("target", STORED_TARGET);
        boolean storedMet = storedRatio != null && storedRatio <= STORED_TARGET;
        stored.put("met", storedMet);
        Json.putRatio(ratios, "storedBytes", storedRatio);
        json.put("serverPeakRssBytes", r.serverPeakRss);

        boolean pushMet = steps.path("pushNew").path("met").asBoolean(false);
        boolean pullMet = steps.path(Step.PULL.key).path("met").asBoolean(false);
        ObjectNode targets = json.putObject("targets");
        targets.put("pushNewToRestic", PUSH_NEW_TARGET);
        targets.put("pullToRestic", PULL_TARGET);
        targets.put("storedToRestic", STORED_TARGET);
        json.put("targetsMet", pushMet && pullMet && storedMet);

        StringBuilder text = new StringBuilder();
        text.append(String.format(
                Locale.ROOT,
                "real-tree (%s), %d run(s): versions 1-3 pushed, version 3 pulled; restic backup and restore "
                        + "of the same trees in the same rounds; Coffer server -Xmx%s, SQLite + local folder%n",
                r.description,
                runs,
                ServerProcess.HEAP));
        text.append(table.render()).append('\n');
        Table bytes = new Table("kept after 3 versions", "coffer MiB", "restic MiB", "coffer/restic", "target", "met");
        bytes.row(
                "bytes (sum of file sizes)",
                Table.mib(cofferBytes),
                Table.mib(resticBytes),
                IngestReport.fmt(storedRatio),
                "<= " + Table.num(STORED_TARGET, 2),
                storedMet ? "yes" : "NO");
        bytes.row(
                "on disk (du)",
                Table.mib(medianLong(r.cofferDiskBytes)),
                Table.mib(medianLong(r.resticDiskBytes)),
                IngestReport.fmt(Stats.ratio(medianLong(r.cofferDiskBytes), medianLong(r.resticDiskBytes))),
                null,
                null);
        text.append(bytes.render()).append('\n');
        text.append(String.format(
                Locale.ROOT,
                "coffer's data folder with the server stopped: %s MiB of chunks (content/), %s MiB of database "
                        + "(coffer.db*), %s MiB else%n",
                Table.mib(content),
                Table.mib(database),
                Table.mib(cofferBytes - content - database)));
        for (VersionFacts v : r.versions) {
            if (v.version() == 1) continue;
            PushFigures p = r.pushes.get(v.version() == 2 ? Step.PUSH_V2 : Step.PUSH_V3);
            text.append(String.format(
                    Locale.ROOT,
                    "v%d: %d files edited, %d added, %d deleted, every time stamp new; coffer push read %d files, "
                            + "sent %d chunks (%s MiB), stored %s MiB new%n",
                    v.version(),
                    v.changed(),
                    v.added(),
                    v.deleted(),
                    p == null ? 0 : p.filesHashed(),
                    p == null ? 0 : p.chunksSent(),
                    p == null ? "-" : Table.mib(p.bytesSent()),
                    p == null ? "-" : Table.mib(p.newBytes())));
        }
        text.append(String.format(
                Locale.ROOT,
                "targets: a new version's push <= %.1fx restic's backup, pull <= %.1fx restic's restore, "
                        + "bytes kept <= %.1fx restic's repository: %s%n",
                PUSH_NEW_TARGET,
                PULL_TARGET,
                STORED_TARGET,
                json.path("targetsMet").asBoolean() ? "all met" : "NOT all met"));
        return new Scenario.Report(text.toString(), json);
    }

    /** One row of the table and its JSON: medians, spread, the ratio to restic and, when given, the target. */
    private static Double step(
            Table table, String label, List<Double> coffer, List<Double> restic, Double target, ObjectNode n) {
        Stats c = Stats.of(coffer);
        Stats p = restic == null || restic.isEmpty() ? null : Stats.of(restic);
        Double ratio = p == null ? null : Stats.ratio(c.median(), p.median());
        Boolean met = target == null ? null : ratio != null && ratio <= target;
        n.set("seconds", Json.seconds(c));
        if (p != null) n.set("resticSeconds", Json.seconds(p));
        Json.putRatio(n, "ratioToRestic", ratio);
        if (target != null) {
            n.put("target", target);
            n.put("met", met);
        }
        table.row(
                label,
                Table.num(c.median(), 2),
                Table.num(c.min(), 2),
                Table.num(c.max(), 2),
                p == null ? null : Table.num(p.median(), 2),
                IngestReport.fmt(ratio),
                target == null ? null : "<= " + Table.num(target, 2),
                met == null ? null : met ? "yes" : "NO");
        return ratio;
    }

    private static ObjectNode data(Results r) {
        ObjectNode d = Json.object();
        d.put("description", r.description);
        VersionFacts first = r.versions.isEmpty() ? null : r.versions.getFirst();
        d.put("files", first == null ? 0 : first.files());
        d.put("bytes", first == null ? 0 : first.bytes());
        d.put("folders", r.folders);
        d.put("links", r.links);
        d.put("maxDepth", r.maxDepth);
        var versions = d.putArray("versions");
        for (VersionFacts v : r.versions) {
            ObjectNode o = versions.addObject();
            o.put("version", v.version());
            o.put("files", v.files());
            o.put("bytes", v.bytes());
            if (v.version() > 1) {
                o.put("changed", v.changed());
                o.put("added", v.added());
                o.put("deleted", v.deleted());
                o.put("allTimesNew", true);
            }
        }
        return d;
    }

    private static long medianLong(List<Long> values) {
        return values.isEmpty() ? 0 : Math.round(Stats.of(values).median());
    }
}
