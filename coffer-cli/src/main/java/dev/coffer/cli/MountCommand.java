package dev.coffer.cli;

import dev.coffer.billing.ByteSize;
import dev.coffer.cli.client.ApiClient;
import dev.coffer.cli.client.CliException;
import dev.coffer.cli.mount.Mount;
import dev.coffer.wire.NotebookWire;
import dev.coffer.wire.SessionWire;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code coffer mount MOUNTPOINT}: a running notebook's files as real folders, through FUSE. */
@Command(
        name = "mount",
        description = {
            "Show a running notebook's files at MOUNTPOINT: notebooks/ (its workspace), storage/ (the team's"
                    + " storage on its cluster) and datasets/NAME (read-only versions, as .coffer/settings.yaml declares).",
            "Run it with the notebook's token (COFFER_TOKEN), or with your own token and --notebook NAME. Needs"
                    + " /dev/fuse and FUSE 3 (apt-get install fuse3). Stays in the foreground until 'coffer unmount'"
                    + " or Ctrl-C; --daemon returns once mounted."
        })
final class MountCommand extends ClientCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MOUNTPOINT", description = "An existing, empty folder.")
    Path mountPoint;

    @Option(names = "--notebook", paramLabel = "NAME", description = "The notebook to show (needed with a user token).")
    String notebook;

    @Option(
            names = "--all-datasets",
            description =
                    "Mount every dataset the team reads, at its latest version, instead of what the settings file declares.")
    boolean allDatasets;

    @Option(
            names = "--cache-dir",
            paramLabel = "DIR",
            description = "Where read chunks and files being written are kept (default: ~/.cache/coffer/mount).")
    Path cacheDir;

    @Option(
            names = "--cache-size",
            paramLabel = "SIZE",
            defaultValue = "10GiB",
            description = "Most disk the chunk cache uses (default: ${DEFAULT-VALUE}).")
    String cacheSize;

    @Option(
            names = "--metadata-ttl",
            paramLabel = "SECONDS",
            defaultValue = "1",
            description =
                    "How long names and attributes are trusted before being asked again (default: ${DEFAULT-VALUE} s).")
    double metadataTtl;

    @Option(
            names = "--write-back",
            description = {
                "Faster for many small files: a close of a file up to 1 MiB returns at once and the file is sent"
                        + " within moments, in a batch with the others closed meanwhile; an open trusts what a listing"
                        + " within --metadata-ttl said. fsync (and 'sync' of a folder) waits until it is stored;"
                        + " other mounts see it once sent. Off by default: a close returns once the server stored the file."
            })
    boolean writeBack;

    @Option(
            names = "--allow-other",
            description = "Let other users of this machine (a notebook's non-root user) see the mount.")
    boolean allowOther;

    @Option(names = "--daemon", description = "Return once mounted, leaving the mount running in the background.")
    boolean daemon;

    @Option(
            names = "--log-file",
            paramLabel = "FILE",
            description = "With --daemon, where the mount logs (default: CACHE_DIR/mount.log).")
    Path logFile;

    @Override
    public Integer call() throws Exception {
        long cacheBytes;
        try {
            cacheBytes = ByteSize.parse(cacheSize);
        } catch (IllegalArgumentException e) {
            throw new CliException("--cache-size: " + e.getMessage(), 2);
        }
        if (metadataTtl < 0 || metadataTtl > 3600) throw new CliException("--metadata-ttl takes 0 to 3600 seconds", 2);
        Path cache =
                cacheDir != null ? cacheDir : Path.of(System.getProperty("user.home"), ".cache", "coffer", "mount");
        Mount.Notebook where = notebook();
        if (daemon) return daemonize(cache);
        Mount.Options options = new Mount.Options(
                mountPoint,
                cache,
                cacheBytes == ByteSize.UNLIMITED ? Long.MAX_VALUE : cacheBytes,
                Duration.ofMillis(Math.round(metadataTtl * 1000)),
                allDatasets,
                allowOther,
                8,
                writeBack);
        Mount mount = Mount.start(api(), where, options);
        Thread hook = new Thread(mount::close, "coffer-unmount");
        Runtime.getRuntime().addShutdownHook(hook);
        System.err.println("coffer: mounted notebook " + where.name() + " at " + mountPoint.toAbsolutePath()
                + "; 'coffer unmount " + mountPoint + "' or Ctrl-C unmounts");
        mount.awaitUnmount();
        mount.close();
        return 0;
    }

    /** The notebook to show: the one the notebook token stands for, or --notebook of the team. */
    private Mount.Notebook notebook() {
        SessionWire.Me me = api().get("/api/v1/me", SessionWire.Me.class);
        if (me.notebook() != null) {
            SessionWire.NotebookScope n = me.notebook();
            if (notebook != null && !notebook.equals(n.name())) {
                throw new CliException(
                        "this token belongs to notebook '" + n.name() + "', not '" + notebook
                                + "'; leave out --notebook or use that notebook's token",
                        2);
            }
            requireRunning(n.name(), n.state());
            return new Mount.Notebook(n.team(), n.name(), n.cluster());
        }
        if (notebook == null) {
            throw new CliException(
                    "which notebook? give --notebook NAME, or run the mount with the notebook's token"
                            + " (coffer notebooks token NAME)",
                    2);
        }
        NotebookWire.NotebookList list = api().get(
                        "/api/v1/teams/" + ApiClient.encodeName(team()) + "/notebooks",
                        NotebookWire.NotebookList.class);
        for (NotebookWire.Notebook n : list.notebooks()) {
            if (n.name().equals(notebook)) {
                requireRunning(n.name(), n.state());
                return new Mount.Notebook(team(), n.name(), n.cluster());
            }
        }
        throw new CliException(
                "team " + team() + " has no notebook named '" + notebook + "' (see 'coffer notebooks ls')", 4);
    }

    private static void requireRunning(String name, NotebookWire.NotebookState state) {
        if (state != NotebookWire.NotebookState.RUNNING) {
            throw new CliException(
                    "notebook " + name + " is " + (state == null ? "not running" : state.code())
                            + "; its files are shown only while it is Running",
                    3);
        }
    }

    /** Starts this same command without --daemon in the background and returns once it has mounted. */
    private int daemonize(Path cache) throws Exception {
        Files.createDirectories(cache);
        Path log = logFile != null ? logFile : cache.resolve("mount.log");
        // This JVM again, with its options and class path, and these arguments without --daemon.
        // (Not ProcessHandle's view of the command line: Linux cuts it at a page, a long class path.)
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        for (String arg : spec.commandLine().getParseResult().originalArgs())
            if (!arg.equals("--daemon")) command.add(arg);
        Process child = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true)
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Mount.isMounted(mountPoint)) {
                System.out.println("coffer: mounted at " + mountPoint.toAbsolutePath() + " (pid " + child.pid()
                        + ", log " + log + ")");
                return 0;
            }
            if (child.waitFor(200, TimeUnit.MILLISECONDS)) {
                throw new CliException(
                        "the mount stopped before it was ready (exit " + child.exitValue() + "); see " + log, 1);
            }
        }
        child.destroy();
        throw new CliException("the mount was not ready within 60 s; see " + log, 1);
    }
}
