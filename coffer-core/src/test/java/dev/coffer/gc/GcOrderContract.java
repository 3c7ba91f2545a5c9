package dev.coffer.gc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.blob.LocalBlobStore;
import dev.coffer.chunk.ChunkId;
import dev.coffer.content.ChunkScope;
import dev.coffer.content.ContentStore;
import dev.coffer.content.Manifest;
import dev.coffer.db.Database;
import dev.coffer.team.Teams;
import dev.coffer.testkit.Backend;
import dev.coffer.tree.Entry;
import dev.coffer.tree.VolumePath;
import dev.coffer.tree.VolumeTree;
import dev.coffer.usage.TeamUsage;
import dev.coffer.volume.Volume;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The collector's order, with its riskiest moment held open: it has removed a chunk's row and
 * is about to delete the chunk's bytes when a client stores the same bytes again and commits a
 * file with them. The file must keep its bytes.
 */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class GcOrderContract {
    @TempDir
    Path tmp;

    Database db;
    LocalBlobStore blobs;
    ContentStore content;
    VolumeTree tree;
    Volume storage;
    ChunkScope scope;

    @Parameter
    Backend backend;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(backend.newDatabase(tmp));
        blobs = new LocalBlobStore(tmp.resolve("content"));
        content = new ContentStore(db, blobs);
        TeamUsage usage = new TeamUsage(db);
        tree = new VolumeTree(db, content, usage);
        Teams teams = new Teams(db, usage);
        teams.bootstrap("test-admin-token-0123456789");
        storage = teams.storage(teams.team("default").id(), "default");
        scope = ChunkScope.team(storage.teamId());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void a_chunk_stored_again_while_the_collector_deletes_it_keeps_its_bytes() throws Exception {
        byte[] data = new byte[600_000];
        new Random(3).nextBytes(data);
        Manifest m = content.ingest(scope, new ByteArrayInputStream(data));
        assertThat(m.chunks()).hasSize(1);
        ChunkId id = m.chunks().getFirst().id();
        // Nothing refers to the chunk: it is garbage for a collector with no grace period.
        PausingBlobStore pausing = new PausingBlobStore(blobs);
        GarbageCollector gc = new GarbageCollector(db, pausing);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<GarbageCollector.Result> run = pool.submit(() -> gc.execute(Duration.ZERO));
            assertThat(pausing.deleting.await(30, TimeUnit.SECONDS))
                    .as("the collector reached its blob delete")
                    .isTrue();
            assertThat(registered(id)).as("its row is gone already").isFalse();

            // A client sends the same bytes again (they are missing now) and commits a file.
            assertThat(content.putChunk(scope, id, data)).as("stored anew").isTrue();
            Entry e = tree.putFile(storage, VolumePath.parse("again.bin"), m, 1);
            pausing.go.countDown();
            assertThat(run.get(30, TimeUnit.SECONDS).chunksRemoved()).isEqualTo(1);

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            content.read(e.contentId(), 0, e.size(), out);
            assertThat(out.toByteArray())
                    .as("the committed file kept its bytes")
                    .isEqualTo(data);
            Fsck.Report report = new Fsck(db, blobs).run();
            assertThat(report.problems()).isEmpty();
            assertThat(report.unreferencedBlobs())
                    .as("the old blob went, the new one stayed")
                    .isZero();
        } finally {
            pausing.go.countDown();
            pool.shutdownNow();
        }
    }

    boolean registered(ChunkId id) {
        return db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM chunks WHERE hash = :h")
                        .bind("h", id.hex())
                        .mapTo(Long.class)
                        .one())
                > 0;
    }
}
