package dev.coffer.cli;

import dev.coffer.cli.client.ApiClient;
import dev.coffer.cli.client.CliException;
import dev.coffer.cli.client.Location;
import dev.coffer.cli.client.TreeListing;
import dev.coffer.cli.local.LocalFile;
import dev.coffer.cli.local.LocalIndex;
import dev.coffer.cli.local.LocalTree;
import dev.coffer.cli.local.TreeExtras;
import dev.coffer.cli.transfer.Futures;
import dev.coffer.cli.transfer.PushPlan;
import dev.coffer.cli.transfer.TransferStats;
import dev.coffer.cli.transfer.TreeShape;
import dev.coffer.cli.transfer.TreeUploader;
import dev.coffer.wire.DatasetWire;
import dev.coffer.wire.FileWire;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "push",
        description = {
            "Make a new version of a dataset from a local folder, and commit it.",
            "The draft starts from the latest version (or --parent). A local file whose size",
            "and time are the parent's, and whose stat (size, mtime, inode, ctime) is exactly",
            "the one this machine's index recorded with its digest, is not read at all. Other",
            "files are hashed and only chunks the server lacks are sent; the parent's files",
            "missing locally are deleted from the new version. When nothing changed no version",
            "is made (\"nothing changed\"). When the parent is the version this folder was last",
            "pushed or pulled as (its digest says so), its file list is not even fetched.",
            "The index lives in ${XDG_CACHE_HOME:-~/.cache}/coffer/index;",
            "deleting it is safe (the next push reads every file again)."
        })
