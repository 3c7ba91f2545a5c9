package dev.coffer.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.bench.BenchException;
import dev.coffer.bench.data.DiskUsage;
import dev.coffer.bench.data.Inputs;
import dev.coffer.bench.data.SourceTree;
import dev.coffer.bench.scenario.RealTreeReport.PushFigures;
import dev.coffer.bench.scenario.RealTreeReport.Results;
import dev.coffer.bench.scenario.RealTreeReport.Step;
import dev.coffer.bench.scenario.RealTreeReport.VersionFacts;
import dev.coffer.bench.tool.CofferTool;
import dev.coffer.bench.tool.ResticTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The real-tree case of the speed issue: a tree shaped like a source checkout (see {@link
 * SourceTree}), three versions of it with about 3% of the files edited and every time stamp new
 * each time, pushed as dataset versions and then the last one pulled into an empty folder; restic
 * backs up the same three trees and restores the last one in the same rounds. Both copies back
 * are compared with the tree (symbolic links as links), and the bytes each tool keeps for the
 * three versions are measured.
 */
public final class RealTree implements Scenario {
    public static final String NAME = "real-tree";
    static final int VERSIONS = 3;
    private static final List<Step> PUSHES = List.of(Step.PUSH_V1, Step.PUSH_V2, Step.PUSH_V3);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Report run(Rounds rounds, Inputs inputs) throws IOException {
        Results results = new Results();
        int runs = rounds.plan().runs();
        for (int run = 1; run <= runs; run++) {
            rounds.log().printf("  real-tree, round %d of %d%n", run, runs);
            round(rounds, inputs, results);
        }
        return RealTreeReport.build(runs, results);
    }

    /**
     * One round: the tree written afresh as version 1 (so every round measures the same three
     * versions), then each version pushed by Coffer and backed up by restic before the tree moves
     * on, then Coffer's pull and restic's restore of version 3.
     */
    private void round(Rounds rounds, Inputs inputs, Results r) throws IOException {
        Path work = rounds.work();
        RoundFolders folders = RoundFolders.in(work);
        ResticTool restic = rounds.restic();
        SourceTree tree = inputs.sourceTree();
        r.versions.clear();
        r.description = tree.description();
        r.folders = tree.folders();
        r.links = tree.links();
        r.maxDepth = tree.maxDepth();
        try {
            try (CofferTool.Session c = rounds.coffer().open(folders.data())) {
                c.command("datasets-create", folders.cache(), "datasets", "create", "bench");
                restic.init(folders.repo());
                for (int v = 1; v <= VERSIONS; v++) {
                    if (v > 1) tree.nextVersion();
                    SourceTree.Change change = tree.lastChange();
                    r.versions.add(new VersionFacts(
                            v, tree.files(), tree.bytes(), change.changed(), change.added(), change.deleted()));
                    push(rounds, c, folders.cache(), tree, PUSHES.get(v - 1), r);
                    rounds.log().print(", restic backup");
                    add(rounds, r, r.restic, PUSHES.get(v - 1), restic.backup(tree.root(), folders.repo(), "v" + v));
                    rounds.log().println();
                }
                DiskUsage resticKept = DiskUsage.of(folders.repo());
                r.resticBytes.add(resticKept.bytes());
                r.resticDiskBytes.add(resticKept.allocated());

                rounds.log().print("    coffer pull v3");
                CofferTool.Timed pull = c.command(
                        "datasets-pull",
                        folders.cache(),
                        "datasets",
                        "pull",
                        "bench:" + VERSIONS,
                        folders.pulled().toString());
                JsonNode pj = pull.json();
                expect(
                        pj.path("filesDownloaded").asLong() == tree.files()
                                && pj.path("links").asLong() == tree.links()
                                && pj.path("linksRefused").asLong() == 0,
                        "the pull wrote " + pj.path("filesDownloaded") + " files and " + pj.path("links")
                                + " links (" + pj.path("linksRefused") + " refused), expected " + tree.files()
                                + " and " + tree.links());
                add(rounds, r, r.coffer, Step.PULL, pull.seconds());
                r.add(r.cliSeconds, Step.PULL, pj.path("seconds").asDouble());
                r.pullBytesReceived = pj.path("bytesReceived").asLong();
                r.serverPeakRss = Math.max(r.serverPeakRss, c.serverPeakRssBytes());
                rounds.log().println();
            }
            // Measured with the server stopped: what it keeps at rest, not a database journal in mid-use.
            DiskUsage kept = DiskUsage.of(folders.data());
            long content = DiskUsage.of(folders.data().resolve("content")).bytes();
            long database = databaseBytes(folders.data());
            r.cofferBytes.add(kept.bytes());
            r.cofferDiskBytes.add(kept.allocated());
            r.cofferContentBytes.add(content);
            r.cofferDatabaseBytes.add(database);
            rounds.log()
                    .printf(
                            Locale.ROOT,
                            "    kept: coffer %.1f MiB (content %.1f, database %.1f), restic %.1f MiB%n",
                            kept.bytes() / 1048576.0,
                            content / 1048576.0,
                            database / 1048576.0,
                            resticKeptBytes(r) / 1048576.0);
            same(rounds, tree.root(), folders.pulled(), "coffer's pull of version 3");

            rounds.log().print("    restic restore");
            add(rounds, r, r.restic, Step.PULL, restic.restore(folders.repo(), "v" + VERSIONS, folders.restored()));
            rounds.log().println();
            // restic restores a snapshot under the absolute path it was taken from.
            Path root = tree.root().toAbsolutePath();
            same(
                    rounds,
                    root,
                    folders.restored().resolve(root.getRoot().relativize(root)),
                    "restic's restore of version 3");
        } finally {
            folders.delete();
        }
    }

