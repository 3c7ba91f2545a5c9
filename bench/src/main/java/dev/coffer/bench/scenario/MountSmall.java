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
 * Coffer mounts the team's storage, as it is by default and with {@code --write-back} (there a
 * close returns at once, so the copy is timed together with a {@code sync} of the copied folder,
 * which returns once every file is stored); the peer is {@code rclone mount} of an empty local
 * folder.
 */
public final class MountSmall implements Scenario {
    public static final String NAME = "mount-small";
    private static final String COFFER = "coffer";
    private static final String WRITE_BACK = "cofferWriteBack";
    private static final String RCLONE = "rclone";
    private static final List<String> TOOLS = List.of(COFFER, WRITE_BACK, RCLONE);

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
            roundCoffer(rounds, set, s, false);
            roundCoffer(rounds, set, s, true);
            roundRclone(rounds, set, s);
            rounds.log().println();
        }
        return report(set, runs, s);
    }

    private void roundCoffer(Rounds rounds, DataSet set, Samples s, boolean writeBack) throws IOException {
        ProcessRunner runner = rounds.runner();
        Path work = rounds.work();
        Path data = work.resolve("coffer-data");
        Path mnt = work.resolve("mnt");
        String tool = writeBack ? WRITE_BACK : COFFER;
        try (CofferTool.Session c = rounds.coffer().open(data)) {
            String notebook = c.notebookToken("bench");
            try (CofferMount m = CofferMount.start(c, notebook, mnt, work.resolve("mount-cache-1"), writeBack)) {
                rounds.log().print((writeBack ? "; " : " ") + label(tool) + " create");
                runner.sync();
                Path storage = m.path().resolve("storage");
                s.create.add(
                        tool,
                        writeBack
                                ? Fuse.copyTreeAndSync(runner, "coffer-create", set.path(), storage)
                                : Fuse.copyTree(runner, "coffer-create", set.path(), storage));
            }
            // What the mount acknowledged is on the server: checked through a new mount.
            try (CofferMount m = CofferMount.start(c, notebook, mnt, work.resolve("mount-cache-2"), writeBack)) {
                Path copy = m.path().resolve("storage").resolve(set.path().getFileName());
                rounds.log().print(", read");
                s.read.add(tool, Fuse.readTree(runner, "coffer-read", copy));
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

    private static String label(String tool) {
        return tool.equals(WRITE_BACK) ? "coffer mount --write-back" : tool + " mount";
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
                    label(tool),
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
        Double wbCreate =
                Stats.ratio(create.get(WRITE_BACK).median(), create.get(RCLONE).median());
        Double wbRead =
                Stats.ratio(read.get(WRITE_BACK).median(), read.get(RCLONE).median());
        Double wbTotal = Stats.ratio(total.get(WRITE_BACK), total.get(RCLONE));
        ObjectNode wb = json.putObject("writeBack");
        Json.putRatio(wb, "createRatioToRclone", wbCreate);
        Json.putRatio(wb, "readRatioToRclone", wbRead);
        Json.putRatio(wb, "ratioToRclone", wbTotal);
        // The target holds for the mount in either of its modes; both figures are reported.
        boolean met = (totalRatio != null && totalRatio < 1) || (wbTotal != null && wbTotal < 1);
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
                "coffer mount / rclone mount time: create %s, read %s, both %s%n"
                        + "coffer mount --write-back / rclone mount time: create %s, read %s, both %s%n"
                        + "(target: below 1 for both together; %s)%n",
                IngestReport.fmt(createRatio),
                IngestReport.fmt(readRatio),
                IngestReport.fmt(totalRatio),
                IngestReport.fmt(wbCreate),
                IngestReport.fmt(wbRead),
                IngestReport.fmt(wbTotal),
                met ? "met" : "NOT met"));
        return new Report(text.toString(), json);
    }
}
