package dev.coffer.bench.load;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * What the readers read, uploaded before the clock starts: {@value #FOLDERS} folders, each with
 * {@value #SMALL_PER_FOLDER} random files of 4 to 64 KiB and one of 1 MiB (2,020 files, about
 * 90 MB). Sizes and bytes come from a seeded generator, so every run reads the same files; the
 * bytes are random, so no file shares a chunk with another and a read costs what it would in
 * real use.
 */
public final class SeedSet {
    public static final String ROOT = "seed";
    public static final int FOLDERS = 20;
    public static final int SMALL_PER_FOLDER = 100;
    static final int SMALL_MIN = 4 * 1024;
    static final int SMALL_MAX = 64 * 1024;
    static final int LARGE = 1024 * 1024;
    /** Uploads in flight while seeding: enough to keep both cores busy, few enough not to meet the admin token's limit. */
    private static final int WORKERS = 8;

    private static final long SEED = 0x10AD5EEDL;

    private final List<StoredFile> files;
    private final List<String> folders;

    SeedSet(List<StoredFile> files, List<String> folders) {
        this.files = List.copyOf(files);
        this.folders = List.copyOf(folders);
    }

    public List<StoredFile> files() {
        return files;
    }

    public List<String> folders() {
        return folders;
    }

    /** Entries in each folder's listing: its small files and its large one. */
    public int entriesPerFolder() {
        return SMALL_PER_FOLDER + 1;
    }

    public long bytes() {
        return files.stream().mapToLong(StoredFile::size).sum();
    }

    /** Uploads the set through {@code operator}, {@value #WORKERS} files at a time, waiting out any 429. */
    static SeedSet upload(StorageClient operator, PrintStream log) throws InterruptedException {
        SplittableRandom sizes = new SplittableRandom(SEED);
        List<String> folders = new ArrayList<>();
        List<Callable<StoredFile>> uploads = new ArrayList<>();
        int index = 0;
        for (int d = 0; d < FOLDERS; d++) {
            String folder = String.format("%s/d%02d", ROOT, d);
            folders.add(folder);
            for (int f = 0; f < SMALL_PER_FOLDER; f++) {
                int size = SMALL_MIN + sizes.nextInt(SMALL_MAX - SMALL_MIN + 1);
                uploads.add(seedFile(operator, String.format("%s/f%03d.bin", folder, f), size, index++));
            }
            uploads.add(seedFile(operator, folder + "/large.bin", LARGE, index++));
        }
        log.printf("  seeding %d files in %d folders...%n", uploads.size(), FOLDERS);
        return new SeedSet(Parallel.run(WORKERS, uploads), folders);
    }

    /** The file's bytes depend only on its index, whichever worker makes them and when. */
    private static Callable<StoredFile> seedFile(StorageClient operator, String path, int size, int index) {
        return () -> {
            byte[] content = new byte[size];
            new SplittableRandom(SEED + 1 + index).nextBytes(content);
            Untimed.call("seeding " + path, () -> operator.upload(path, content));
            return StoredFile.of(path, content);
        };
    }
}
