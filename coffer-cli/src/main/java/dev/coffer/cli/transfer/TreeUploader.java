package dev.coffer.cli.transfer;

import dev.coffer.cli.client.ApiClient;
import dev.coffer.cli.client.Location;
import dev.coffer.cli.client.RelPath;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Uploads a set of local files under one remote folder, which is a volume's folder or a dataset
 * draft: small files several batches at a time ({@link BatchUploader}), big ones one after
 * another, each in parallel chunks ({@link Uploader}).
 */
public final class TreeUploader {
    /** Files up to this size are uploaded several at a time; bigger ones one after another, each in parallel chunks. */
    private static final long SMALL_FILE = 1024 * 1024;
    /** Small files travel in batches of at most this many files and bytes. */
    private static final int BATCH_FILES = 1000;

    private static final long BATCH_BYTES = 8L * 1024 * 1024;

    private final ApiClient api;
    private final String team;
    private final int parallel;
    private final TransferStats stats;

    public TreeUploader(ApiClient api, String team, int parallel, TransferStats stats) {
        this.api = api;
        this.team = team;
        this.parallel = parallel;
        this.stats = stats;
    }

    /**
     * A local file, its size, its '/'-separated path under the destination folder, the permission
     * bits to keep (0: none) and the content digest the destination already holds at that path
     * with those bits (null: none or not known). A small file whose content turns out to be that
     * one only has its time set (see {@link BatchUploader}).
     */
    public record Item(Path local, String relative, long size, int mode, String digestThere) {
        public Item(Path local, String relative, long size, int mode) {
            this(local, relative, size, mode, null);
        }

        public Item(Path local, String relative, long size) {
            this(local, relative, size, 0);
        }
    }

    /** Uploads {@code items} under {@code dst}; returns each file's committed digest by relative path. */
    public Map<String, String> upload(List<Item> items, Location.Remote dst, String task, boolean showProgress)
            throws IOException {
        long total = items.stream().mapToLong(Item::size).sum();
        Map<String, String> digests = new ConcurrentHashMap<>();
        ExecutorService batches = Executors.newFixedThreadPool(parallel);
        BatchUploader small = new BatchUploader(api, team, stats);
        try (Uploader up = new Uploader(api, team, parallel, stats);
                Progress p = Progress.start(task, total, showProgress)) {
            List<Future<?>> pending = new ArrayList<>();
            List<BatchUploader.SmallFile> batch = new ArrayList<>();
            long batchBytes = 0;
            for (Item f : byFolder(items)) {
                if (f.size() <= SMALL_FILE) {
                    batch.add(new BatchUploader.SmallFile(f.local(), f.relative(), f.mode(), f.digestThere()));
                    batchBytes += f.size();
                    if (batch.size() >= BATCH_FILES || batchBytes >= BATCH_BYTES) {
                        List<BatchUploader.SmallFile> full = List.copyOf(batch);
                        pending.add(batches.submit(() -> {
                            record(full, small.upload(dst, full, p), digests);
                            return null;
                        }));
                        batch.clear();
                        batchBytes = 0;
                    }
                } else {
                    Location.Remote target = dst;
                    for (String part : f.relative().split("/")) target = target.child(part);
                    digests.put(f.relative(), up.upload(f.local(), target, p, f.mode()));
                }
            }
            if (!batch.isEmpty()) record(batch, small.upload(dst, batch, p), digests);
            for (Future<?> f : pending) Futures.await(f);
        } finally {
            batches.shutdownNow();
        }
        return digests;
    }

    /**
     * The items with each folder's files together, folders in path order: a batch then holds the
     * files of a few folders, and the server looks up and changes a few folders per batch instead
     * of hundreds (a walk's map gives them in no order).
     */
    static List<Item> byFolder(List<Item> items) {
        // Each item's folder is found once, not at every comparison (40,000 files: ~600,000 of them).
        record Keyed(String folder, Item item) {}
        Comparator<Keyed> order =
                Comparator.comparing(Keyed::folder).thenComparing(k -> k.item().relative());
        return items.stream()
                .map(i -> new Keyed(RelPath.parent(i.relative()), i))
                .sorted(order)
                .map(Keyed::item)
                .toList();
    }

    private static void record(List<BatchUploader.SmallFile> files, List<String> sent, Map<String, String> digests) {
        for (int i = 0; i < files.size(); i++) digests.put(files.get(i).relative(), sent.get(i));
    }
}