final class DatasetsPushCommand extends DatasetCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR")
    Path dir;

    @Parameters(index = "1", paramLabel = "NAME")
    String name;

    @Option(
            names = {"-m", "--message"},
            paramLabel = "MSG")
    String message;

    @Option(
            names = "--parent",
            paramLabel = "REF",
            description = "Version to start from: number or tag (default: latest).")
    String parent;

    @Option(names = "--no-parent", description = "Start from an empty version: every local file is sent.")
    boolean noParent;

    @Option(
            names = {"-P", "--parallel"},
            description = "Transfers in flight at once (default: 4).",
            defaultValue = "4")
    int parallel;

    private final TransferStats stats = new TransferStats();
    /** When each step ended, in seconds since the start: where the time of a push goes. */
    private final Map<String, Double> timings = Collections.synchronizedMap(new LinkedHashMap<>());

    private long started;
    /** The index being written while the server commits; null when not started. */
    private Future<Void> saving;

    @Override
    public Integer call() throws Exception {
        if (parallel < 1 || parallel > 64) throw new CliException("--parallel must be between 1 and 64", 2);
        if (noParent && parent != null) throw new CliException("give --parent or --no-parent, not both", 2);
        if (name.contains(":"))
            throw new CliException("push makes a new version: name the dataset only (the parent is --parent)", 2);
        if (!Files.isDirectory(dir)) throw new CliException("no such folder: " + dir, 4);
        started = System.nanoTime();

        // Nothing waits on the parent's number: the walk (stat calls) and the index load start at
        // once, on threads of their own, while the ref is resolved. The parent's file list is
        // usually already known: when this folder was last pushed (or pulled) as that very
        // version, the index holds its files, and the digest of a version holding exactly the
        // indexed files equals the parent's digest. Only otherwise is the parent listed.
        Future<LocalTree.Scan> walking = background("walked", () -> LocalTree.scan(dir));
        api(); // made here, once: the threads below and this one would each make a client otherwise
        Future<LocalIndex> loading = background("indexLoaded", () -> LocalIndex.of(dir, System.getenv()));
        // Once the index says which version it is, it prepares the digest the save at the end needs.
        CompletableFuture<LocalIndex.AsVersion> indexed = new CompletableFuture<>();
        background("versionPrepared", () -> {
            LocalIndex index;
            try {
                index = Futures.await(loading);
                // The belief covers folder times, links and modes as they were at the last save; the
                // walk's (which a new or deleted file has moved) are what the save at the end records.
                indexed.complete(noParent ? null : index.asVersion());
                index.extras(TreeExtras.of(Futures.await(walking)));
            } catch (Exception | Error e) { // whoever waits must hear of it, not wait forever
                indexed.completeExceptionally(e);
                throw e;
            }
            timings.put("indexDigested", seconds(started));
            index.prepareVersion();
            return null;
        });
        DatasetWire.Version base = noParent ? null : parentVersion();
        timings.put("parentFound", seconds(started));
        TreeListing remote = new TreeListing(Map.of());
        String parentFrom = null;
        if (base != null) {
            long number = base.number();
            LocalIndex.AsVersion known = Futures.await(indexed);
            if (known != null && known.digest().equals(base.digest())) {
                remote = known.listing();
                parentFrom = "index";
            } else {
                remote = list(name + ":" + number);
                timings.put("parentListed", seconds(started));
                parentFrom = "server";
            }
        }
        LocalTree.Scan scan = Futures.await(walking);
        Map<String, LocalFile> local = scan.files();
        LocalIndex index = Futures.await(loading);

        List<TreeUploader.Item> changed = new ArrayList<>();
        int unchanged = 0;
        for (LocalFile f : local.values()) {
            TreeListing.File there = remote.files().get(f.relative());
            if (there != null
                    && there.size() == f.size()
                    && there.mtime() == f.mtimeMillis()
                    && there.digest() != null
                    && there.mode() == f.modeToKeep()
                    && there.digest().equals(index.digest(f))) {
                unchanged++;
            } else {
                // Same size and bits as the parent's file: if hashing finds its content, only its time is sent.
                String digestThere = there != null && there.size() == f.size() && there.mode() == f.modeToKeep()
                        ? there.digest()
                        : null;
                changed.add(new TreeUploader.Item(f.path(), f.relative(), f.size(), f.modeToKeep(), digestThere));
            }
        }
        List<String> deleted = PushPlan.deletions(scan, remote);
        boolean shapeChanged = TreeShape.differs(scan, remote);

        timings.put("compared", seconds(started));
        Map<String, Object> out = new LinkedHashMap<>();
        if (base != null && changed.isEmpty() && deleted.isEmpty() && !shapeChanged) {
            out.put("version", base.number());
            out.put("nothingChanged", true);
            if (!json)
                System.out.println(
                        "nothing changed: " + base.ref() + " already has the files of " + dir + "; no version made");
        } else {
            DatasetWire.Version committed = pushVersion(base, changed, deleted, local, index, scan, remote);
            out.put("version", committed.number());
            out.put("nothingChanged", false);
            out.put("files", orZero(committed.files()));
            out.put("size", orZero(committed.size()));
            out.put("newBytes", orZero(committed.newBytes()));
            if (!json)
                System.out.printf(
                        "committed %s: %d files, %s, %s new (%d sent, %d unchanged, %d deleted)%n",
                        committed.ref(),
                        orZero(committed.files()),
                        bytes(orZero(committed.size())),
                        bytes(orZero(committed.newBytes())),
                        changed.size(),
                        unchanged,
                        deleted.size());
        }
        if (saving == null) {
            saveIndex(index, local);
            timings.put("indexSaved", seconds(started));
        } else {
            Futures.await(saving);
        }
        out.put("parent", base == null ? null : base.number());
        out.put("parentFrom", parentFrom);
        out.put("filesHashed", changed.size());
        out.put("filesUnchanged", unchanged);
        out.put("filesDeleted", deleted.size());
        out.put("filesRetimed", stats.retimed.get());
        out.put("links", scan.links().size());
        out.put("unsupported", scan.unsupported().size());
        out.put("chunksSent", stats.chunksSent.get());
        out.put("bytesSent", stats.bytesSent.get());
        out.put("seconds", seconds(started));
        out.put("secondsAt", timings);
        if (json) printJson(out);
        return 0;
    }

    /**
     * Runs {@code task} on a thread of its own and notes when it ended. Not the common pool: on
     * two cores it has one thread, and the index load would wait for the listing.
     */
    private <T> Future<T> background(String step, Callable<T> task) {
        FutureTask<T> f = new FutureTask<>(() -> {
            T result = task.call();
            timings.put(step, seconds(started));
            return result;
        });
        Thread.ofPlatform().daemon().name("coffer-" + step).start(f);
        return f;
    }

    private TreeListing list(String ref) {
        return TreeListing.of(api(), team(), Location.Remote.dataset(isPublic, ref, ""));
    }

    private Void saveIndex(LocalIndex index, Map<String, LocalFile> local) throws IOException {
        index.retain(local.keySet());
        index.save();
        return null;
    }

    private static double seconds(long since) {
        return Math.round((System.nanoTime() - since) / 1e6) / 1000.0;
    }

    /** The committed version the draft starts from, or null for a first push without --parent. */
    private DatasetWire.Version parentVersion() {
        try {
            return resolve(parent == null ? name : name + ":" + parent);
        } catch (ApiClient.ProblemException e) {
            if (e.status() != 404 || parent != null) throw e;
            api().getJson(dataset(name)); // a missing dataset says so; a dataset without versions gets its first
            return null;
        }
    }

    private DatasetWire.Version pushVersion(
            DatasetWire.Version base,
            List<TreeUploader.Item> changed,
            List<String> deleted,
            Map<String, LocalFile> local,
            LocalIndex index,
            LocalTree.Scan scan,
            TreeListing remote)
            throws Exception {
        var draftRequest = new DatasetWire.DraftRequest(
                DatasetWire.VersionSelector.parse(base == null ? "none" : String.valueOf(base.number())), message);
        long n = api().post(dataset(name) + "/versions", draftRequest, DatasetWire.Version.class)
                .number();
        Location.Remote target = Location.Remote.dataset(isPublic, name + ":" + n, "");
        try {
            timings.put("draftStarted", seconds(started));
            // Deleted first: a path that was a folder and is now a file (or the other way round) is free for its new
            // kind.
            delete(target, deleted);
            timings.put("deleted", seconds(started));
            Map<String, String> digests =
                    new TreeUploader(api(), team(), parallel, stats).upload(changed, target, name, interactive());
            timings.put("uploaded", seconds(started));
            // The sent files' stat is checked again while links and folder times are sent.
            Future<Void> indexing = background("indexed", () -> {
                for (var e : digests.entrySet()) {
                    LocalFile before = local.get(e.getKey());
                    // Indexed only if the file did not change while it was read: its stat is the walk's.
                    LocalFile now = LocalTree.stat(dir, e.getKey());
                    if (now.equals(before)) index.put(now, e.getValue());
                }
                return null;
            });
            TreeShape.send(api(), team(), target, scan, remote);
            timings.put("shapeSent", seconds(started));
            // The index says what local files hold, not what the server has: it is saved while
            // the server commits (and is right whether or not the commit succeeds).
            saving = background("indexSaved", () -> {
                Futures.await(indexing);
                return saveIndex(index, local);
            });
            DatasetWire.Version committed = api().post(
                            dataset(name) + "/versions/" + n + "/commit",
                            new DatasetWire.CommitRequest(message),
                            DatasetWire.Version.class);
            timings.put("committed", seconds(started));
            return committed;
        } catch (Exception e) {
            if (saving != null) {
                try {
                    saving.get(); // not cut off by the exit: a torn save is safe, but would be lost work
                } catch (ExecutionException ignored) {
                    // the original failure is what the user needs to see
                }
            }
            // The chunks sent stay on the server for a while: pushing again sends only what they lack.
            try {
                api().delete(dataset(name) + "/versions/" + n);
            } catch (RuntimeException ignored) {
                // the original failure is what the user needs to see
            }
            throw e;
        }
    }

    /** Paths per request of {@link #delete}: the server takes at most 10,000 at once. */
    private static final int DELETIONS_PER_REQUEST = 10_000;

    /** Deletes the paths from the draft, 10,000 to a request (each request one transaction). */
    private void delete(Location.Remote draft, List<String> paths) {
        for (int i = 0; i < paths.size(); i += DELETIONS_PER_REQUEST) {
            List<String> slice = paths.subList(i, Math.min(paths.size(), i + DELETIONS_PER_REQUEST));
            api().postJson(draft.url(team(), "deletions"), new FileWire.DeleteRequest(slice, true));
        }
    }
}
