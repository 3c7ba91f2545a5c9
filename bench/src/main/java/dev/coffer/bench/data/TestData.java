package dev.coffer.bench.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Makes the benchmark inputs from a seeded generator: every run (and every machine) measures the
 * same bytes, and the bytes are incompressible and free of repeats, so no tool gains from
 * compression or deduplication within one ingest.
 */
public final class TestData {
    private static final long SEED = 0xC0FFE2L;

    private TestData() {}

    /** One file of {@code bytes} random bytes. */
    public static DataSet largeFile(Path dir, long bytes) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("big.bin");
        SplittableRandom random = new SplittableRandom(SEED);
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            long left = bytes;
            while (left > 0) {
                buf.clear();
                fill(buf, random);
                buf.limit((int) Math.min(buf.capacity(), left));
                while (buf.hasRemaining()) left -= ch.write(buf);
            }
            // On disk before any timing starts, so no tool pays for writing back the generator's pages.
            ch.force(true);
        }
        return new DataSet("large", mib(bytes) + " MiB random file", file, 1, bytes, false);
    }

    /** {@code folders} folders of {@code perFolder} random files of {@code size} bytes each. */
    public static DataSet smallFiles(Path dir, int folders, int perFolder, int size) throws IOException {
        Path root = dir.resolve("small");
        SplittableRandom random = new SplittableRandom(SEED + 1);
        ByteBuffer buf = ByteBuffer.allocate(roundUp8(size)).order(ByteOrder.LITTLE_ENDIAN);
        for (int d = 0; d < folders; d++) {
            Path folder = Files.createDirectories(root.resolve(String.format("d%03d", d)));
            for (int f = 0; f < perFolder; f++) {
                buf.clear();
                fill(buf, random);
                Files.write(folder.resolve(String.format("f%04d.bin", f)), Arrays.copyOf(buf.array(), size));
            }
        }
        long files = (long) folders * perFolder;
        String what = files + " files of " + (size % 1024 == 0 ? size / 1024 + " KiB" : size + " B") + " in " + folders
                + " folders";
        return new DataSet("small", what, root, files, files * size, true);
    }

    /**
     * {@code folders} folders of {@code perFolder} random files of 1 to 4 KiB (sizes from the
     * same seeded generator), for the dataset version benchmark.
     */
    public static DataSet versionFiles(Path dir, int folders, int perFolder) throws IOException {
        Path root = dir.resolve("version");
        SplittableRandom random = new SplittableRandom(SEED + 2);
        ByteBuffer buf = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        long bytes = 0;
        for (int d = 0; d < folders; d++) {
            Path folder = Files.createDirectories(root.resolve(String.format("d%03d", d)));
            for (int f = 0; f < perFolder; f++) {
                int size = 1024 + random.nextInt(3 * 1024 + 1);
                buf.clear();
                fill(buf, random);
                Files.write(folder.resolve(String.format("f%04d.bin", f)), Arrays.copyOf(buf.array(), size));
                bytes += size;
            }
        }
        long files = (long) folders * perFolder;
        return new DataSet("version", files + " files of 1-4 KiB in " + folders + " folders", root, files, bytes, true);
    }

    /**
     * Rewrites {@code count} files of a {@link #versionFiles} tree with new random bytes (one
     * file per folder in turn, each keeping its size): the change between two versions.
     */
    public static long changeFiles(DataSet set, int folders, int perFolder, int count) throws IOException {
        SplittableRandom random = new SplittableRandom(SEED + 3);
        ByteBuffer buf = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            Path file = set.path()
                    .resolve(String.format("d%03d", i % folders))
                    .resolve(String.format("f%04d.bin", (i / folders * 7) % perFolder));
            int size = (int) Files.size(file);
            buf.clear();
            fill(buf, random);
            Files.write(file, Arrays.copyOf(buf.array(), size));
            bytes += size;
        }
        return bytes;
    }

    private static void fill(ByteBuffer buf, SplittableRandom random) {
        while (buf.remaining() >= 8) buf.putLong(random.nextLong());
        buf.flip();
    }

    private static int roundUp8(int n) {
        return (n + 7) & ~7;
    }

    private static long mib(long bytes) {
        return bytes / (1024 * 1024);
    }
}
