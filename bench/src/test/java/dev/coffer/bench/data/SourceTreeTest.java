package dev.coffer.bench.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated tree: the same every time, shaped as promised, and changed between versions as promised. */
class SourceTreeTest {
    private static final int FILES = 3000;

    @TempDir
    Path dir;

    @Test
    void the_same_seed_writes_the_same_tree_byte_for_byte() throws IOException {
        SourceTree a = SourceTree.write(dir.resolve("a"), FILES);
        SourceTree b = SourceTree.write(dir.resolve("b"), FILES);
        assertThat(snapshot(b.root())).isEqualTo(snapshot(a.root()));
        a.nextVersion();
        b.nextVersion();
        assertThat(snapshot(b.root())).isEqualTo(snapshot(a.root()));
    }

    @Test
    void small_text_files_in_folders_two_to_eight_deep_with_relative_links() throws IOException {
        SourceTree t = SourceTree.write(dir.resolve("t"), FILES);
        assertThat(t.files()).isEqualTo(FILES);
        assertThat(t.maxDepth()).isBetween(SourceTree.MIN_DEPTH + 1, SourceTree.MAX_DEPTH);
        int[] byDepth = t.filesByDepth();
        int shallow = byDepth[0] + byDepth[1];
        assertThat(shallow).isLessThan(FILES / 50);
        List<Long> sizes = new ArrayList<>();
        List<Path> links = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(t.root())) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isSymbolicLink(p)) links.add(p);
                else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) sizes.add(Files.size(p));
            }
        }
        assertThat(sizes).hasSize(FILES);
        long[] sorted = sizes.stream().mapToLong(Long::longValue).sorted().toArray();
        assertThat(sorted[sorted.length / 2]).isBetween(2048L, 8192L);
        assertThat(links).hasSize(t.links());
        assertThat(t.links()).isGreaterThanOrEqualTo(10);
        for (Path link : links) {
            Path target = Files.readSymbolicLink(link);
            assertThat(target.isAbsolute()).isFalse();
            assertThat(Files.exists(link)).as("%s -> %s", link, target).isTrue();
            assertThat(link.getParent().resolve(target).normalize()).startsWith(t.root());
        }
        String sample = Files.readString(t.root().resolve(firstFile(t.root())));
        assertThat(sample).contains("\n").doesNotContain("\0");
    }

    @Test
    void a_next_version_edits_three_percent_in_the_middle_and_stamps_everything_anew() throws IOException {
        SourceTree t = SourceTree.write(dir.resolve("t"), FILES);
        Map<String, String> before = snapshot(t.root());
        Map<String, Long> timesBefore = times(t.root());
        t.nextVersion();
        Map<String, String> after = snapshot(t.root());
        Map<String, Long> timesAfter = times(t.root());
        SourceTree.Change change = t.lastChange();
        assertThat(change.changed()).isEqualTo(Math.round(SourceTree.CHANGED_SHARE * FILES));
        assertThat(change.added()).isEqualTo(2);
        assertThat(change.deleted()).isEqualTo(2);
        long edited = before.keySet().stream()
                .filter(after::containsKey)
                .filter(k -> !before.get(k).equals(after.get(k)))
                .count();
        assertThat(edited).isEqualTo(change.changed());
        assertThat(t.files()).isEqualTo(FILES);
        // Every file, link and folder has a new time, and all the same one.
        assertThat(timesAfter.values()).doesNotContainAnyElementsOf(timesBefore.values());
        assertThat(timesAfter.values().stream().distinct()).hasSize(1);
    }

    @Test
    void an_edit_keeps_most_of_a_bigger_file_in_place() throws IOException {
        SourceTree t = SourceTree.write(dir.resolve("t"), FILES);
        Map<String, byte[]> big = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(t.root())) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && Files.size(p) > 32 * 1024)
                    big.put(t.root().relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        t.nextVersion();
        int checked = 0;
        for (var e : big.entrySet()) {
            Path p = t.root().resolve(e.getKey());
            if (!Files.exists(p)) continue;
            byte[] now = Files.readAllBytes(p);
            if (Arrays.equals(now, e.getValue())) continue;
            byte[] was = e.getValue();
            int prefix = 0;
            while (prefix < Math.min(was.length, now.length) && was[prefix] == now[prefix]) prefix++;
            int suffix = 0;
            while (suffix < Math.min(was.length, now.length) - prefix
                    && was[was.length - 1 - suffix] == now[now.length - 1 - suffix]) suffix++;
            assertThat(prefix + suffix).as(e.getKey()).isGreaterThan(was.length * 9 / 10);
            assertThat(prefix).as(e.getKey()).isGreaterThan(was.length / 5);
            checked++;
        }
        assertThat(checked).isPositive();
    }

    private static String firstFile(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return root.relativize(walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                            .findFirst()
                            .orElseThrow())
                    .toString();
        }
    }

    /** Every entry's relative path and what it is: a file's bytes (as text), a link's target, a folder. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String rel = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) out.put(rel, "-> " + Files.readSymbolicLink(p));
                else if (Files.isDirectory(p)) out.put(rel, "/");
                else out.put(rel, Files.readString(p));
            }
        }
        return out;
    }

    private static Map<String, Long> times(Path root) throws IOException {
        Map<String, Long> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator)
                out.put(
                        root.relativize(p).toString(),
                        Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis());
        }
        return out;
    }
}
