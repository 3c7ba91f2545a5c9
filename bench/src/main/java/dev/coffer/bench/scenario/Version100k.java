package dev.coffer.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.bench.BenchException;
import dev.coffer.bench.data.DataSet;
import dev.coffer.bench.data.Inputs;
import dev.coffer.bench.data.TestData;
import dev.coffer.bench.report.Json;
import dev.coffer.bench.report.Stats;
import dev.coffer.bench.report.Table;
import dev.coffer.bench.tool.CofferTool;
import dev.coffer.bench.tool.ResticTool;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A dataset of 100,000 small files: {@code coffer datasets push} as version 1, then 100 files
 * changed and pushed again (the promise: push + commit within 5 s, costing in proportion to the
 * change), the diff of the two versions (within 2 s), and {@code coffer datasets pull} of version
 * 1 into an empty folder. The peer is restic on the same files: a first backup, a second
 * (incremental) backup after the same change, and {@code restic restore} of the first snapshot.
 */
public final class Version100k implements Scenario {
    public static final String NAME = "version-100k";
    static final int CHANGED = 100;
    static final double PUSH_TARGET_SECONDS = 5;
    static final double DIFF_TARGET_SECONDS = 2;

    private static final String PUSH_FIRST = "push v1";
    private static final String PUSH_CHANGE = "push v2 (100 changed)";
    private static final String DIFF = "diff v1 v2";
    private static final String PULL = "pull v1";
    private static final List<String> STEPS = List.of(PUSH_FIRST, PUSH_CHANGE, DIFF, PULL);

    @Override
    public String name() {
        return NAME;
    }

    /** Per step, per tool, the timings of every round. */
    private static final class Samples {
        final Map<String, List<Double>> coffer = new LinkedHashMap<>();
        final Map<String, List<Double>> restic = new LinkedHashMap<>();
        final List<Double> pushChangeCli = new ArrayList<>();
        final List<Double> diffCli = new ArrayList<>();
        long newBytes;
        long bytesSent;
        long filesHashed;
        /** Folder-node rows the second push added (nodes, entries), and the entries of all versions after it. */
        long nodesAdded;

        long entriesAdded;
        long entriesTotal;
        long changedInDiff;
        long versionFiles;
        long peakRss;
        final PrintStream log;

        Samples(PrintStream log) {
            this.log = log;
        }

        void add(Map<String, List<Double>> tool, String step, double seconds) {
            tool.computeIfAbsent(step, k -> new ArrayList<>()).add(seconds);
            log.printf(Locale.ROOT, " %.2f s", seconds);
        }
    }

    @Override
    public Report run(Rounds rounds, Inputs inputs) throws IOException {
        DataSet set = inputs.version();
        Samples s = new Samples(rounds.log());
        int runs = rounds.plan().runs();
        for (int run = 1; run <= runs; run++) {
            rounds.log().printf("  version data, round %d of %d%n", run, runs);
            round(rounds, set, s);
        }
        return report(set, runs, s);
    }

