package dev.coffer.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.content.ChunkRef;
import dev.coffer.content.Manifest;
import dev.coffer.error.CofferException;
import dev.coffer.gc.Fsck;
import dev.coffer.gc.GarbageCollector;
import dev.coffer.tree.VolumePath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** How versions share stored content: copies from volumes and versions, new bytes, GC and fsck. */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES", "POSTGRES_S3"})
class DatasetStorageContract extends DatasetTestBase {

    Set<String> chunkHashes() {
        return new HashSet<>(db.withHandle(h ->
                h.createQuery("SELECT hash FROM chunks").mapTo(String.class).list()));
    }

    static Set<String> hashes(Manifest m) {
        Set<String> out = new HashSet<>();
        for (ChunkRef c : m.chunks()) out.add(c.id().hex());
        return out;
    }

    long storedSize(Manifest m) {
        return db.withHandle(h -> h.createQuery("SELECT COALESCE(SUM(stored_size), 0) FROM chunks WHERE hash IN (<h>)")
                .bindList("h", List.copyOf(hashes(m)))
                .mapTo(Long.class)
                .one());
    }

    /** Runs GC with no grace period (a moment later: its cutoff is strict); what it removes is what its plan said it would. */
    void collect() throws Exception {
        clock.advance(Duration.ofSeconds(1));
        GarbageCollector gc = new GarbageCollector(db, blobs);
        GarbageCollector.Plan plan = gc.plan(Duration.ZERO);
        GarbageCollector.Result done = gc.execute(Duration.ZERO);
        assertThat(done.chunksRemoved()).isEqualTo(plan.chunks());
        assertThat(done.contentsRemoved()).isEqualTo(plan.contents());
    }

    @Test
    void copying_from_a_storage_volume_shares_content_and_stores_nothing_new() throws Exception {
        tree.putFile(storage, p("data/raw/a.bin"), store(random(1, 400_000)), 11);
        tree.putFile(storage, p("data/raw/b.bin"), store(random(2, 100)), 12);
        tree.putFile(storage, p("data/notes.txt"), store("notes"), 13);
        tree.mkdir(storage, p("data/empty"), false);
        long contents = count("contents");
        long chunks = count("chunks");
        Dataset ds = dataset("ds");
        Version d = draft(ds);
        drafts.copyFromVolume(d, storage, p("data"), p("imported"));
        drafts.copyFromVolume(d, storage, p("data/notes.txt"), p("top/notes.txt"));
        assertThat(listAll(d, "imported", 10)).containsExactly("empty", "notes.txt", "raw");
        Version v = drafts.commit(d, null);
        assertThat(reader.stat(v, p("imported/raw/a.bin")).contentId())
                .isEqualTo(tree.stat(storage, p("data/raw/a.bin")).contentId());
        assertThat(reader.stat(v, p("top/notes.txt")).contentId())
                .isEqualTo(tree.stat(storage, p("data/notes.txt")).contentId());
        assertThat(reader.stat(v, p("imported/raw/b.bin")).mtime()).isEqualTo(12);
        assertThat(reader.stat(v, p("imported/empty")).directory()).isTrue();
        assertThat(bytes(v, "imported/raw/a.bin")).isEqualTo(random(1, 400_000));
        assertThat(count("contents")).isEqualTo(contents);
        assertThat(count("chunks")).isEqualTo(chunks);
        assertThat(v.newBytes()).as("the volume holds every byte already").isZero();
        assertThat(v.fileCount()).isEqualTo(4);
        assertThatThrownBy(() -> drafts.copyFromVolume(draft(ds), storage, p("nothing"), p("x")))
                .isInstanceOf(CofferException.NotFound.class);
        // The volume may change afterwards: the version keeps what it copied.
        tree.delete(storage, p("data"), true);
        collect();
        assertThat(bytes(v, "imported/raw/a.bin")).isEqualTo(random(1, 400_000));
    }

