package dev.coffer.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.blob.LocalBlobStore;
import dev.coffer.chunk.FastCdc;
import dev.coffer.content.ChunkScope;
import dev.coffer.content.ContentStore;
import dev.coffer.content.Manifest;
import dev.coffer.db.Database;
import dev.coffer.error.CofferException;
import dev.coffer.team.Teams;
import dev.coffer.testkit.Backend;
import dev.coffer.tree.FileCommit;
import dev.coffer.tree.VolumePath;
import dev.coffer.tree.VolumeTree;
import dev.coffer.volume.Volume;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Usage moves with every change, counts shared content once per team, and always equals a
 * recount from scratch. Runs on every SQL database.
 */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class UsageContract {
    @TempDir
    Path tmp;

    Database db;
    ContentStore content;
    TeamUsage usage;
    UsageRecount recount;
    VolumeTree tree;
    Teams teams;
    long team;
    Volume storage;

    @Parameter
    Backend backend;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(backend.newDatabase(tmp));
        content = new ContentStore(db, new LocalBlobStore(tmp.resolve("content")));
        usage = new TeamUsage(db);
        recount = new UsageRecount(db, usage);
        tree = new VolumeTree(db, content, usage);
        teams = new Teams(db, usage);
        teams.bootstrap("test-admin-token-0123456789");
        team = teams.team("default").id();
        storage = teams.storage(team, "default");
    }

    @AfterEach
    void close() {
        db.close();
    }

    Manifest store(byte[] data) throws Exception {
        return content.ingest(ChunkScope.team(team), new ByteArrayInputStream(data));
    }

    static byte[] random(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The kept usage, after checking that it equals a recount from scratch. */
    long usageAgreeingWithRecount() {
        UsageRecount.Report r = recount.team(team);
        assertThat(r.mismatches()).isEmpty();
        assertThat(r.kept()).as("kept usage equals the recount").isEqualTo(r.counted());
        return r.kept();
    }

    void put(Volume v, String path, byte[] data) throws Exception {
        // Each team sends its own bytes: possession is per team.
        Manifest m = content.ingest(ChunkScope.team(v.teamId()), new ByteArrayInputStream(data));
        tree.putFile(v, VolumePath.parse(path), m, 0);
    }

    @Test
    void usage_follows_uploads_duplicates_replacements_and_deletes_and_equals_a_recount() throws Exception {
        byte[] a = random(1, 3_000_000);
        assertThat(usageAgreeingWithRecount()).isZero();
        put(storage, "raw/a.bin", a);
        assertThat(usageAgreeingWithRecount()).isEqualTo(a.length);

        put(storage, "copies/a-again.bin", a);
        tree.copy(storage, VolumePath.parse("raw"), VolumePath.parse("raw-dup"));
        assertThat(usageAgreeingWithRecount())
                .as("the same content counts once")
                .isEqualTo(a.length);

        byte[] longer = Arrays.copyOf(a, a.length + 500_000);
        System.arraycopy(random(2, 500_000), 0, longer, a.length, 500_000);
        put(storage, "raw/longer.bin", longer);
        long withLonger = usageAgreeingWithRecount();
        assertThat(withLonger)
                .as("shared chunks count once")
                .isGreaterThan(longer.length - 1L)
                .isLessThan(a.length + longer.length);

        put(storage, "raw/a.bin", random(3, 1000));
        assertThat(usageAgreeingWithRecount())
                .as("a replaced file's old content still has other references")
                .isEqualTo(withLonger + 1000);

        tree.move(storage, VolumePath.parse("raw/longer.bin"), VolumePath.parse("raw/a.bin"), true);
        tree.delete(storage, VolumePath.parse("raw-dup"), true);
        tree.delete(storage, VolumePath.parse("copies"), true);
        assertThat(usageAgreeingWithRecount()).isEqualTo(longer.length);

        tree.delete(storage, VolumePath.parse("raw"), true);
        assertThat(usageAgreeingWithRecount()).isZero();
    }

    @Test
    void batches_of_small_files_count_each_distinct_content_once() throws Exception {
        List<FileCommit> batch = new ArrayList<>();
        long distinct = 0;
        for (int i = 0; i < 300; i++) {
            byte[] data = random(i % 100, 4096);
            if (i < 100) distinct += data.length;
            batch.add(new FileCommit(VolumePath.parse("small/d" + (i % 7) + "/f" + i), store(data), 0));
        }
        tree.putFiles(storage, batch);
        assertThat(usageAgreeingWithRecount()).isEqualTo(distinct);
        tree.putFiles(storage, batch.subList(0, 50));
        assertThat(usageAgreeingWithRecount())
                .as("re-committing the same files changes nothing")
                .isEqualTo(distinct);
        assertThatThrownBy(() -> tree.putFiles(storage, List.of(batch.get(0), batch.get(0))))
                .isInstanceOf(CofferException.Invalid.class)
                .hasMessageContaining("twice");
    }

    @Test
    void contents_sharing_chunks_across_a_large_batch_count_each_chunk_once() throws Exception {
        byte[] base = random(40, 12_000_000);
        byte[] longer = Arrays.copyOf(base, base.length + 300_000);
        System.arraycopy(random(41, 300_000), 0, longer, base.length, 300_000);
        List<FileCommit> batch = new ArrayList<>();
        batch.add(new FileCommit(VolumePath.parse("big/a.bin"), store(base), 0));
        long small = 0;
        // More contents than one statement takes, so a.bin and b.bin (sharing most chunks) land in different slices.
        for (int i = 0; i < 600; i++) {
            byte[] data = random(1000 + i, 2048);
            small += data.length;
            batch.add(new FileCommit(VolumePath.parse("small/f" + i), store(data), 0));
        }
        batch.add(new FileCommit(VolumePath.parse("small/twice"), store(random(1000, 2048)), 0));
        batch.add(new FileCommit(VolumePath.parse("big/b.bin"), store(longer), 0));
        tree.putFiles(storage, batch);
        long both = usageAgreeingWithRecount();
        assertThat(both)
                .as("shared chunks count once, the repeated small file too")
                .isGreaterThanOrEqualTo(small + longer.length)
                .isLessThanOrEqualTo(
                        small + longer.length + FastCdc.MAX_SIZE); // at most the chunk cut where a.bin ends

        // In one commit, one content leaves and another that shares its chunks enters.
        byte[] other = Arrays.copyOf(base, base.length + 100_000);
        System.arraycopy(random(42, 100_000), 0, other, base.length, 100_000);
        tree.putFiles(storage, List.of(new FileCommit(VolumePath.parse("big/b.bin"), store(other), 0)));
        long swapped = usageAgreeingWithRecount();
        assertThat(swapped)
                .as("b.bin's own tail left, other's came")
                .isGreaterThanOrEqualTo(small + other.length)
                .isLessThan(both);

        // "Deleting this frees N" sees chunk sharing too: a.bin shares most of its chunks with b.bin.
        StorageView view = new StorageView(db);
        long freesSmall = view.subtree(
                        team, tree.stat(storage, VolumePath.parse("small")).id())
                .freesBytes();
        long freesA = view.subtree(
                        team, tree.stat(storage, VolumePath.parse("big/a.bin")).id())
                .freesBytes();
        assertThat(freesSmall).isEqualTo(small);
        assertThat(freesA).as("only the chunks a.bin does not share with b.bin").isLessThanOrEqualTo(FastCdc.MAX_SIZE);
        tree.delete(storage, VolumePath.parse("small"), true);
        assertThat(usageAgreeingWithRecount()).isEqualTo(swapped - freesSmall);
        tree.delete(storage, VolumePath.parse("big/a.bin"), false);
        assertThat(usageAgreeingWithRecount())
                .as("the predicted figure is what went")
                .isEqualTo(swapped - freesSmall - freesA)
                .isEqualTo(other.length);
        tree.delete(storage, VolumePath.parse("big"), true);
        assertThat(usageAgreeingWithRecount()).isZero();
    }

    @Test
    void notebooks_and_storage_on_every_cluster_count_and_deleting_them_frees_their_share() throws Exception {
        teams.createCluster("gpu");
        Volume gpu = teams.storage(team, "gpu");
        teams.createNotebook(team, "lab", "gpu");
        Volume lab = teams.notebookVolume(team, "lab");
        byte[] shared = random(5, 1_500_000);
        byte[] own = random(6, 700_000);
        put(storage, "s.bin", shared);
        put(gpu, "g.bin", own);
        put(lab, "n.bin", shared);
        put(lab, "n2.bin", random(7, 200_000));
        assertThat(usageAgreeingWithRecount()).isEqualTo(shared.length + own.length + 200_000L);

        teams.deleteNotebook(team, "lab");
        assertThat(usageAgreeingWithRecount())
                .as("the notebook's shared file still counts through storage")
                .isEqualTo(shared.length + own.length);
        teams.deleteStorage(team, "gpu");
        assertThat(usageAgreeingWithRecount()).isEqualTo(shared.length);
    }

    @Test
    void teams_are_counted_apart_and_repair_rebuilds_the_kept_figures() throws Exception {
        long other = teams.createTeam("other", 1).id();
        Volume otherStorage = teams.storage(other, "default");
        byte[] data = random(8, 1_000_000);
        put(storage, "a.bin", data);
        put(otherStorage, "a.bin", data);
        assertThat(usage.bytes(team)).isEqualTo(data.length);
        assertThat(usage.bytes(other))
                .as("the same content counts for each team that holds it")
                .isEqualTo(data.length);

        db.useWrite(h -> h.createUpdate("UPDATE team_usage SET bytes = 5 WHERE team_id = :t")
                .bind("t", team)
                .execute());
        assertThat(recount.team(team).agrees()).isFalse();
        assertThat(recount.repair(team)).isEqualTo(data.length);
        assertThat(usageAgreeingWithRecount()).isEqualTo(data.length);
        assertThat(recount.all()).allMatch(UsageRecount.Report::agrees);
    }
}
