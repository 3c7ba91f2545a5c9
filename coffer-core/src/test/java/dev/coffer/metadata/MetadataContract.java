package dev.coffer.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.blob.LocalBlobStore;
import dev.coffer.chunk.ChunkId;
import dev.coffer.content.ChunkLocation;
import dev.coffer.content.ChunkRef;
import dev.coffer.content.ChunkScope;
import dev.coffer.content.ContentStore;
import dev.coffer.content.Manifest;
import dev.coffer.db.Database;
import dev.coffer.error.CofferException;
import dev.coffer.gc.Fsck;
import dev.coffer.gc.GarbageCollector;
import dev.coffer.team.Teams;
import dev.coffer.testkit.Backend;
import dev.coffer.testkit.TestClock;
import dev.coffer.tree.Entry;
import dev.coffer.tree.FileCommit;
import dev.coffer.tree.FileEntry;
import dev.coffer.tree.FilePage;
import dev.coffer.tree.VolumePath;
import dev.coffer.tree.VolumeTree;
import dev.coffer.usage.TeamUsage;
import dev.coffer.volume.Volume;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The metadata contract: one suite, run against every SQL database Coffer supports (SQLite and
 * a real PostgreSQL). Each test gets a fresh database and content folder.
 */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class MetadataContract {
    @TempDir
    Path tmp;

    final TestClock clock = new TestClock();
    Database db;
    LocalBlobStore blobs;
    ContentStore content;
    VolumeTree tree;
    Teams teams;
    TeamUsage usage;
    Volume storage;

    @Parameter
    Backend backend;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(backend.newDatabase(tmp), clock);
        blobs = new LocalBlobStore(tmp.resolve("content"));
        content = new ContentStore(db, blobs);
        usage = new TeamUsage(db);
        tree = new VolumeTree(db, content, usage);
        teams = new Teams(db, usage);
        teams.bootstrap("test-admin-token-0123456789");
        storage = teams.storage(teams.team("default").id(), "default");
    }

    @AfterEach
    void close() {
        db.close();
    }

    Manifest store(byte[] data) throws Exception {
        return content.ingest(ChunkScope.team(storage.teamId()), new ByteArrayInputStream(data));
    }

    byte[] read(Volume v, String path) throws Exception {
        Entry e = tree.stat(v, VolumePath.parse(path));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        content.read(e.contentId(), 0, e.size(), out);
        return out.toByteArray();
    }

    static byte[] random(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    long count(String table) {
        return db.withHandle(h ->
                h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }

    @Test
    void a_file_goes_in_and_comes_back_byte_for_byte_with_ranges() throws Exception {
        byte[] data = random(1, 3 * 1024 * 1024 + 17);
        tree.putFile(storage, VolumePath.parse("raw/a.bin"), store(data), 1000);
        assertThat(read(storage, "raw/a.bin")).isEqualTo(data);
        Entry e = tree.stat(storage, VolumePath.parse("raw/a.bin"));
        ByteArrayOutputStream part = new ByteArrayOutputStream();
        content.read(e.contentId(), 1_000_000, 2_000_000, part);
        assertThat(part.toByteArray()).isEqualTo(Arrays.copyOfRange(data, 1_000_000, 3_000_000));
        assertThat(e.mtime()).isEqualTo(1000);
        assertThat(e.digest()).isEqualTo(store(data).digest());
    }

    @Test
    void identical_files_share_one_content_and_no_chunk_is_stored_twice() throws Exception {
        byte[] data = random(2, 2 * 1024 * 1024);
        tree.putFile(storage, VolumePath.parse("one"), store(data), 1);
        long chunks = count("chunks");
        tree.putFile(storage, VolumePath.parse("two"), store(data), 1);
        tree.copy(storage, VolumePath.parse("one"), VolumePath.parse("three"));
        assertThat(count("chunks")).isEqualTo(chunks);
        assertThat(count("contents")).isEqualTo(1);
        assertThat(read(storage, "three")).isEqualTo(data);
    }

    @Test
    void listing_pages_by_name_in_utf8_byte_order() throws Exception {
        Manifest m = store("x".getBytes(StandardCharsets.UTF_8));
        List<String> names = List.of("b", "B", "a", "é", "z", "中", "a b", "_");
        for (String n : names) tree.putFile(storage, VolumePath.parse("dir/" + n), m, 1);
        List<String> seen = new ArrayList<>();
        String after = null;
        do {
            FilePage page = tree.list(storage, VolumePath.parse("dir"), after, 3);
            assertThat(page.entries().size()).isLessThanOrEqualTo(3);
            page.entries().forEach(e -> seen.add(e.name()));
            after = page.next();
        } while (after != null);
        assertThat(seen).containsExactly("B", "_", "a", "a b", "b", "z", "é", "中");
    }

    @Test
    void a_folder_of_100000_entries_lists_page_by_page() {
        long folder = tree.mkdir(storage, VolumePath.parse("big"), false).id();
        db.useWrite(h -> {
            var batch = h.prepareBatch(
                    "INSERT INTO entries (volume_id, parent_id, name, kind, size, mtime) VALUES (?, ?, ?, 'd', 0, 0)");
            for (int i = 0; i < 100_000; i++) batch.add(storage.id(), folder, String.format("f%06d", i));
            batch.execute();
        });
        int total = 0;
        String after = null;
        String last = "";
        do {
            FilePage page = tree.list(storage, VolumePath.parse("big"), after, 5000);
            assertThat(page.entries().size()).isLessThanOrEqualTo(5000);
            for (FileEntry e : page.entries()) {
                assertThat(e.name()).isGreaterThan(last);
                last = e.name();
            }
            total += page.entries().size();
            after = page.next();
        } while (after != null);
        assertThat(total).isEqualTo(100_000);
        assertThat(last).isEqualTo("f099999");
    }

    @Test
    void moving_a_folder_moves_everything_in_it_at_once() throws Exception {
        Manifest m = store(random(3, 5000));
        tree.putFile(storage, VolumePath.parse("a/b/c.bin"), m, 1);
        tree.putFile(storage, VolumePath.parse("a/d.bin"), m, 1);
        tree.move(storage, VolumePath.parse("a"), VolumePath.parse("x"), false);
        assertThat(read(storage, "x/b/c.bin")).hasSize(5000);
        assertThatThrownBy(() -> tree.stat(storage, VolumePath.parse("a")))
                .isInstanceOf(CofferException.NotFound.class);
        assertThatThrownBy(() -> tree.move(storage, VolumePath.parse("x"), VolumePath.parse("x/b/inside"), false))
                .isInstanceOf(CofferException.Invalid.class);
        assertThatThrownBy(() -> tree.move(storage, VolumePath.parse("x/d.bin"), VolumePath.parse("x/b/c.bin"), false))
                .isInstanceOf(CofferException.Conflict.class);
        tree.move(storage, VolumePath.parse("x/d.bin"), VolumePath.parse("x/b/c.bin"), true);
        assertThat(tree.list(storage, VolumePath.parse("x"), null, 10).entries())
                .extracting(FileEntry::name)
                .containsExactly("b");
    }

    @Test
    void copying_a_folder_duplicates_entries_but_no_bytes() throws Exception {
        tree.putFile(storage, VolumePath.parse("src/1.bin"), store(random(4, 300_000)), 1);
        tree.putFile(storage, VolumePath.parse("src/sub/2.bin"), store(random(5, 300_000)), 1);
        long chunks = count("chunks");
        long contents = count("contents");
        tree.copy(storage, VolumePath.parse("src"), VolumePath.parse("dst"));
        assertThat(read(storage, "dst/sub/2.bin")).isEqualTo(random(5, 300_000));
        assertThat(count("chunks")).isEqualTo(chunks);
        assertThat(count("contents")).isEqualTo(contents);
        // root + (src, 1.bin, sub, 2.bin) + the same four under dst
        assertThat(count("entries")).isEqualTo(1 + 4 + 4);
    }

    @Test
    void deleting_a_folder_is_recursive_only_when_asked() throws Exception {
        tree.putFile(storage, VolumePath.parse("d/e/f"), store(random(6, 10)), 1);
        assertThatThrownBy(() -> tree.delete(storage, VolumePath.parse("d"), false))
                .isInstanceOf(CofferException.Conflict.class);
        tree.delete(storage, VolumePath.parse("d"), true);
        assertThat(count("entries")).isEqualTo(1);
        assertThatThrownBy(() -> tree.delete(storage, VolumePath.parse(""), true))
                .isInstanceOf(CofferException.Invalid.class);
    }

    @Test
    void checkpoints_is_reserved_at_the_top_of_a_notebook_only() throws Exception {
        long team = teams.team("default").id();
        teams.createNotebook(team, "nb", "default");
        Volume nb = teams.notebookVolume(team, "nb");
        assertThatThrownBy(() -> tree.mkdir(nb, VolumePath.parse("checkpoints"), false))
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> tree.putFile(nb, VolumePath.parse("checkpoints/x"), store(new byte[1]), 1))
                .hasMessageContaining("reserved");
        tree.mkdir(nb, VolumePath.parse("work/checkpoints"), true);
        tree.mkdir(storage, VolumePath.parse("checkpoints"), false);
    }

    @Test
    void a_manifest_with_unknown_chunks_is_refused_and_changes_nothing() {
        ChunkId ghost = ChunkId.of(new byte[] {1, 2, 3});
        Manifest m = new Manifest(List.of(new ChunkRef(ghost, 3)));
        assertThatThrownBy(() -> tree.putFile(storage, VolumePath.parse("ghost"), m, 1))
                .isInstanceOf(CofferException.Conflict.class)
                .satisfies(e -> assertThat(((CofferException) e).details().get("missingChunks"))
                        .isEqualTo(List.of(ghost.hex())));
        assertThat(count("entries")).isEqualTo(1);
        assertThat(count("contents")).isZero();
    }

    @Test
    void a_chunk_that_does_not_match_its_name_is_refused() {
        ChunkId claimed = ChunkId.of(new byte[] {9});
        assertThatThrownBy(() -> content.putChunk(claimed, new byte[] {8})).isInstanceOf(CofferException.Corrupt.class);
        assertThat(count("chunks")).isZero();
    }

    @Test
    void a_streamed_upload_of_known_bytes_touches_their_chunks_so_the_collector_waits_for_its_commit()
            throws Exception {
        byte[] data = random(12, 700_000);
        Manifest first = store(data);
        db.useWrite(h -> h.createUpdate("UPDATE chunks SET touched_at = 0").execute());
        // The same bytes streamed again: stored already, but now in flight until their commit.
        store(data);
        long touched = db.withHandle(h -> h.createQuery("SELECT MIN(touched_at) FROM chunks")
                .mapTo(Long.class)
                .one());
        assertThat(touched).isGreaterThan(db.now() - 60_000);
        assertThat(new GarbageCollector(db, blobs)
                        .execute(Duration.ofMinutes(30))
                        .chunksRemoved())
                .isZero();
        tree.putFile(storage, VolumePath.parse("late"), first, 1);
        assertThat(read(storage, "late")).isEqualTo(data);
    }

    @Test
    void missing_reports_exactly_the_chunks_not_stored() throws Exception {
        byte[] a = random(7, 100);
        content.putChunk(ChunkScope.team(storage.teamId()), ChunkId.of(a), a);
        ChunkId b = ChunkId.of(random(8, 100));
        assertThat(content.missing(ChunkScope.team(storage.teamId()), List.of(ChunkId.of(a), b, b)))
                .containsExactly(b);
    }

    @Test
    void gc_removes_only_unreferenced_content_older_than_the_grace_period() throws Exception {
        byte[] keep = random(9, 600_000);
        byte[] drop = random(10, 600_000);
        tree.putFile(storage, VolumePath.parse("keep"), store(keep), 1);
        tree.putFile(storage, VolumePath.parse("drop"), store(drop), 1);
        tree.delete(storage, VolumePath.parse("drop"), false);
        GarbageCollector gc = new GarbageCollector(db, blobs);
        assertThat(gc.execute(Duration.ofHours(1)).chunksRemoved()).isZero();
        // The cutoff is strict: content is past a zero grace period once the clock has moved on.
        clock.advance(Duration.ofSeconds(1));
        GarbageCollector.Plan plan = gc.plan(Duration.ZERO);
        assertThat(plan.contents()).isEqualTo(1);
        long chunksBefore = count("chunks");
        GarbageCollector.Result r = gc.execute(Duration.ZERO);
        assertThat(r.contentsRemoved()).isEqualTo(1);
        assertThat(r.chunksRemoved()).isEqualTo(plan.chunks()).isGreaterThan(0);
        assertThat(count("chunks")).isEqualTo(chunksBefore - r.chunksRemoved());
        assertThat(read(storage, "keep")).isEqualTo(keep);
        Fsck.Report report = new Fsck(db, blobs).run();
        assertThat(report.problems()).isEmpty();
        assertThat(report.unreferencedBlobs()).isZero();
    }

    /** Where a chunk's bytes are stored (every new chunk has a blob of its own, named at random). */
    String blobKeyOf(ChunkId id) {
        return db.withHandle(h -> h.createQuery("SELECT pack FROM chunks WHERE hash = :h")
                .bind("h", id.hex())
                .map((rs, ctx) -> new ChunkLocation(id, 0, 0, rs.getString(1), 0).blobKey())
                .one());
    }

    long blobFiles() throws IOException {
        Path root = blobs.root();
        if (!Files.exists(root)) return 0;
        try (var walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !p.toString().contains("_tmp"))
                    .count();
        }
    }

    @Test
    void a_small_chunk_lives_in_its_row_is_read_collected_and_checked_without_a_blob() throws Exception {
        byte[] small = random(21, ContentStore.INLINE_MAX);
        byte[] larger = random(22, ContentStore.INLINE_MAX + 1);
        long before = blobFiles();
        tree.putFile(storage, VolumePath.parse("small"), store(small), 1);
        assertThat(blobFiles()).as("no blob for a chunk kept in its row").isEqualTo(before);
        tree.putFile(storage, VolumePath.parse("larger"), store(larger), 1);
        assertThat(blobFiles()).as("a larger chunk has its blob").isEqualTo(before + 1);
        assertThat(read(storage, "small")).isEqualTo(small);
        assertThat(content.readChunk(ChunkId.of(small))).isEqualTo(small);
        assertThat(new Fsck(db, blobs).run().clean()).isTrue();

        // A byte changed in the row is found by fsck and never served.
        db.useWrite(h -> {
            byte[] row = h.createQuery("SELECT inline_data FROM chunks WHERE hash = :h")
                    .bind("h", ChunkId.of(small).hex())
                    .mapTo(byte[].class)
                    .one();
            row[row.length - 1] ^= 1;
            h.createUpdate("UPDATE chunks SET inline_data = :d WHERE hash = :h")
                    .bind("d", row)
                    .bind("h", ChunkId.of(small).hex())
                    .execute();
        });
        assertThat(new Fsck(db, blobs).run().problems()).anyMatch(p -> p.contains("damaged"));
        assertThatThrownBy(() -> read(storage, "small")).isInstanceOf(IOException.class);

        // The collector removes the row, and touches no blob for it.
        tree.delete(storage, VolumePath.parse("small"), false);
        clock.advance(Duration.ofSeconds(1));
        long blobsBefore = blobFiles();
        long chunksBefore = count("chunks");
        new GarbageCollector(db, blobs).execute(Duration.ZERO);
        assertThat(count("chunks")).isEqualTo(chunksBefore - 1);
        assertThat(blobFiles()).isEqualTo(blobsBefore);
        assertThat(read(storage, "larger")).isEqualTo(larger);
        assertThat(new Fsck(db, blobs).run().problems()).isEmpty();
    }

    @Test
    void fsck_finds_a_corrupted_and_a_missing_chunk() throws Exception {
        Manifest m = store(random(11, 700_000));
        tree.putFile(storage, VolumePath.parse("f"), m, 1);
        assertThat(new Fsck(db, blobs).run().clean()).isTrue();
        Path blob = blobs.root().resolve(blobKeyOf(m.chunks().getFirst().id()));
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length - 1] ^= 1;
        Files.write(blob, bytes);
        Fsck.Report r = new Fsck(db, blobs).run();
        assertThat(r.clean()).isFalse();
        assertThat(r.problems()).anyMatch(p -> p.contains("damaged") && p.contains("do not match"));
        assertThatThrownBy(() -> read(storage, "f"))
                .as("a damaged chunk is an error, never served")
                .isInstanceOf(IOException.class)
                .hasMessageContaining("damaged");
        Files.delete(blob);
        assertThat(new Fsck(db, blobs).run().problems()).anyMatch(p -> p.contains("missing"));
    }

    @Test
    void concurrent_writers_to_one_path_leave_one_whole_file() throws Exception {
        List<byte[]> versions = new ArrayList<>();
        List<Manifest> manifests = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            versions.add(random(100 + i, 400_000));
            manifests.add(store(versions.get(i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            for (Manifest m : manifests)
                futures.add(pool.submit(() -> tree.putFile(storage, VolumePath.parse("race/same.bin"), m, 1)));
        }
        for (Future<?> f : futures) f.get();
        pool.shutdown();
        byte[] result = read(storage, "race/same.bin");
        assertThat(versions).anySatisfy(v -> assertThat(v).isEqualTo(result));
        assertThat(tree.list(storage, VolumePath.parse("race"), null, 10).entries())
                .hasSize(1);
    }

    @Test
    void small_chunks_travel_as_one_pack_that_gc_removes_once_unused() throws Exception {
        List<Map.Entry<ChunkId, byte[]>> chunks = new ArrayList<>();
        List<FileCommit> files = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            byte[] data = i % 2 == 0
                    ? random(1000 + i, 4096)
                    : ("text file " + i + "\n").repeat(300).getBytes(StandardCharsets.UTF_8);
            ChunkId id = ChunkId.of(data);
            chunks.add(Map.entry(id, data));
            files.add(new FileCommit(
                    VolumePath.parse("small/d" + (i % 7) + "/f" + i),
                    new Manifest(List.of(new ChunkRef(id, data.length))),
                    1000 + i));
        }
        assertThat(content.putChunks(ChunkScope.team(storage.teamId()), chunks)).isEqualTo(200);
        assertThat(content.putChunks(ChunkScope.team(storage.teamId()), chunks)).isZero();
        List<String> packs = new ArrayList<>();
        blobs.list("packs/", packs::add);
        assertThat(packs).hasSize(1);
        List<String> digests = tree.putFiles(storage, files);
        assertThat(digests).hasSize(200);
        assertThat(read(storage, "small/d3/f3")).isEqualTo(chunks.get(3).getValue());
        assertThat(read(storage, "small/d6/f104")).isEqualTo(random(1104, 4096));
        assertThat(tree.stat(storage, VolumePath.parse("small/d1/f1")).mtime()).isEqualTo(1001);
        assertThat(new Fsck(db, blobs).run().problems()).isEmpty();

        tree.delete(storage, VolumePath.parse("small/d0"), true);
        clock.advance(Duration.ofSeconds(1));
        new GarbageCollector(db, blobs).execute(Duration.ZERO);
        List<String> stillThere = new ArrayList<>();
        blobs.list("packs/", stillThere::add);
        assertThat(stillThere).as("other chunks still live in the pack").hasSize(1);
        assertThat(read(storage, "small/d1/f1")).isEqualTo(chunks.get(1).getValue());

        tree.delete(storage, VolumePath.parse("small"), true);
        clock.advance(Duration.ofSeconds(1));
        new GarbageCollector(db, blobs).execute(Duration.ZERO);
        stillThere.clear();
        blobs.list("packs/", stillThere::add);
        assertThat(stillThere).isEmpty();
        Fsck.Report report = new Fsck(db, blobs).run();
        assertThat(report.problems()).isEmpty();
        assertThat(report.unreferencedBlobs()).isZero();
    }

    @Test
    void a_batch_commit_is_all_or_nothing() throws Exception {
        tree.mkdir(storage, VolumePath.parse("b/taken"), true);
        Manifest m = store(random(12, 100));
        List<FileCommit> files = List.of(
                new FileCommit(VolumePath.parse("b/ok1"), m, 1),
                new FileCommit(VolumePath.parse("b/taken"), m, 1),
                new FileCommit(VolumePath.parse("b/ok2"), m, 1));
        long entries = count("entries");
        assertThatThrownBy(() -> tree.putFiles(storage, files)).isInstanceOf(CofferException.Conflict.class);
        assertThat(count("entries")).isEqualTo(entries);
    }

    @Test
    void storage_is_one_volume_per_team_and_cluster() {
        long team = teams.team("default").id();
        teams.createCluster("east");
        Volume east = teams.storage(team, "east");
        assertThat(east.id()).isNotEqualTo(storage.id());
        assertThat(teams.storage(team, "east").id()).isEqualTo(east.id());
        assertThatThrownBy(() -> teams.storage(team, "nowhere")).isInstanceOf(CofferException.NotFound.class);
    }
}