    @Test
    void copying_from_another_version_shares_its_folder_in_one_step() throws Exception {
        Dataset source = dataset("source");
        Version d = draft(source);
        put(d, "images/1.txt", "one", "images/2.txt", "two", "labels.csv", "l");
        Version s1 = drafts.commit(d, null);
        Dataset ds = dataset("ds");
        Version d2 = draft(ds);
        long trees = count("dataset_trees");
        drafts.copyFromVersion(d2, s1, p("images"), p("from-source/images"));
        drafts.copyFromVersion(d2, s1, p("labels.csv"), p("labels.csv"));
        drafts.copyFromVersion(d2, s1, VolumePath.ROOT, p("everything"));
        assertThat(count("dataset_trees")).as("nothing copied but references").isEqualTo(trees);
        Version v = drafts.commit(d2, null);
        assertThat(files(v))
                .containsOnlyKeys(
                        "/from-source/images/1.txt",
                        "/from-source/images/2.txt",
                        "/labels.csv",
                        "/everything/images/1.txt",
                        "/everything/images/2.txt",
                        "/everything/labels.csv");
        assertThat(text(v, "everything/images/2.txt")).isEqualTo("two");
        assertThat(v.newBytes()).isZero();
        assertThatThrownBy(() -> drafts.copyFromVersion(draft(ds), draft(source), p("images"), p("x")))
                .isInstanceOf(CofferException.Conflict.class)
                .hasMessageContaining("draft");
    }

    @Test
    void gc_after_deleting_a_version_reclaims_exactly_the_chunks_only_it_used() throws Exception {
        Manifest shared = store(random(10, 700_000));
        Manifest inVolume = store(random(11, 300_000));
        Manifest onlyV2 = store(random(12, 900_000));
        Manifest inV2AndV3 = store(random(13, 200_000));
        tree.putFile(storage, p("vol.bin"), inVolume, 1);
        Dataset ds = dataset("ds");
        Version d1 = draft(ds);
        drafts.put(d1, p("shared.bin"), shared, 1);
        Version v1 = drafts.commit(d1, null);
        assertThat(v1.newBytes()).isEqualTo(storedSize(shared));
        Version d2 = draft(ds);
        drafts.put(d2, p("only.bin"), onlyV2, 1);
        drafts.put(d2, p("both.bin"), inV2AndV3, 1);
        drafts.put(d2, p("vol-copy.bin"), inVolume, 1);
        Version v2 = drafts.commit(d2, null);
        assertThat(v2.newBytes()).isEqualTo(storedSize(onlyV2) + storedSize(inV2AndV3));
        Version d3 = drafts.create(ds, Drafts.Parent.of(v1), null, null);
        drafts.put(d3, p("both-again.bin"), inV2AndV3, 1);
        Version v3 = drafts.commit(d3, null);
        assertThat(v3.newBytes()).isZero();

        Set<String> before = chunkHashes();
        drafts.deleteVersion(v2);
        collect();
        Set<String> gone = new HashSet<>(before);
        gone.removeAll(chunkHashes());
        assertThat(gone).isEqualTo(hashes(onlyV2));
        assertThat(bytes(v1, "shared.bin")).isEqualTo(random(10, 700_000));
        assertThat(bytes(v3, "both-again.bin")).isEqualTo(random(13, 200_000));
        assertThat(datasets.resolve(team, "ds").id()).isEqualTo(v3.id());
        Fsck.Report report = new Fsck(db, blobs).run();
        assertThat(report.problems()).isEmpty();
        assertThat(report.unreferencedBlobs()).isZero();
        assertThat(report.treesChecked()).isGreaterThan(0);

        drafts.deleteVersion(v1);
        drafts.deleteVersion(v3);
        collect();
        assertThat(chunkHashes()).isEqualTo(hashes(inVolume));
        assertThat(count("dataset_tree_entries")).isZero();
        assertThat(new Fsck(db, blobs).run().problems()).isEmpty();
    }

