package dev.coffer.bench.scenario;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.bench.BenchException;
import dev.coffer.bench.data.Inputs;
import dev.coffer.bench.data.Scratch;
import dev.coffer.bench.load.LoadTest;
import dev.coffer.bench.load.Reader;
import dev.coffer.bench.load.RequestKind;
import dev.coffer.bench.load.SeedSet;
import dev.coffer.bench.load.Tally;
import dev.coffer.bench.process.ServerProcess;
import dev.coffer.bench.process.SharedBackend;
import dev.coffer.bench.report.Json;
import dev.coffer.bench.report.Stats;
import dev.coffer.bench.report.Table;
import dev.coffer.bench.tool.CofferTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A server under many clients at once, as a team would use it: {@value LoadTest#READERS} readers
 * downloading, listing and describing seeded files while {@value LoadTest#UPLOADERS} uploaders
 * add files of 256 KiB to 4 MiB, each client with its own API token, for {@code --load-seconds}
 * (60 by default) on a fresh server with embedded defaults and {@code -Xmx256m} (or, with
 * {@code --instances N}, on N such servers sharing one PostgreSQL and one bucket). It reports the
 * throughput and latency of each kind of request, the server's CPU and memory, and fails when
 * any request failed or any acknowledged upload does not read back identical. One run per
 * invocation: {@code --runs} does not apply (a minute of load is tens of thousands of samples;
 * the spread to watch is between invocations).
 */
public final class Load implements Scenario {
    public static final String NAME = "load";
    public static final int DEFAULT_SECONDS = 60;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Report run(Rounds rounds, Inputs inputs) throws IOException {
        Double loadAverage = loadAverage();
        int instances = rounds.plan().loadInstances();
        LoadTest.Result result;
        try {
            result = instances == 1 ? onOneServer(rounds) : onSharedBackend(rounds, instances);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted during the load test", e);
        }
        Report report = build(result, loadAverage, instances);
        List<String> problems = problems(result);
        if (!problems.isEmpty()) {
            // The figures still say how the server behaved up to the failure: show them before stopping.
            rounds.log().print(report.table());
            rounds.log().println(Json.line(report.json()));
            throw new BenchException("load: " + String.join("; ", problems));
        }
        return report;
    }

    private static LoadTest.Result onOneServer(Rounds rounds) throws IOException, InterruptedException {
        Path data = rounds.work().resolve("coffer-data");
        try (CofferTool.Session s = rounds.coffer().open(data)) {
            LoadTest.ServerGauges gauges = new LoadTest.ServerGauges(s::serverCpuSeconds, s::serverPeakRssBytes);
            return LoadTest.run(
                    List.of(s.serverUrl()), s.adminToken(), rounds.plan().loadSeconds(), gauges, rounds.log());
        } finally {
            Scratch.deleteTree(data);
        }
    }

    /** {@code instances} servers on one PostgreSQL and one S3Proxy bucket, as behind a load balancer. */
    private static LoadTest.Result onSharedBackend(Rounds rounds, int instances)
            throws IOException, InterruptedException {
        try (SharedBackend backend = SharedBackend.start(rounds.work().resolve("shared-backend"), rounds.log())) {
            List<CofferTool.Session> servers = new ArrayList<>();
            try {
                for (int i = 0; i < instances; i++) {
                    servers.add(
                            rounds.coffer().open(rounds.work().resolve("coffer-data-" + i), backend.serverSettings()));
                }
                LoadTest.ServerGauges gauges = new LoadTest.ServerGauges(
                        () -> servers.stream()
                                .mapToDouble(CofferTool.Session::serverCpuSeconds)
                                .reduce(0, (a, b) -> a < 0 || b < 0 ? -1 : a + b),
                        () -> servers.stream()
                                .mapToLong(CofferTool.Session::serverPeakRssBytes)
                                .max()
                                .orElse(-1));
                List<String> urls =
                        servers.stream().map(CofferTool.Session::serverUrl).toList();
                return LoadTest.run(
                        urls, servers.getFirst().adminToken(), rounds.plan().loadSeconds(), gauges, rounds.log());
            } finally {
                for (CofferTool.Session s : servers) s.close();
                for (int i = 0; i < instances; i++)
                    Scratch.deleteTree(rounds.work().resolve("coffer-data-" + i));
            }
        }
    }

    /** Why the run does not count: failed requests, or uploads that did not read back as sent. Empty when it counts. */
    static List<String> problems(LoadTest.Result r) {
        List<String> out = new ArrayList<>();
        long errors = r.tally().errors();
        if (errors > 0)
            out.add(errors + " request(s) failed, first: "
                    + String.join(" | ", r.tally().errorSamples()));
        if (!r.readBack().wrong().isEmpty()) {
            out.add(r.readBack().wrong().size() + " of " + r.readBack().checked()
                    + " acknowledged upload(s) read back wrong, first: "
                    + r.readBack().wrong().getFirst());
        }
        return out;
    }

    static Report build(LoadTest.Result r, Double loadAverage, int instances) {
        double seconds = r.seconds();
        ObjectNode json = Json.object();
        json.put("scenario", NAME);
        json.put("seconds", r.plannedSeconds());
        json.put("measuredSeconds", Stats.round(seconds, 3));
        json.put("instances", instances);
        json.put("backend", instances == 1 ? "sqlite+folder" : "postgresql+s3proxy");
        ObjectNode clients = json.putObject("clients");
        clients.put("readers", r.readers());
        clients.put("uploaders", r.uploaders());
        ObjectNode mix = clients.putObject("readerMix");
        mix.put("read", Reader.READ_SHARE);
        mix.put("list", Reader.LIST_SHARE);
        mix.put("stat", Stats.round(Reader.STAT_SHARE, 3));
        ObjectNode seed = json.putObject("seed");
        seed.put("files", r.seedFiles());
        seed.put("bytes", r.seedBytes());
        seed.put("folders", r.seedFolders());

        Table table = new Table("kind", "requests", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors", "429s");
        ObjectNode kinds = Json.object();
        long requests = 0;
        for (RequestKind kind : RequestKind.values()) {
            Tally.KindFigures f = r.tally().figures(kind, seconds);
            requests += f.count();
            table.row(
                    kind.key(),
                    f.count(),
                    Table.num(f.perSecond(), 1),
                    Table.num(f.p50Ms(), 1),
                    Table.num(f.p90Ms(), 1),
                    Table.num(f.p99Ms(), 1),
                    Table.num(f.maxMs(), 1),
                    f.errors(),
                    f.refused429());
            ObjectNode k = kinds.putObject(kind.key());
            k.put("count", f.count());
            k.put("requestsPerSecond", Stats.round(f.perSecond(), 1));
            k.put("p50Ms", Stats.round(f.p50Ms(), 2));
            k.put("p90Ms", Stats.round(f.p90Ms(), 2));
            k.put("p99Ms", Stats.round(f.p99Ms(), 2));
            k.put("maxMs", Stats.round(f.maxMs(), 2));
            k.put("errors", f.errors());
            k.put("refused429", f.refused429());
        }
        long errors = r.tally().errors();
        long refused = r.tally().refused429();
        double perSecond = Stats.perSecond(requests, seconds);
        table.row("all", requests, Table.num(perSecond, 1), null, null, null, null, errors, refused);
        json.put("requests", requests);
        json.put("requestsPerSecond", Stats.round(perSecond, 1));
        json.set("kinds", kinds);
        json.put("errors", errors);
        json.put("refused429", refused);
        double upMBps = Stats.megabytesPerSecond(r.tally().uploadedBytes(), seconds);
        double downMBps = Stats.megabytesPerSecond(r.tally().downloadedBytes(), seconds);
        json.put("uploadedBytes", r.tally().uploadedBytes());
        json.put("downloadedBytes", r.tally().downloadedBytes());
        json.put("uploadedMBps", Stats.round(upMBps, 1));
        json.put("downloadedMBps", Stats.round(downMBps, 1));
        json.put("serverHeap", "-Xmx" + ServerProcess.HEAP);
        json.put("serverPeakRssBytes", r.serverPeakRssBytes());
        json.put("serverCpuSeconds", Stats.round(r.serverCpuSeconds(), 2));
        json.put("generatorCpuSeconds", Stats.round(r.generatorCpuSeconds(), 2));
        if (loadAverage == null) json.putNull("loadAverageAtStart");
        else json.put("loadAverageAtStart", loadAverage);
        ObjectNode readBack = json.putObject("uploadsReadBack");
        readBack.put("checked", r.readBack().checked());
        readBack.put("wrong", r.readBack().wrong().size());
        readBack.put("seconds", Stats.round(r.readBack().seconds(), 2));
        ArrayNode samples = json.putArray("errorSamples");
        r.tally().errorSamples().forEach(samples::add);

        StringBuilder text = new StringBuilder();
        text.append(String.format(
                Locale.ROOT,
                "%s: %d readers (%.0f%% read, %.0f%% list, %.0f%% stat) and %d uploaders (256 KiB-4 MiB), each with its"
                        + " own token, for %.1f s; %s; one run (--runs does not apply)%n",
                NAME,
                r.readers(),
                Reader.READ_SHARE * 100,
                Reader.LIST_SHARE * 100,
                Reader.STAT_SHARE * 100,
                r.uploaders(),
                seconds,
                instances == 1
                        ? "a fresh server -Xmx" + ServerProcess.HEAP + ", SQLite + local folder"
                        : instances + " fresh servers -Xmx" + ServerProcess.HEAP
                                + " each on one PostgreSQL and one S3Proxy bucket (S3Proxy runs in the load"
                                + " generator's process), each client alternating between them"));
        text.append(String.format(
                Locale.ROOT,
                "seeded: %d files in %d folders, %s MiB (%d small of 4-64 KiB and one of 1 MiB per folder); load"
                        + " average at start: %s%n",
                r.seedFiles(),
                r.seedFolders(),
                Table.mib(r.seedBytes()),
                SeedSet.SMALL_PER_FOLDER,
                loadAverage == null ? "unknown" : Table.num(loadAverage, 2)));
        text.append("(latency: from sending a request to its answer's last byte, successful requests only)\n");
        text.append(table.render());
        text.append(String.format(
                Locale.ROOT,
                "uploaded %.1f MB/s, downloaded %.1f MB/s; server%s: peak RSS %s MiB, CPU %.1f s (%.2f cores);"
                        + " load generator CPU %.1f s%n",
                upMBps,
                downMBps,
                instances == 1 ? "" : "s (RSS: the largest; CPU: all together)",
                Table.mib(r.serverPeakRssBytes()),
                r.serverCpuSeconds(),
                r.serverCpuSeconds() / seconds,
                r.generatorCpuSeconds()));
        text.append(String.format(
                Locale.ROOT,
                "read back: %d acknowledged uploads in %.1f s, %s%n",
                r.readBack().checked(),
                r.readBack().seconds(),
                r.readBack().wrong().isEmpty()
                        ? "all identical"
                        : r.readBack().wrong().size() + " WRONG"));
        for (String e : r.tally().errorSamples())
            text.append("ERROR ").append(e).append('\n');
        return new Report(text.toString(), json);
    }

    /** The 1-minute load average before the run (other work on a shared machine moves every figure), or null. */
    private static Double loadAverage() {
        try {
            return Double.parseDouble(
                    Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
