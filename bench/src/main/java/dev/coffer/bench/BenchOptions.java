package dev.coffer.bench;

import dev.coffer.bench.scenario.IngestLarge;
import dev.coffer.bench.scenario.IngestSmall;
import dev.coffer.bench.scenario.Load;
import dev.coffer.bench.scenario.Metering;
import dev.coffer.bench.scenario.MountRead;
import dev.coffer.bench.scenario.MountSmall;
import dev.coffer.bench.scenario.RealTree;
import dev.coffer.bench.scenario.Reingest;
import dev.coffer.bench.scenario.Version100k;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The command line of {@code bench/run}: scenario names (default all) and a few options. The size
 * options exist to try the harness quickly; published figures use the defaults.
 */
public record BenchOptions(
        List<String> scenarios,
        int runs,
        Path work,
        Path jar,
        long largeBytes,
        int smallFiles,
        int realTreeFiles,
        int loadSeconds,
        int loadInstances) {
    /** The most servers the load scenario starts side by side (each needs its share of two cores). */
    public static final int MAX_LOAD_INSTANCES = 4;

    public static final List<String> ALL = List.of(
            IngestLarge.NAME,
            IngestSmall.NAME,
            Reingest.NAME,
            Metering.NAME,
            Version100k.NAME,
            RealTree.NAME,
            MountRead.NAME,
            MountSmall.NAME,
            Load.NAME);
    /** The scenarios that measure Coffer next to cp and restic (the others compare Coffer with itself). */
    static final List<String> WITH_PEERS =
            List.of(IngestLarge.NAME, IngestSmall.NAME, Reingest.NAME, Version100k.NAME, RealTree.NAME);

    /** The real-tree input's size unless told: the speed issue's case is a tree of tens of thousands of files. */
    public static final int REAL_TREE_FILES = 40_000;

    public static final String USAGE = """
            usage: bench/run [options] [SCENARIO...]      (default: all scenarios)
              scenarios: ingest-large  ingest-small  reingest  metering  version-100k  real-tree  mount-read
                         mount-small  load
                real-tree: a generated source-like tree (small text files 2-8 folders deep, symlinks), three
                versions (3% of files edited, every time stamp new) pushed and the last pulled, against
                restic backup and restore of the same trees; also the bytes each keeps
                metering: ingest-small's data with the server's usage metering on and off
                (COFFER_METERING=false), fresh servers, the order alternating by round; no peers
                mount-read, mount-small: coffer mount against a direct read and rclone mount (needs
                rclone, fuse3 and /dev/fuse; drops the page cache for cold reads when run as root)
                load: 64 readers and 8 uploaders, each with its own API token, on one fresh server for
                --load-seconds; latency and throughput per kind of request; one run (--runs does not apply)
              --runs N          rounds per scenario (default 3); tools alternate within each round
              --large-mib N     size of the large input in MiB (default 2048)
              --small-files N   count of 4 KiB files in the small input (default 20000, in up to 100 folders;
                                also the input of metering)
              --real-tree-files N
                                count of files in the real-tree input (default 40000)
              --load-seconds N  length of the load scenario's timed phase in seconds (default 60)
              --instances N     load: N servers (2 to 4) on one PostgreSQL and one S3Proxy bucket, the
                                each client alternating between them, instead of one server on SQLite + a folder
                                (needs PostgreSQL 15: apt-get install postgresql)
              --work DIR        scratch folder (default: a new one in the system temp folder, removed at the end)
              --jar PATH        the coffer.jar to measure (default coffer-cli/target/coffer.jar)
            """;

    public static BenchOptions parse(String[] args) {
        LinkedHashSet<String> scenarios = new LinkedHashSet<>();
        int runs = 3;
        Path work = null;
        Path jar = Path.of("coffer-cli", "target", "coffer.jar");
        long largeMib = 2048;
        int smallFiles = 20_000;
        int realTreeFiles = REAL_TREE_FILES;
        int loadSeconds = Load.DEFAULT_SECONDS;
        int loadInstances = 1;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--runs" -> runs = positive(a, value(args, ++i, a));
                case "--large-mib" -> largeMib = positive(a, value(args, ++i, a));
                case "--small-files" -> smallFiles = positive(a, value(args, ++i, a));
                case "--real-tree-files" -> realTreeFiles = positive(a, value(args, ++i, a));
                case "--load-seconds" -> loadSeconds = positive(a, value(args, ++i, a));
                case "--instances" -> {
                    loadInstances = positive(a, value(args, ++i, a));
                    if (loadInstances > MAX_LOAD_INSTANCES)
                        throw new IllegalArgumentException(
                                a + " is at most " + MAX_LOAD_INSTANCES + ", got " + loadInstances);
                }
                case "--work" -> work = Path.of(value(args, ++i, a));
                case "--jar" -> jar = Path.of(value(args, ++i, a));
                case "all" -> scenarios.addAll(ALL);
                default -> {
                    if (!ALL.contains(a)) throw new IllegalArgumentException("unknown scenario or option: " + a);
                    scenarios.add(a);
                }
            }
        }
        if (scenarios.isEmpty()) scenarios.addAll(ALL);
        return new BenchOptions(
                new ArrayList<>(scenarios),
                runs,
                work,
                jar,
                largeMib << 20,
                smallFiles,
                realTreeFiles,
                loadSeconds,
                loadInstances);
    }

    /** The scenarios that measure coffer mount next to rclone mount. */
    static final List<String> WITH_RCLONE = List.of(MountRead.NAME, MountSmall.NAME);

    /** Whether any requested scenario runs rclone mount next to coffer mount. */
    public boolean needsRclone() {
        return scenarios.stream().anyMatch(WITH_RCLONE::contains);
    }

    /** Whether any requested scenario runs cp and restic next to Coffer. */
    public boolean needsPeers() {
        return scenarios.stream().anyMatch(WITH_PEERS::contains);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
        return args[i];
    }

    private static int positive(String option, String text) {
        try {
            int n = Integer.parseInt(text);
            if (n > 0) return n;
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException(option + " needs a positive whole number, got " + text);
    }
}
