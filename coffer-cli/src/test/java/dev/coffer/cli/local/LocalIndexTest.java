package dev.coffer.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local index on disk: base + journal round trips, compaction, and damage that costs re-reads, never a wrong answer. */
class LocalIndexTest {
    @TempDir
    Path tmp;
    Path folder;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws IOException {
        folder = Files.createDirectories(tmp.resolve("folder"));
        env = Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString());
    }

    static LocalFile file(String path, long n) {
        return new LocalFile(path, Path.of("/x", path), 1000 + n, 1_700_000_000_123_456_789L + n, 5_000 + n, 1_700_000_001_000_000_007L + n);
    }

    static String digest(long n) {
        return String.format("%064x", n * 7919);
    }

    LocalIndex fill(int count) throws IOException {
        LocalIndex index = LocalIndex.of(folder, env);
        for (int i = 0; i < count; i++) index.put(file("d" + (i % 10) + "/f" + i + ".bin", i), digest(i));
        index.save();
        return index;
    }

    Path indexDir() {
        return tmp.resolve("cache/coffer/index");
    }

    Path only(String suffix) throws IOException {
        try (Stream<Path> s = Files.list(indexDir())) {
            List<Path> found = s.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
            assertThat(found).as("one " + suffix + " file").hasSize(1);
            return found.getFirst();
        }
    }

    @Test
    void aSavedIndexReadsBackEveryEntryAndTrustsOnlyAnExactStat() throws IOException {
        fill(1000);
        LocalIndex again = LocalIndex.of(folder, env);
        for (int i = 0; i < 1000; i++) assertThat(again.digest(file("d" + (i % 10) + "/f" + i + ".bin", i))).isEqualTo(digest(i));
        LocalFile f = file("d3/f3.bin", 3);
        assertThat(again.digest(new LocalFile(f.relative(), f.path(), f.size() + 1, f.mtimeNanos(), f.inode(), f.ctimeNanos()))).isNull();
        assertThat(again.digest(new LocalFile(f.relative(), f.path(), f.size(), f.mtimeNanos() + 1, f.inode(), f.ctimeNanos()))).isNull();
        assertThat(again.digest(new LocalFile(f.relative(), f.path(), f.size(), f.mtimeNanos(), f.inode() + 1, f.ctimeNanos()))).isNull();
        assertThat(again.digest(new LocalFile(f.relative(), f.path(), f.size(), f.mtimeNanos(), f.inode(), f.ctimeNanos() + 1))).isNull();
        assertThat(again.digest(file("unknown", 3))).isNull();
        // Any name a file system allows, newlines and non-ASCII included.
        again.put(file("odd\nname\t\u00e9\u65e5.txt", 1), digest(1));
        again.save();
        assertThat(LocalIndex.of(folder, env).digest(file("odd\nname\t\u00e9\u65e5.txt", 1))).isEqualTo(digest(1));
    }

    @Test
    void laterSavesAppendToTheJournalAndAReloadSeesTheirChangesAndDeletions() throws IOException {
        fill(1000);
        byte[] base = Files.readAllBytes(only(".idx"));
        LocalIndex index = LocalIndex.of(folder, env);
        index.put(file("d0/f0.bin", 10_000), digest(10_000)); // changed
        index.put(file("new.bin", 1), digest(1)); // added
        index.put(file("d1/f1.bin", 1), digest(1)); // the same again: nothing to record
        Set<String> present = new HashSet<>();
        for (int i = 0; i < 1000; i++) if (i != 5) present.add("d" + (i % 10) + "/f" + i + ".bin");
        present.add("new.bin");
        index.retain(present);
        index.save();
        assertThat(Files.readAllBytes(only(".idx"))).as("the base is not rewritten").isEqualTo(base);
        assertThat(Files.size(only(".journal"))).as("a small record").isLessThan(500);

        LocalIndex again = LocalIndex.of(folder, env);
        assertThat(again.digest(file("d0/f0.bin", 10_000))).isEqualTo(digest(10_000));
        assertThat(again.digest(file("d0/f0.bin", 0))).as("the old stat").isNull();
        assertThat(again.digest(file("new.bin", 1))).isEqualTo(digest(1));
        assertThat(again.digest(file("d5/f5.bin", 5))).as("deleted").isNull();
        assertThat(again.digest(file("d7/f7.bin", 7))).isEqualTo(digest(7));
    }

    @Test
    void aGrowingJournalIsFoldedIntoANewBase() throws IOException {
        fill(10);
        Path journal = indexDir().resolve(only(".idx").getFileName().toString().replace(".idx", ".journal"));
        boolean compacted = false;
        for (int round = 1; round <= 40 && !compacted; round++) {
            LocalIndex index = LocalIndex.of(folder, env);
            for (int i = 0; i < 200; i++) index.put(file("d" + (i % 10) + "/f" + i + ".bin", round * 1000 + i), digest(round * 1000 + i));
            index.save();
            compacted = !Files.exists(journal);
            if (compacted) {
                LocalIndex again = LocalIndex.of(folder, env);
                for (int i = 0; i < 200; i++) assertThat(again.digest(file("d" + (i % 10) + "/f" + i + ".bin", round * 1000 + i))).isEqualTo(digest(round * 1000 + i));
            }
        }
        assertThat(compacted).as("the journal was folded into the base").isTrue();
    }

    @Test
    void aDamagedOrTruncatedBaseIsIgnoredWhole() throws IOException {
        fill(100);
        Path base = only(".idx");
        byte[] good = Files.readAllBytes(base);
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x20;
        Files.write(base, flipped);
        assertThat(LocalIndex.of(folder, env).digest(file("d1/f1.bin", 1))).isNull();
        Files.write(base, java.util.Arrays.copyOf(good, good.length - 3));
        assertThat(LocalIndex.of(folder, env).digest(file("d1/f1.bin", 1))).isNull();
        Files.write(base, new byte[0]);
        assertThat(LocalIndex.of(folder, env).digest(file("d1/f1.bin", 1))).isNull();
        Files.write(base, good);
        assertThat(LocalIndex.of(folder, env).digest(file("d1/f1.bin", 1))).isEqualTo(digest(1));
    }

    @Test
    void aTornJournalRecordIsIgnoredAndTheRecordsBeforeItKept() throws IOException {
        fill(100);
        LocalIndex first = LocalIndex.of(folder, env);
        first.put(file("a.bin", 1), digest(1));
        first.save();
        Path journal = only(".journal");
        long afterFirst = Files.size(journal);
        LocalIndex second = LocalIndex.of(folder, env);
        second.put(file("b.bin", 2), digest(2));
        second.put(file("c.bin", 3), digest(3));
        second.save();
        byte[] whole = Files.readAllBytes(journal);

        // A crash in the middle of the second save: all of it is forgotten, none of it half-trusted.
        for (long cut = afterFirst + 1; cut < whole.length; cut += 7) {
            Files.write(journal, java.util.Arrays.copyOf(whole, (int) cut));
            LocalIndex seen = LocalIndex.of(folder, env);
            assertThat(seen.digest(file("a.bin", 1))).isEqualTo(digest(1));
            assertThat(seen.digest(file("b.bin", 2))).isNull();
            assertThat(seen.digest(file("c.bin", 3))).isNull();
        }
        // A damaged byte inside the second record: the same.
        byte[] damaged = whole.clone();
        damaged[whole.length - 10] ^= 1;
        Files.write(journal, damaged);
        LocalIndex seen = LocalIndex.of(folder, env);
        assertThat(seen.digest(file("a.bin", 1))).isEqualTo(digest(1));
        assertThat(seen.digest(file("c.bin", 3))).isNull();
        // Undamaged, both records count.
        Files.write(journal, whole);
        assertThat(LocalIndex.of(folder, env).digest(file("c.bin", 3))).isEqualTo(digest(3));
    }

    @Test
    void aJournalOfAnotherBaseIsIgnored() throws IOException {
        fill(100);
        LocalIndex index = LocalIndex.of(folder, env);
        index.put(file("a.bin", 1), digest(1));
        index.save();
        Path journal = only(".journal");
        byte[] old = Files.readAllBytes(journal);
        // A crash after a compaction renamed the new base in but before it removed the journal.
        Files.delete(only(".idx"));
        fill(100);
        Files.write(journal, old, StandardOpenOption.CREATE);
        assertThat(LocalIndex.of(folder, env).digest(file("a.bin", 1))).isNull();
        assertThat(LocalIndex.of(folder, env).digest(file("d2/f2.bin", 2))).isEqualTo(digest(2));
    }

    @Test
    void theTextIndexOfEarlierVersionsIsReadThenReplaced() throws IOException {
        LocalIndex.of(folder, env); // creates nothing
        LocalFile f = file("d1/f1.bin", 1);
        fill(1);
        String key = only(".idx").getFileName().toString().replace(".idx", "");
        try (Stream<Path> s = Files.list(indexDir())) {
            for (Path p : s.toList()) Files.delete(p);
        }
        Files.writeString(indexDir().resolve(key), f.size() + "\t" + f.mtimeNanos() + "\t" + f.inode() + "\t" + f.ctimeNanos() + "\t" + digest(1) + "\t" + f.relative() + "\n"
                + "garbage line\n");
        LocalIndex legacy = LocalIndex.of(folder, env);
        assertThat(legacy.digest(f)).isEqualTo(digest(1));
        legacy.save();
        assertThat(indexDir().resolve(key)).doesNotExist();
        assertThat(LocalIndex.of(folder, env).digest(f)).isEqualTo(digest(1));
    }
}