    private void round(Rounds rounds, DataSet set, Samples s) throws IOException {
        Path work = rounds.work();
        RoundFolders folders = RoundFolders.in(work);
        ResticTool restic = rounds.restic();
        Map<Path, byte[]> originals = originals(set);
        try (CofferTool.Session c = rounds.coffer().open(folders.data())) {
            c.command("datasets-create", folders.cache(), "datasets", "create", "bench");
            rounds.log().print("    coffer push v1");
            CofferTool.Timed first = c.command(
                    "datasets-push",
                    folders.cache(),
                    "datasets",
                    "push",
                    set.path().toString(),
                    "bench",
                    "-m",
                    "v1");
            expect(
                    first.json().path("files").asLong() == set.files(),
                    "version 1 has " + first.json().path("files") + " files, expected " + set.files());
            s.add(s.coffer, PUSH_FIRST, first.seconds());
            rounds.log().print(", restic backup");
            restic.init(folders.repo());
            s.add(s.restic, PUSH_FIRST, restic.backup(set.path(), folders.repo(), "v1"));

            TestData.changeFiles(set, Inputs.VERSION_FOLDERS, Inputs.VERSION_PER_FOLDER, CHANGED);
            Rows rowsBefore = Rows.of(folders.data());
            rounds.log().print(", coffer push v2");
            CofferTool.Timed change = c.command(
                    "datasets-push",
                    folders.cache(),
                    "datasets",
                    "push",
                    set.path().toString(),
                    "bench",
                    "-m",
                    "v2");
            Rows rowsAfter = Rows.of(folders.data());
            s.nodesAdded = rowsAfter.nodes() - rowsBefore.nodes();
            s.entriesAdded = rowsAfter.entries() - rowsBefore.entries();
            s.entriesTotal = rowsAfter.entries();
            JsonNode cj = change.json();
            expect(
                    cj.path("version").asLong() == 2 && cj.path("filesHashed").asLong() == CHANGED,
                    "the second push made version " + cj.path("version") + " hashing " + cj.path("filesHashed")
                            + " files, expected 2 and " + CHANGED);
            s.add(s.coffer, PUSH_CHANGE, change.seconds());
            s.pushChangeCli.add(cj.path("seconds").asDouble());
            s.newBytes = Math.max(s.newBytes, cj.path("newBytes").asLong());
            s.bytesSent = Math.max(s.bytesSent, cj.path("bytesSent").asLong());
            s.filesHashed = cj.path("filesHashed").asLong();
            s.versionFiles = cj.path("files").asLong();
            rounds.log().print(", restic backup");
            s.add(s.restic, PUSH_CHANGE, restic.backup(set.path(), folders.repo(), "v2"));
            restore(originals);

            rounds.log().print(", coffer diff");
            CofferTool.Timed diff = c.command(
                    "datasets-diff", folders.cache(), "datasets", "diff", "bench", "--from", "1", "--to", "2");
            expect(
                    diff.json().path("changed").asLong() == CHANGED
                            && diff.json().path("added").asLong() == 0
                            && diff.json().path("removed").asLong() == 0,
                    "the diff shows " + diff.json().path("changed") + " changed, "
                            + diff.json().path("added") + " added, "
                            + diff.json().path("removed") + " removed; expected " + CHANGED + " changed only");
            s.changedInDiff = diff.json().path("changed").asLong();
            s.add(s.coffer, DIFF, diff.seconds());
            s.diffCli.add(diff.json().path("seconds").asDouble(diff.seconds()));

            rounds.log().print(", coffer pull");
            CofferTool.Timed pull = c.command(
                    "datasets-pull",
                    folders.cache(),
                    "datasets",
                    "pull",
                    "bench:1",
                    folders.pulled().toString());
            expect(
                    pull.json().path("filesDownloaded").asLong() == set.files()
                            && count(folders.pulled()) == set.files(),
                    "the pull wrote " + pull.json().path("filesDownloaded") + " files, expected " + set.files());
            s.add(s.coffer, PULL, pull.seconds());
            s.peakRss = Math.max(s.peakRss, c.serverPeakRssBytes());
            rounds.log().println(", restic restore");
            s.add(s.restic, PULL, restic.restore(folders.repo(), "v1", folders.restored()));
        } finally {
            restore(originals);
            folders.delete();
        }
    }

    /** The files the change rewrites, as they were: put back after each round so every round starts from the same version 1. */
    private static Map<Path, byte[]> originals(DataSet set) throws IOException {
        Map<Path, byte[]> out = new LinkedHashMap<>();
        for (int i = 0; i < CHANGED; i++) {
            Path file = set.path()
                    .resolve(String.format("d%03d", i % Inputs.VERSION_FOLDERS))
                    .resolve(String.format("f%04d.bin", (i / Inputs.VERSION_FOLDERS * 7) % Inputs.VERSION_PER_FOLDER));
            out.put(file, Files.readAllBytes(file));
        }
        return out;
    }

    private static void restore(Map<Path, byte[]> originals) throws IOException {
        for (var e : originals.entrySet()) Files.write(e.getKey(), e.getValue());
    }

    /** Bytes of the server's data folder outside its chunk store: the metadata database and its journal. */
    /** The folder-node rows of the server's database: what a version's metadata is made of. */
    private record Rows(long nodes, long entries) {
        static Rows of(Path data) {
            // Read-only, beside the running server (SQLite in WAL mode lets a reader in).
            try (Connection c =
                            DriverManager.getConnection("jdbc:sqlite:file:" + data.resolve("coffer.db") + "?mode=ro");
                    Statement st = c.createStatement()) {
                return new Rows(count(st, "dataset_trees"), count(st, "dataset_tree_entries"));
            } catch (SQLException e) {
                throw new BenchException("cannot count the metadata rows in " + data + ": " + e.getMessage(), e);
            }
        }

