package dev.coffer.bench.data;

import dev.coffer.bench.BenchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removal of what a round wrote, so a run of 2 GiB inputs does not pile up several copies on disk. */
public final class Scratch {
    private Scratch() {}

    public static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new BenchException("cannot remove " + root + ": " + e.getMessage(), e);
        }
    }
}
