package dev.coffer.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.cli.client.TreeListing;
import dev.coffer.dataset.VersionDigest;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;
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
        return new LocalFile(
                path,
                Path.of("/x", path),
                1000 + n,
                1_700_000_000_123_456_789L + n,
                5_000 + n,
                1_700_000_001_000_000_007L + n);
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
            List<Path> found =
                    s.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
            assertThat(found).as("one " + suffix + " file").hasSize(1);
            return found.getFirst();
        }
    }

    @Test
    void aSavedIndexReadsBackEveryEntryAndTrustsOnlyAnExactStat() throws IOException {
        fill(1000);
        LocalIndex again = LocalIndex.of(folder, env);
        for (int i = 0; i < 1000; i++)
            assertThat(again.digest(file("d" + (i % 10) + "/f" + i + ".bin", i)))
                    .isEqualTo(digest(i));
        LocalFile f = file("d3/f3.bin", 3);
        assertThat(again.digest(
                        new LocalFile(f.relative(), f.path(), f.size() + 1, f.mtimeNanos(), f.inode(), f.ctimeNanos())))
                .isNull();
        assertThat(again.digest(
                        new LocalFile(f.relative(), f.path(), f.size(), f.mtimeNanos() + 1, f.inode(), f.ctimeNanos())))
                .isNull();
        assertThat(again.digest(
                        new LocalFile(f.relative(), f.path(), f.size(), f.mtimeNanos(), f.inode() + 1, f.ctimeNanos())))
                .isNull();
        assertThat(again.digest(
                        new LocalFile(f.relative(), f.path(), f.size(), f.mtimeNanos(), f.inode(), f.ctimeNanos() + 1)))
                .isNull();
        assertThat(again.digest(file("unknown", 3))).isNull();
        // Any name a file system allows, newlines and non-ASCII included.
        again.put(file("odd\nname\t\u00e9\u65e5.txt", 1), digest(1));
        again.save();
        assertThat(LocalIndex.of(folder, env).digest(file("odd\nname\t\u00e9\u65e5.txt", 1)))
                .isEqualTo(digest(1));
    }

    @Test
    void theNextPushBelievesTheExtrasOfTheLastSaveNotTheFoldersLaterOnes() throws IOException {
        LocalIndex index = LocalIndex.of(folder, env);
        LocalFile a = file("d/a.bin", 1);
        index.put(a, digest(1));
        index.extras(new TreeExtras(
                Map.of("d", 1_000L), Map.of("l", new TreeListing.Link("d/a.bin", 2_000L)), Map.of("d/a.bin", 0755)));
        index.save();
        String asPushed = new VersionDigest()
                .file("d/a.bin", digest(1), a.size(), a.mtimeMillis(), 0755)
                .folder("d", 1_000L)
                .link("l", "d/a.bin", 2_000L)
                .digest();

        LocalIndex again = LocalIndex.of(folder, env);
        LocalIndex.AsVersion belief = again.asVersion();
        assertThat(belief.digest()).as("the version as saved, extras included").isEqualTo(asPushed);
        assertThat(belief.listing().folders()).containsExactly(Map.entry("d", 1_000L));
        assertThat(belief.listing().links()).containsExactly(Map.entry("l", new TreeListing.Link("d/a.bin", 2_000L)));
        assertThat(belief.listing().files().get("d/a.bin").mode()).isEqualTo(0755);

        // The folder moved on (a file made and deleted gave "d" a new time): only the next save records it.
        again.extras(new TreeExtras(Map.of("d", 9_000L), Map.of(), Map.of()));
        assertThat(again.asVersion().digest()).isNotEqualTo(asPushed);
        again.save();
        String moved = new VersionDigest()
                .file("d/a.bin", digest(1), a.size(), a.mtimeMillis())
                .folder("d", 9_000L)
                .digest();
        assertThat(LocalIndex.of(folder, env).asVersion().digest())
                .as("extras alone are saved too")
                .isEqualTo(moved);

        // Extras that do not match the recorded fingerprint (a crash between the two writes) are not believed.
        Files.writeString(only(".extras"), "{\"folders\":{\"d\":5},\"links\":{},\"modes\":{}}");
        assertThat(LocalIndex.of(folder, env).asVersion().digest()).isNotEqualTo(moved);
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
        assertThat(Files.readAllBytes(only(".idx")))
                .as("the base is not rewritten")
                .isEqualTo(base);
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
            for (int i = 0; i < 200; i++)
                index.put(file("d" + (i % 10) + "/f" + i + ".bin", round * 1000 + i), digest(round * 1000 + i));
            index.save();
            compacted = !Files.exists(journal);
            if (compacted) {
                LocalIndex again = LocalIndex.of(folder, env);
                for (int i = 0; i < 200; i++)
                    assertThat(again.digest(file("d" + (i % 10) + "/f" + i + ".bin", round * 1000 + i)))
                            .isEqualTo(digest(round * 1000 + i));
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
        Files.write(base, Arrays.copyOf(good, good.length - 3));
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
            Files.write(journal, Arrays.copyOf(whole, (int) cut));
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
        Files.writeString(
                indexDir().resolve(key),
                f.size() + "\t" + f.mtimeNanos() + "\t" + f.inode() + "\t" + f.ctimeNanos() + "\t" + digest(1) + "\t"
                        + f.relative() + "\n" + "garbage line\n");
        LocalIndex legacy = LocalIndex.of(folder, env);
        assertThat(legacy.digest(f)).isEqualTo(digest(1));
        legacy.save();
        assertThat(indexDir().resolve(key)).doesNotExist();
        assertThat(LocalIndex.of(folder, env).digest(f)).isEqualTo(digest(1));
    }

    /** What a dataset version of exactly these files has as its digest, computed here from scratch. */
    static String versionOf(Map<String, Long> files) {
        VersionDigest d = new VersionDigest();
        files.forEach((path, n) -> {
            LocalFile f = file(path, n);
            d.file(path, digest(n), f.size(), f.mtimeMillis());
        });
        return d.digest();
    }

    static Map<String, Long> filled(int count) {
        Map<String, Long> files = new TreeMap<>();
        for (int i = 0; i < count; i++) files.put("d" + (i % 10) + "/f" + i + ".bin", (long) i);
        return files;
    }

    @Test
    void theVersionDigestIsSavedBesideTheEntriesInTheBaseAndInEachJournalRecord() throws IOException {
        fill(1000);
        Map<String, Long> files = filled(1000);
        String first = versionOf(files);
        assertThat(new String(Files.readAllBytes(only(".idx")), StandardCharsets.ISO_8859_1))
                .as("saved, not only computed")
                .contains(first);
        LocalIndex.AsVersion loaded = LocalIndex.of(folder, env).asVersion();
        assertThat(loaded.digest()).isEqualTo(first);
        assertThat(loaded.listing().files()).hasSize(1000);
        LocalFile f7 = file("d7/f7.bin", 7);
        assertThat(loaded.listing().files().get("d7/f7.bin"))
                .isEqualTo(new TreeListing.File(f7.size(), f7.mtimeMillis(), digest(7)));

        LocalIndex index = LocalIndex.of(folder, env);
        index.put(file("d0/f0.bin", 5000), digest(5000));
        files.put("d0/f0.bin", 5000L);
        Set<String> present = new HashSet<>(files.keySet());
        present.remove("d3/f3.bin");
        files.remove("d3/f3.bin");
        String second = versionOf(files);
        assertThat(index.asVersion().digest())
                .as("changed since loading: computed, not the saved one")
                .isEqualTo(versionOf(merged(filled(1000), "d0/f0.bin", 5000L)));
        index.retain(present);
        index.save();
        assertThat(new String(Files.readAllBytes(only(".journal")), StandardCharsets.ISO_8859_1))
                .contains(second);
        assertThat(LocalIndex.of(folder, env).asVersion().digest()).isEqualTo(second);
    }

    static Map<String, Long> merged(Map<String, Long> files, String path, long n) {
        files.put(path, n);
        return files;
    }

    @Test
    void afterTwoSavesAtOnceTheVersionIsComputedFromWhatBothWrote() throws IOException {
        fill(100);
        LocalIndex a = LocalIndex.of(folder, env);
        LocalIndex b = LocalIndex.of(folder, env);
        a.put(file("from-a.bin", 1), digest(1));
        b.put(file("from-b.bin", 2), digest(2));
        a.save();
        b.save(); // b's record holds the digest of b's view, which lacks a's file
        Map<String, Long> both = filled(100);
        both.put("from-a.bin", 1L);
        both.put("from-b.bin", 2L);
        LocalIndex.AsVersion seen = LocalIndex.of(folder, env).asVersion();
        assertThat(seen.listing().files()).containsKeys("from-a.bin", "from-b.bin");
        assertThat(seen.digest()).isEqualTo(versionOf(both));
    }

    /** An entry as the first binary format wrote it (the same as now). */
    static void writeEntry(DataOutputStream out, LocalFile f, String digest) throws IOException {
        byte[] path = f.relative().getBytes(StandardCharsets.UTF_8);
        out.writeShort(path.length);
        out.write(path);
        out.writeLong(f.size());
        out.writeLong(f.mtimeNanos());
        out.writeLong(f.inode());
        out.writeLong(f.ctimeNanos());
        out.writeByte(digest.length());
        out.write(digest.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void filesOfTheFirstBinaryFormatAreReadAndTheNextSaveReplacesThem() throws IOException {
        fill(1);
        Path base = only(".idx");
        Path journal = indexDir().resolve(base.getFileName().toString().replace(".idx", ".journal"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write("CFIDXB01".getBytes(StandardCharsets.US_ASCII));
        out.writeLong(42);
        out.writeInt(1);
        writeEntry(out, file("only.bin", 9), digest(9));
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        out.writeInt((int) crc.getValue());
        Files.write(base, bytes.toByteArray());
        // A journal of that base, of that format: one record putting j.bin.
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        DataOutputStream p = new DataOutputStream(payload);
        p.writeInt(1);
        p.writeByte('P');
        writeEntry(p, file("j.bin", 10), digest(10));
        ByteArrayOutputStream j = new ByteArrayOutputStream();
        DataOutputStream jo = new DataOutputStream(j);
        jo.write("CFIDXJ01".getBytes(StandardCharsets.US_ASCII));
        jo.writeLong(42);
        jo.writeInt(payload.size());
        crc.reset();
        crc.update(payload.toByteArray());
        jo.writeInt((int) crc.getValue());
        jo.write(payload.toByteArray());
        Files.write(journal, j.toByteArray());

        LocalIndex old = LocalIndex.of(folder, env);
        assertThat(old.digest(file("only.bin", 9))).isEqualTo(digest(9));
        assertThat(old.digest(file("j.bin", 10))).isEqualTo(digest(10));
        assertThat(old.asVersion().digest()).isEqualTo(versionOf(Map.of("only.bin", 9L, "j.bin", 10L)));
        old.put(file("new.bin", 11), digest(11));
        old.save(); // not appended to the old journal, whose reader would stop at the new record
        LocalIndex now = LocalIndex.of(folder, env);
        assertThat(now.digest(file("only.bin", 9))).isEqualTo(digest(9));
        assertThat(now.digest(file("j.bin", 10))).isEqualTo(digest(10));
        assertThat(now.digest(file("new.bin", 11))).isEqualTo(digest(11));
        assertThat(now.asVersion().digest()).isEqualTo(versionOf(Map.of("only.bin", 9L, "j.bin", 10L, "new.bin", 11L)));
    }
}
