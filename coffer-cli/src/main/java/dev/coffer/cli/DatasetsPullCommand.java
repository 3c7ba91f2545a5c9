package dev.coffer.cli;

import dev.coffer.cli.client.CliException;
import dev.coffer.cli.client.Location;
import dev.coffer.cli.client.TreeListing;
import dev.coffer.cli.local.LocalDestination;
import dev.coffer.cli.local.LocalFile;
import dev.coffer.cli.local.LocalIndex;
import dev.coffer.cli.local.LocalTree;
import dev.coffer.cli.local.TreeExtras;
import dev.coffer.cli.transfer.ArchiveDownloader;
import dev.coffer.cli.transfer.Downloader;
import dev.coffer.cli.transfer.Futures;
import dev.coffer.cli.transfer.Progress;
import dev.coffer.cli.transfer.TransferStats;
import dev.coffer.cli.transfer.TreeShape;
import dev.coffer.wire.DatasetWire;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "pull",
        description = {
            "Download a version of a dataset into a local folder.",
            "A local file of the right size whose digest (from this machine's index, or read again when its stat changed)",
            "equals the version's is kept; every downloaded file is verified by its digest. Local files the version does",
            "not have are left alone (and counted) unless --delete."
        })
final class DatasetsPullCommand extends DatasetCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME[:REF]")
    String ref;

    @Parameters(index = "1", paramLabel = "DIR")
    Path dir;

    @Option(names = "--delete", description = "Delete local files the version does not have.")
    boolean delete;

    @Option(
            names = {"-P", "--parallel"},
            description = "Downloads in flight at once (default: 4).",
            defaultValue = "4")
    int parallel;

    /** From this many files (and at least half the version), downloads travel as one archive. */
    private static final int ARCHIVE_MIN_FILES = 100;

    private final TransferStats stats = new TransferStats();

    @Override
    public Integer call() throws Exception {
        if (parallel < 1 || parallel > 64) throw new CliException("--parallel must be between 1 and 64", 2);
        long started = System.nanoTime();
        DatasetWire.Version v = resolve(ref);
        // Pinned to the number: the latest or a tag may move while we download.
        Location.Remote version = Location.Remote.dataset(isPublic, nameOf(ref) + ":" + v.number(), "");
        TreeListing listing = TreeListing.of(api(), team(), version);
        Map<String, TreeListing.File> remote = listing.files();
        Files.createDirectories(dir);
        LocalDestination dest = LocalDestination.of(dir);
        for (String path : listing.links().keySet()) dest.resolve(path);
        TreeShape.makeFolders(dest, listing);
        Map<String, LocalFile> local = LocalTree.files(dir);
        LocalIndex index = LocalIndex.of(dir, System.getenv());

        int hashed = 0;
        List<Map.Entry<String, TreeListing.File>> todo = new ArrayList<>();
        long total = 0;
        for (var e : remote.entrySet()) {
            dest.resolve(e.getKey()); // refuses a name that would land outside the folder, before anything is written
            LocalFile f = local.get(e.getKey());
            String digest = e.getValue().digest();
            if (f != null && f.size() == e.getValue().size()) {
                String have = index.digest(f);
                if (have == null) {
                    have = LocalIndex.hash(f.path());
                    hashed++;
                    index.put(f, have);
                }
                if (have.equals(digest)) {
                    stats.skipped.incrementAndGet();
                    continue;
                }
            }
            todo.add(e);
            total += e.getValue().size();
        }
        download(version, todo, total, index, remote.size(), dest);
        TreeShape.Counts shape = TreeShape.finish(dir, dest, listing);

        List<String> extra =
                local.keySet().stream().filter(p -> !remote.containsKey(p)).toList();
        if (delete) for (String p : extra) Files.deleteIfExists(dir.resolve(p));
        Set<String> present = new HashSet<>(remote.keySet());
        if (!delete) present.addAll(extra);
        index.retain(present);
        index.extras(TreeExtras.of(listing));
        index.save();

        double seconds = (System.nanoTime() - started) / 1e9;
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("version", v.number());
            out.put("files", remote.size());
            out.put("filesDownloaded", stats.files.get());
            out.put("filesSkipped", stats.skipped.get());
            out.put("filesHashed", hashed);
            out.put("links", listing.links().size());
            out.put("linksRefused", shape.refusedLinks());
            out.put("bytesReceived", stats.bytesReceived.get());
            out.put(delete ? "localFilesDeleted" : "localFilesKept", extra.size());
            out.put("seconds", Math.round(seconds * 1000) / 1000.0);
            printJson(out);
        } else {
            System.out.printf(
                    "pulled %s into %s: %d downloaded, %d already there, %s received in %.1f s%n",
                    v.ref(), dir, stats.files.get(), stats.skipped.get(), bytes(stats.bytesReceived.get()), seconds);
            if (!extra.isEmpty()) {
                System.out.println(
                        delete
                                ? "deleted " + extra.size() + " local file(s) the version does not have"
                                : extra.size()
                                        + " local file(s) the version does not have were left alone (--delete removes them)");
            }
        }
        return 0;
    }

    /** Files in one archive request when most of the version is wanted; otherwise one request each, several at once. */
    private void download(
            Location.Remote version,
            List<Map.Entry<String, TreeListing.File>> todo,
            long total,
            LocalIndex index,
            int remoteFiles,
            LocalDestination dest)
            throws Exception {
        Downloader down = new Downloader(api(), team(), stats);
        try (Progress p = Progress.start(nameOf(ref), total, interactive())) {
            if (todo.size() >= ARCHIVE_MIN_FILES && todo.size() * 2L >= remoteFiles) {
                Map<String, ArchiveDownloader.Wanted> wanted = new HashMap<>();
                for (var e : todo)
                    wanted.put(
                            e.getKey(),
                            new ArchiveDownloader.Wanted(
                                    e.getValue().digest(), e.getValue().mtime()));
                new ArchiveDownloader(api(), team(), down).download(version, wanted, dest, p);
                for (var e : todo)
                    index.put(LocalTree.stat(dir, e.getKey()), e.getValue().digest());
                return;
            }
            ExecutorService pool = Executors.newFixedThreadPool(parallel);
            try {
                List<Future<?>> pending = new ArrayList<>();
                for (var e : todo) {
                    TreeListing.File meta = e.getValue();
                    pending.add(pool.submit(() -> {
                        String digest = meta.digest();
                        down.download(version.child(e.getKey()), digest, meta.mtime(), dest.resolve(e.getKey()), p);
                        index.put(LocalTree.stat(dir, e.getKey()), digest);
                        return null;
                    }));
                }
                for (Future<?> f : pending) Futures.await(f);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
