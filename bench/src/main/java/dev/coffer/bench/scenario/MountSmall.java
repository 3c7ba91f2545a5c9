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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * 5,000 files of 4 KiB created through a mount with {@code cp -r} (each file sent when it is
 * closed: {@code cp} returns when the last one is on the server), then, after an unmount and a
 * fresh mount with an empty cache, read back with {@code cat} and compared with {@code diff -r}.
 * Coffer mounts the team's storage; the peer is {@code rclone mount} of an empty local folder.
 */
public final class MountSmall implements Scenario {
    public static final String NAME = "mount-small";
    private static final String COFFER = "coffer";
    private static final String RCLONE = "rclone";
    private static final List<String> TOOLS = List.of(COFFER, RCLONE);

    @Override
    public String name() {
        return NAME;
    }

    private static final class Samples {
        final Timings create;
        final Timings read;

        Samples(Rounds rounds) {
            create = new Timings(rounds.log());
            read = new Timings(rounds.log());
        }
    }

    @Override
    public Report run(Rounds rounds, Inputs inputs) throws IOException {
        DataSet set = inputs.mountSmall();
        Samples s = new Samples(rounds);
        int runs = rounds.plan().runs();
        for (int run = 1; run <= runs; run++) {
            rounds.log().printf("  mount data, round %d of %d:", run, runs);
            roundCoffer(rounds, set, s);
            roundRclone(rounds, set, s);
            rounds.log().println();
        }
        return report(set, runs, s);
    }

    private void roundCoffer(Rounds rounds, DataSet set, Samples s) throws IOException {
        ProcessRunner runner = rounds.runner();
        Path work = rounds.work();
        Path data = work.resolve("coffer-data");
        Path mnt = work.resolve("mnt");
        try (CofferTool.Session c = rounds.coffer().open(data)) {
            String notebook = c.notebookToken("bench");
            try (CofferMount m = CofferMount.start(c, notebook, mnt, work.resolve("mount-cache-1"))) {
                rounds.log().print(" coffer mount create");
                runner.sync();
                s.create.add(
                        COFFER,
                        Fuse.copyTree(
                                runner, "coffer-create", set.path(), m.path().resolve("storage")));
            }
            try (CofferMount m = CofferMount.start(c, notebook, mnt, work.resolve("mount-cache-2"))) {
                Path copy = m.path().resolve("storage").resolve(set.path().getFileName());
                rounds.log().print(", read");
                s.read.add(COFFER, Fuse.readTree(runner, "coffer-read", copy));
                Fuse.sameTree(runner, set.path(), copy);
            }
        } finally {
            Scratch.deleteTree(data);
            Scratch.deleteTree(work.resolve("mount-cache-1"));
            Scratch.deleteTree(work.resolve("mount-cache-2"));
        }
    }

    private void roundRclone(Rounds rounds, DataSet set, Samples s) throws IOException {
        ProcessRunner runner = rounds.runner();
        Path work = rounds.work();
        Path target = Files.createDirectories(work.resolve("rclone-target"));
        Path mnt = work.resolve("mnt");
        try {
            try (RcloneMount r = RcloneMount.start(runner, target, mnt, work)) {
                rounds.log().print("; rclone mount create");
                runner.sync();
                s.create.add(RCLONE, Fuse.copyTree(runner, "rclone-create", set.path(), r.path()));
            }
            try (RcloneMount r = RcloneMount.start(runner, target, mnt, work)) {
                Path copy = r.path().resolve(set.path().getFileName());
                rounds.log().print(", read");
                s.read.add(RCLONE, Fuse.readTree(runner, "rclone-read", copy));
                Fuse.sameTree(runner, set.path(), copy);
            }
        } finally {
            Scratch.deleteTree(target);
        }
    }

    private static Report report(DataSet set, int runs, Samples s) {
        ObjectNode json = Json.object();
        json.put("scenario", NAME);
        json.put("runs", runs);
        json.set("data", IngestReport.data(set));
        Table table = new Table("mount", "create s", "files/s", "read s", "files/s", "create+read s");
        ObjectNode tools = json.putObject("tools");
        Map<String, Double> total = new LinkedHashMap<>();
        Map<String, Stats> create = new LinkedHashMap<>();
        Map<String, Stats> read = new LinkedHashMap<>();
        for (String tool : TOOLS) {
            Stats c = s.create.of(tool);
            Stats r = s.read.of(tool);
            create.put(tool, c);
            read.put(tool, r);
            total.put(tool, c.median() + r.median());
            ObjectNode n = tools.putObject(tool);
            n.set("createSeconds", Json.seconds(c));
            n.put("createFilesPerSec", Stats.round(Stats.perSecond(set.files(), c.median()), 0));
            n.set("readSeconds", Json.seconds(r));
            n.put("readFilesPerSec", Stats.round(Stats.perSecond(set.files(), r.median()), 0));
            table.row(
                    tool + " mount",
                    Table.num(c.median(), 2),
                    Table.num(Stats.perSecond(set.files(), c.median()), 0),
                    Table.num(r.median(), 2),
                    Table.num(Stats.perSecond(set.files(), r.median()), 0),
                    Table.num(total.get(tool), 2));
        }
        // Time ratios, Coffer's over rclone's: below 1 is faster.
        Double createRatio =
                Stats.ratio(create.get(COFFER).median(), create.get(RCLONE).median());
        Double readRatio =
                Stats.ratio(read.get(COFFER).median(), read.get(RCLONE).median());
        Double totalRatio = Stats.ratio(total.get(COFFER), total.get(RCLONE));
        Json.putRatio(json, "createRatioToRclone", createRatio);
        Json.putRatio(json, "readRatioToRclone", readRatio);
        Json.putRatio(json, "ratioToRclone", totalRatio);
        boolean met = totalRatio != null && totalRatio < 1;
        json.put("targetsMet", met);

        StringBuilder text = new StringBuilder();
        text.append(String.format(
                Locale.ROOT,
                "mount-small (%s), %d run(s): cp -r into the mount, then cat of every file from a fresh mount%n",
                set.description(),
                runs));
        text.append(table.render());
        text.append(String.format(
                Locale.ROOT,
                "coffer mount / rclone mount time: create %s, read %s, both %s (target: below 1, %s)%n",
                IngestReport.fmt(createRatio),
                IngestReport.fmt(readRatio),
                IngestReport.fmt(totalRatio),
                met ? "met" : "NOT met"));
        return new Report(text.toString(), json);
    }
}