    @Test
    void gc_keeps_what_an_open_draft_holds_and_reclaims_it_once_discarded() throws Exception {
        Manifest m = store(random(20, 500_000));
        Dataset ds = dataset("ds");
        Version d = draft(ds);
        drafts.put(d, p("draft.bin"), m, 1);
        collect();
        assertThat(bytes(d, "draft.bin")).isEqualTo(random(20, 500_000));
        drafts.discard(d);
        collect();
        assertThat(chunkHashes()).doesNotContainAnyElementsOf(hashes(m));
    }

    @Test
    void a_version_keeps_its_parents_files_after_the_parent_is_deleted() throws Exception {
        Dataset ds = dataset("ds");
        Version d1 = draft(ds);
        drafts.put(d1, p("a/keep.bin"), store(random(30, 300_000)), 1);
        Version v1 = drafts.commit(d1, null);
        Version d2 = draft(ds);
        drafts.deleteVersion(v1);
        collect();
        assertThat(bytes(d2, "a/keep.bin"))
                .as("the draft holds the tree it started from")
                .isEqualTo(random(30, 300_000));
        put(d2, "b.txt", "b");
        Version v2 = drafts.commit(d2, null);
        collect();
        assertThat(bytes(v2, "a/keep.bin")).isEqualTo(random(30, 300_000));
        assertThat(new Fsck(db, blobs).run().problems()).isEmpty();
    }

    @Test
    void concurrent_drafts_commits_and_deletes_keep_reference_counts_exact() throws Exception {
        Dataset ds = dataset("ds");
        Version seed = draft(ds);
        for (int i = 0; i < 30; i++) put(seed, "base/f" + i, "base " + i);
        drafts.commit(seed, null);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            final int worker = t;
            work.add(pool.submit(() -> {
                for (int round = 0; round < 4; round++) {
                    Version d = draft(ds);
                    put(
                            d,
                            "w" + worker + "/r" + round,
                            "shared text " + round,
                            "base/f" + (worker * 4 + round),
                            "edit " + worker);
                    Version latest = datasets.resolve(team, "ds:1");
                    drafts.copyFromVersion(d, latest, p("base"), p("copies/w" + worker + "-" + round));
                    drafts.move(d, p("w" + worker + "/r" + round), p("moved/w" + worker + "-" + round));
                    Version v = drafts.commit(d, null);
                    if (round % 2 == 1) drafts.deleteVersion(v);
                }
                return null;
            }));
        }
        for (var f : work) f.get();
        pool.shutdown();
        assertThat(new Fsck(db, blobs).run().problems()).isEmpty();
        for (Version v : datasets.versions(ds)) assertThat(files(v)).isNotEmpty();
        assertThat(datasets.versions(ds)).hasSize(1 + 8);
        datasets.delete(ds);
        assertThat(count("dataset_tree_entries")).isZero();
    }

    @Test
    void fsck_finds_a_tampered_tree_node_and_a_wrong_reference_count() throws Exception {
        Dataset ds = dataset("ds");
        Version d = draft(ds);
        put(d, "x/y.txt", "y", "z.txt", "z");
        drafts.commit(d, null);
        assertThat(new Fsck(db, blobs).run().problems()).isEmpty();
        db.useWrite(h -> h.createUpdate("UPDATE dataset_tree_entries SET mtime = mtime + 1 WHERE name = 'z.txt'")
                .execute());
        assertThat(new Fsck(db, blobs).run().problems()).anyMatch(p -> p.contains("does not match its hash"));
        db.useWrite(h -> h.createUpdate("UPDATE dataset_tree_entries SET mtime = mtime - 1 WHERE name = 'z.txt'")
                .execute());
        db.useWrite(h -> h.createUpdate(
                        "UPDATE dataset_trees SET refs = refs + 1 WHERE hash IN (SELECT child_tree FROM dataset_tree_entries WHERE name = 'x')")
                .execute());
        assertThat(new Fsck(db, blobs).run().problems())
                .anyMatch(p -> p.contains("counts 2 references but 1 point at it"));
    }
}