        private static long count(Statement st, String table) throws SQLException {
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    private static void expect(boolean ok, String what) {
        if (!ok) throw new BenchException("version-100k: " + what);
    }

    private static Report report(DataSet set, int runs, Samples s) {
        ObjectNode json = Json.object();
        json.put("scenario", NAME);
        json.put("runs", runs);
        json.set("data", IngestReport.data(set));
        json.put("changedFiles", CHANGED);
        Table table =
                new Table("step", "coffer median s", "min s", "max s", "restic s", "coffer/restic", "target s", "met");
        ObjectNode steps = json.putObject("steps");
        boolean pushMet = false;
        boolean diffMet = false;
        for (String step : STEPS) {
            Stats c = Stats.of(s.coffer.get(step));
            Stats r = s.restic.containsKey(step) ? Stats.of(s.restic.get(step)) : null;
            Double ratio = r == null ? null : Stats.ratio(c.median(), r.median());
            Double target = null;
            if (step.equals(PUSH_CHANGE)) target = PUSH_TARGET_SECONDS;
            if (step.equals(DIFF)) target = DIFF_TARGET_SECONDS;
            Boolean met = null;
            if (target != null) met = c.median() <= target;
            if (step.equals(PUSH_CHANGE)) pushMet = Boolean.TRUE.equals(met);
            if (step.equals(DIFF)) diffMet = Boolean.TRUE.equals(met);
            ObjectNode n = steps.putObject(key(step));
            n.set("seconds", Json.seconds(c));
            n.put(
                    "filesPerSec",
                    Stats.round(Stats.perSecond(step.equals(PUSH_CHANGE) ? CHANGED : set.files(), c.median()), 0));
            if (r != null) {
                n.set("resticSeconds", Json.seconds(r));
                Json.putRatio(n, "ratioToRestic", ratio);
            }
            if (target != null) {
                n.put("targetSeconds", target);
                n.put("met", met);
            }
            table.row(
                    step,
                    Table.num(c.median(), 2),
                    Table.num(c.min(), 2),
                    Table.num(c.max(), 2),
                    r == null ? null : Table.num(r.median(), 2),
                    IngestReport.fmt(ratio),
                    target == null ? null : Table.num(target, 0),
                    met == null ? null : met ? "yes" : "NO");
        }
        ObjectNode change = (ObjectNode) steps.get(key(PUSH_CHANGE));
        change.put("cliSeconds", Stats.round(Stats.of(s.pushChangeCli).median(), 3));
        change.put("filesHashed", s.filesHashed);
        change.put("bytesSent", s.bytesSent);
        change.put("newBytes", s.newBytes);
        change.put("nodesAdded", s.nodesAdded);
        change.put("entriesAdded", s.entriesAdded);
        change.put("entriesTotal", s.entriesTotal);
        change.put("versionFiles", s.versionFiles);
        ((ObjectNode) steps.get(key(DIFF))).put("changed", s.changedInDiff);
        json.put("serverPeakRssBytes", s.peakRss);
        json.put("targetsMet", pushMet && diffMet);

        StringBuilder text = new StringBuilder();
        text.append(String.format(
                Locale.ROOT,
                "version-100k (%s), %d run(s): push a version, change %d files, push again, diff, pull%n",
                set.description(),
                runs,
                CHANGED));
        text.append(table.render());
        text.append(String.format(
                Locale.ROOT,
                "push v2: %d files hashed, %d bytes sent, %d new bytes stored; metadata grew by %d folder nodes "
                        + "and %d entry rows (%.1f per changed file; %d entry rows in all after it)%n",
                s.filesHashed,
                s.bytesSent,
                s.newBytes,
                s.nodesAdded,
                s.entriesAdded,
                s.entriesAdded / (double) CHANGED,
                s.entriesTotal));
        text.append(
                "restic peer: backup of the same files, a second (incremental) backup after the same change, restore of the first snapshot\n");
        return new Report(text.toString(), json);
    }

    private static String key(String step) {
        return switch (step) {
            case PUSH_FIRST -> "pushFirst";
            case PUSH_CHANGE -> "pushChange";
            case DIFF -> "diff";
            default -> "pullFirst";
        };
    }
}