    private static long resticKeptBytes(Results r) {
        return r.resticBytes.getLast();
    }

    /** The SQLite database's files (with its write-ahead log and index, when the server left them). */
    private static long databaseBytes(Path data) throws IOException {
        long sum = 0;
        try (var files = Files.list(data)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().startsWith("coffer.db") && Files.isRegularFile(p)) sum += Files.size(p);
            }
        }
        return sum;
    }

    /** {@code coffer datasets push} of the tree as it is now, timed; its counts checked against the tree. */
    private static void push(Rounds rounds, CofferTool.Session c, Path cache, SourceTree tree, Step step, Results r) {
        int v = tree.version();
        rounds.log().printf("    v%d: coffer push", v);
        CofferTool.Timed push = c.command(
                "datasets-push", cache, "datasets", "push", tree.root().toString(), "bench", "-m", "v" + v);
        JsonNode j = push.json();
        // A version counts a link as a file (of size 0).
        long entries = tree.files() + tree.links();
        expect(
                j.path("version").asLong() == v
                        && j.path("files").asLong() == entries
                        && j.path("links").asLong() == tree.links()
                        && j.path("unsupported").asLong() == 0,
                "push made version " + j.path("version") + " of " + j.path("files") + " files, " + j.path("links")
                        + " of them links (" + j.path("unsupported") + " not stored), expected " + v + ", " + entries
                        + " and " + tree.links());
        add(rounds, r, r.coffer, step, push.seconds());
        r.add(r.cliSeconds, step, j.path("seconds").asDouble());
        r.pushes.put(
                step,
                new PushFigures(
                        j.path("filesHashed").asLong(),
                        j.path("filesUnchanged").asLong(),
                        j.path("chunksSent").asLong(),
                        j.path("bytesSent").asLong(),
                        j.path("newBytes").asLong()));
    }

    /** A step's time, kept and shown in the progress log as it comes. */
    private static void add(Rounds rounds, Results r, Map<Step, List<Double>> tool, Step step, double seconds) {
        r.add(tool, step, seconds);
        rounds.log().printf(Locale.ROOT, " %.2f s", seconds);
    }

    /**
     * {@code diff -r --no-dereference}: the same files with the same bytes, the same folders, and
     * each link a link with the same target (not the file it leads to). Not timed.
     */
    private static void same(Rounds rounds, Path expected, Path actual, String what) {
        try {
            rounds.runner()
                    .run(
                            "verify",
                            List.of("diff", "-r", "--no-dereference", expected.toString(), actual.toString()),
                            Map.of());
        } catch (BenchException e) {
            throw new BenchException("real-tree: " + what + " differs from the tree: " + e.getMessage(), e);
        }
    }

    private static void expect(boolean ok, String what) {
        if (!ok) throw new BenchException("real-tree: " + what);
    }
}
