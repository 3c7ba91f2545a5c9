package dev.coffer.cli;

import dev.coffer.cli.client.CliException;
import dev.coffer.cli.client.Location;
import dev.coffer.cli.client.TreeListing;
import dev.coffer.cli.local.LocalDestination;
import dev.coffer.cli.local.LocalFile;
import dev.coffer.cli.local.LocalTree;
import dev.coffer.cli.transfer.Downloader;
import dev.coffer.cli.transfer.Futures;
import dev.coffer.cli.transfer.Progress;
import dev.coffer.cli.transfer.SourceTransfers;
import dev.coffer.cli.transfer.TransferStats;
import dev.coffer.cli.transfer.TreeShape;
import dev.coffer.cli.transfer.TreeUploader;
import dev.coffer.cli.transfer.Uploader;
import dev.coffer.wire.FileWire;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "cp",
        description = {
            "Copy files between this machine and Coffer, or between any two remote trees (volumes, drafts, versions).",
            "Uploads send only chunks the server lacks, so re-running an interrupted copy resumes it;",
            "every file is verified by its digest at the end. With -r, a folder's contents go into the destination folder."
        })
final class CpCommand extends ClientCommand implements Callable<Integer> {
    @Option(
            names = {"-r", "--recursive"},
            description = "Copy folders and everything in them.")
    boolean recursive;

    @Option(
            names = {"-P", "--parallel"},
            description = "Transfers in flight at once (default: 4).",
            defaultValue = "4")
    int parallel;

    @Option(
            names = "--checksum",
            description = "Read and hash every file, even those whose size and time match the remote copy.")
    boolean checksum;

    @Parameters(index = "0", paramLabel = "SOURCE")
    String source;

    @Parameters(index = "1", paramLabel = "DEST")
    String dest;

    private final TransferStats stats = new TransferStats();
    /** What the folders, links and special files of a recursive copy came to. */
    private TreeShape.Counts shape = new TreeShape.Counts(0, 0, 0, 0);

    @Override
    public Integer call() throws Exception {
        if (parallel < 1 || parallel > 64) throw new CliException("--parallel must be between 1 and 64", 2);
        long started = System.nanoTime();
        Location from = Location.parse(source);
        Location to = Location.parse(dest);
        switch (from) {
            case Location.Local l when to instanceof Location.Remote r -> upload(l.path(), r);
            case Location.Remote r when to instanceof Location.Local l -> download(r, l.path());
            case Location.Remote a when to instanceof Location.Remote b -> duplicate(a, b);
            default -> throw new CliException("one of SOURCE and DEST must be remote (" + Location.FORMS + ")", 2);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("files", stats.files.get());
            out.put("bytes", stats.bytes.get());
            out.put("chunks", stats.chunks.get());
            out.put("chunksSent", stats.chunksSent.get());
            out.put("bytesSent", stats.bytesSent.get());
            out.put("bytesReceived", stats.bytesReceived.get());
            out.put("skipped", stats.skipped.get());
            out.put("links", shape.links());
            out.put("unsupported", shape.unsupported());
            out.put("linksRefused", shape.refusedLinks());
            out.put("seconds", Math.round(seconds * 1000) / 1000.0);
            printJson(out);
        } else if (interactive()) {
            System.err.printf(
                    "%d file(s), %d bytes in %.1f s (%d bytes sent)%n",
                    stats.files.get(), stats.bytes.get(), seconds, stats.bytesSent.get());
            if (shape.unsupported() > 0)
                System.err.printf("%d file(s) that cannot be stored were skipped (named above)%n", shape.unsupported());
        }
        return 0;
    }

    private void upload(Path src, Location.Remote dst) throws IOException {
        if (!Files.exists(src)) throw new CliException("no such file or folder: " + src, 4);
        if (dst.isSource()) {
            uploadToSource(src, dst);
            return;
        }
        if (Files.isDirectory(src)) {
            if (!recursive) throw new CliException(src + " is a folder: use -r to copy it", 2);
            uploadTree(src, dst);
            return;
        }
        FileWire.FileEntry existing = statOrNull(dst);
        Location.Remote target =
                dst.path().endsWith("/") || (existing != null && existing.type() == FileWire.EntryType.FOLDER)
                        ? dst.child(src.getFileName().toString())
                        : dst;
        FileWire.FileEntry there = target == dst ? existing : statOrNull(target);
        if (!checksum
                && there != null
                && there.type() == FileWire.EntryType.FILE
                && there.size() == Files.size(src)
                && there.mtime() == Files.getLastModifiedTime(src).toMillis()) {
            stats.skipped.incrementAndGet();
            return;
        }
        try (Uploader up = new Uploader(api(), team(), parallel, stats);
                Progress p = Progress.start(src.getFileName().toString(), Files.size(src), interactive())) {
            up.upload(src, target, p);
        }
    }

