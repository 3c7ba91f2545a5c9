package dev.coffer.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * An incrementally kept digest equals the digest of the same files computed from scratch, after
 * every kind of change. (That a digest from scratch is the server's is shown by the dataset
 * contracts, on both databases.) A tiny node shape makes folders of a few dozen names several
 * levels deep, so that re-hashing one node and re-cutting one folder are both exercised.
 */
class VersionDigestTest {
    private static final TreeShape TINY = new TreeShape(4);

    record File(String digest, long size, long mtime) {}

    static String fromScratch(TreeShape shape, Map<String, File> files) {
        VersionDigest d = new VersionDigest(shape);
        files.forEach((p, f) -> d.file(p, f.digest(), f.size(), f.mtime()));
        return d.digest();
    }

    static String digest(Random r) {
        return String.format("%016x%016x%016x%016x", r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong());
    }

    @Test
    void an_incremental_digest_follows_content_changes_additions_and_removals_exactly() {
        for (TreeShape shape : List.of(TINY, TreeShape.DEFAULT)) {
            Random r = new Random(7);
            Map<String, File> files = new TreeMap<>();
            VersionDigest kept = new VersionDigest(shape);
            for (int i = 0; i < 600; i++) {
                String p = "f" + (i % 5) + "/" + (i % 3 == 0 ? "sub" + (i % 4) + "/" : "") + "n" + i;
                File f = new File(digest(r), i, 1000 + i);
                files.put(p, f);
                kept.file(p, f.digest(), f.size(), f.mtime());
            }
            assertThat(kept.digest()).isEqualTo(fromScratch(shape, files));
            for (int round = 0; round < 40; round++) {
                List<String> paths = new ArrayList<>(files.keySet());
                for (int op = 0; op < 1 + r.nextInt(6); op++) {
                    int kind = r.nextInt(10);
                    String p = paths.get(r.nextInt(paths.size()));
                    if (kind < 6) { // new content, the name stays
                        File f = new File(digest(r), r.nextInt(5000), 2000 + round);
                        files.put(p, f);
                        kept.file(p, f.digest(), f.size(), f.mtime());
                    } else if (kind < 8) {
                        files.remove(p);
                        kept.remove(p);
                    } else {
                        String added = "f" + r.nextInt(7) + "/" + (r.nextBoolean() ? "new" + r.nextInt(3) + "/" : "")
                                + "a" + round + "-" + op;
                        File f = new File(digest(r), op, 3000 + round);
                        files.put(added, f);
                        kept.file(added, f.digest(), f.size(), f.mtime());
                    }
                }
                assertThat(kept.digest()).as("round " + round).isEqualTo(fromScratch(shape, files));
            }
            // Emptying a folder takes it away, as a version made of files has no empty folder.
            for (String p : new ArrayList<>(files.keySet())) {
                if (p.startsWith("f2/")) {
                    files.remove(p);
                    kept.remove(p);
                }
            }
            assertThat(kept.digest()).isEqualTo(fromScratch(shape, files));
            kept.remove("no/such/file");
            assertThat(kept.digest()).isEqualTo(fromScratch(shape, files));
        }
    }

    @Test
    void a_file_cannot_replace_a_folder_or_lie_below_a_file_and_empty_names_are_refused() {
        VersionDigest d = new VersionDigest();
        d.file("a/b", "00", 1, 1);
        String before = d.digest();
        assertThatThrownBy(() -> d.file("a", "00", 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.file("a/b/c", "00", 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.file("a//c", "00", 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(d.digest()).isEqualTo(before);
        assertThat(new VersionDigest().digest()).isEqualTo(TreeShape.EMPTY);
    }
}
