package dev.coffer.bench.data;

import dev.coffer.bench.BenchException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What a tool left on disk. Two measures, because they differ a lot for many small files: the sum
 * of file sizes says how much data a tool wrote; the allocated space ({@code du}, folders
 * included) says how much of the disk it costs.
 */
public record DiskUsage(long bytes, long allocated) {

    public static DiskUsage of(Path root) {
        if (!Files.exists(root)) return new DiskUsage(0, 0);
        long sum = 0;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p)) sum += Files.size(p);
            }
        } catch (IOException e) {
            throw new BenchException("cannot measure " + root + ": " + e.getMessage(), e);
        }
        return new DiskUsage(sum, allocated(root));
    }

    /** Java has no portable view of st_blocks, so ask du (coreutils; bench/run checks it is there). */
    private static long allocated(Path root) {
        try {
            Process p = new ProcessBuilder("du", "-s", "-B1", root.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) throw new BenchException("du " + root + " failed: " + out);
            return Long.parseLong(out.split("\\s+")[0]);
        } catch (IOException e) {
            throw new BenchException("cannot run du: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted while running du", e);
        }
    }

    public DiskUsage minus(DiskUsage before) {
        return new DiskUsage(bytes - before.bytes, allocated - before.allocated);
    }
}