    private void uploadTree(Path root, Location.Remote dst) throws IOException {
        LocalTree.Scan scan = LocalTree.scan(root);
        // Quick check, as rsync and rclone do: a file whose size, modification time and mode match
        // the remote copy is not read again (--checksum reads and hashes every file).
        TreeListing remote = TreeListing.of(api(), team(), dst);
        List<TreeUploader.Item> items = new ArrayList<>();
        for (LocalFile f : scan.files().values().stream()
                .sorted(Comparator.comparing(LocalFile::relative))
                .toList()) {
            TreeListing.File there = remote.files().get(f.relative());
            if (!checksum
                    && there != null
                    && there.size() == f.size()
                    && there.mtime() == f.mtimeMillis()
                    && there.mode() == f.modeToKeep()) {
                stats.skipped.incrementAndGet();
                continue;
            }
            items.add(new TreeUploader.Item(f.path(), f.relative(), f.size(), f.modeToKeep()));
        }
        new TreeUploader(api(), team(), parallel, stats)
                .upload(
                        items,
                        dst,
                        root.getFileName() == null
                                ? "upload"
                                : root.getFileName().toString(),
                        interactive());
        shape = TreeShape.send(api(), team(), dst, scan, remote);
        if (!dst.path().isEmpty())
            TreeShape.sendRootTime(
                    api(), team(), dst, Files.getLastModifiedTime(root).toMillis(), statOrNull(dst));
    }

    /** Into a data source: plain streamed files (the bucket keeps objects, not Coffer's chunks). */
    private void uploadToSource(Path src, Location.Remote dst) throws IOException {
        boolean folder = Files.isDirectory(src);
        if (folder && !recursive) throw new CliException(src + " is a folder: use -r to copy it", 2);
        Location.Remote target = dst;
        if (!folder) {
            FileWire.FileEntry existing = statOrNull(dst);
            if (dst.path().endsWith("/") || (existing != null && existing.type() == FileWire.EntryType.FOLDER))
                target = dst.child(src.getFileName().toString());
        }
        new SourceTransfers(api(), team(), stats).upload(src, target, interactive());
    }

    private void download(Location.Remote src, Path dst) throws IOException {
        FileWire.FileEntry st = statOrNull(src);
        if (st == null) throw new CliException(src + " does not exist", 4);
        if (src.isSource()) {
            if (st.type() == FileWire.EntryType.FOLDER && !recursive)
                throw new CliException(src + " is a folder: use -r to copy it", 2);
            new SourceTransfers(api(), team(), stats).download(src, st, dst, interactive());
            return;
        }
        Downloader down = new Downloader(api(), team(), stats);
        if (st.type() == FileWire.EntryType.FOLDER) {
            if (!recursive) throw new CliException(src + " is a folder: use -r to copy it", 2);
            Files.createDirectories(dst);
            LocalDestination dest = LocalDestination.of(dst);
            TreeListing listing = TreeListing.of(api(), team(), src);
            Map<String, TreeListing.File> files = listing.files();
            // Every name is checked before the first byte is written: a hostile listing writes nothing.
            Map<String, Path> locals = new HashMap<>();
            for (String name : files.keySet()) locals.put(name, dest.resolve(name));
            for (String name : listing.links().keySet()) dest.resolve(name);
            TreeShape.makeFolders(dest, listing);
            long total =
                    files.values().stream().mapToLong(TreeListing.File::size).sum();
            ExecutorService pool = Executors.newFixedThreadPool(parallel);
            try (Progress p = Progress.start(src.name().isEmpty() ? "download" : src.name(), total, interactive())) {
                List<Future<?>> pending = new ArrayList<>();
                for (var e : files.entrySet()) {
                    TreeListing.File meta = e.getValue();
                    Path local = locals.get(e.getKey());
                    if (sameAsLocal(meta.size(), meta.mtime(), local)) {
                        stats.skipped.incrementAndGet();
                        continue;
                    }
                    Location.Remote from = src.child(e.getKey());
                    pending.add(pool.submit(() -> {
                        down.download(from, meta.digest(), meta.mtime(), local, p);
                        return null;
                    }));
                }
                for (Future<?> f : pending) Futures.await(f);
            } finally {
                pool.shutdownNow();
            }
            shape = TreeShape.finish(dst, dest, listing);
            if (st.mtime() != 0) TreeShape.setTime(dst, st.mtime());
            return;
        }
        Path target = Files.isDirectory(dst) ? dst.resolve(src.name()) : dst;
        try (Progress p = Progress.start(src.name(), st.size(), interactive())) {
            down.download(src, st.digest(), st.mtime(), target, p);
        }
    }

    /** The quick check of downloads: same size and modification time means the same file (unless --checksum). */
    private boolean sameAsLocal(long size, long mtime, Path local) throws IOException {
        return !checksum
                && Files.isRegularFile(local)
                && Files.size(local) == size
                && Files.getLastModifiedTime(local).toMillis() == mtime;
    }

    private void duplicate(Location.Remote a, Location.Remote b) {
        if (a.isSource() && b.isSource()) {
            throw new CliException(
                    "a copy from a data source into a data source does not run on the server: copy through a local"
                            + " folder (coffer cp -r " + a + " DIR, then coffer cp -r DIR " + b + ")",
                    2);
        }
        FileWire.FileEntry existing = statOrNull(b);
        Location.Remote target =
                b.path().endsWith("/") || (existing != null && existing.type() == FileWire.EntryType.FOLDER)
                        ? b.child(a.name())
                        : b;
        // One request, whatever the two trees are: the server shares the content (or, to or from a
        // bucket, streams it there); nothing passes through this machine.
        api().postJson(b.apiBase(team()) + "/copy", new FileWire.CopyRequest(a.path(), target.path(), a.sourceFor(b)));
        stats.files.incrementAndGet();
    }
}
