package dev.coffer.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.blob.LocalBlobStore;
import dev.coffer.chunk.ChunkId;
import dev.coffer.db.Database;
import dev.coffer.team.Teams;
import dev.coffer.testkit.Backend;
import dev.coffer.usage.TeamUsage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the store tells its {@link ChunkListener} (the server's chunk metrics): every chunk offered
 * counts once, as stored or as deduplicated, with its plain size, whichever way it came (a
 * streamed upload, one chunk, a batch, or a question about missing chunks). On both databases,
 * because a batch's per-row insert counts come from the driver.
 */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class ChunkListenerTest {
    @TempDir
    Path tmp;

    @Parameter
    Backend backend;

    Database db;
    ContentStore content;
    ChunkScope team;
    final Tally tally = new Tally();

    /** Running totals, as the server's counters keep them. */
    static final class Tally implements ChunkListener {
        long stored;
        long storedBytes;
        long deduplicated;
        long deduplicatedBytes;

        @Override
        public synchronized void stored(int chunks, long bytes) {
            stored += chunks;
            storedBytes += bytes;
        }

        @Override
        public synchronized void deduplicated(int chunks, long bytes) {
            deduplicated += chunks;
            deduplicatedBytes += bytes;
        }

        List<Long> totals() {
            return List.of(stored, storedBytes, deduplicated, deduplicatedBytes);
        }
    }

    @BeforeEach
    void open() throws Exception {
        db = Database.open(backend.newDatabase(tmp));
        content = new ContentStore(db, new LocalBlobStore(tmp.resolve("content")));
        content.setChunkListener(tally);
        Teams teams = new Teams(db, new TeamUsage(db));
        teams.bootstrap("test-admin-token-0123456789");
        team = ChunkScope.team(teams.team("default").id());
    }

    @AfterEach
    void close() {
        db.close();
    }

    static byte[] random(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void a_streamed_upload_stores_its_chunks_once_and_the_same_bytes_again_are_deduplicated() throws Exception {
        byte[] data = random(1, 3_000_000);
        Manifest first = content.ingest(team, new ByteArrayInputStream(data));
        int n = first.chunks().size();
        assertThat(n).as("chunks of 3 MB").isGreaterThan(1);
        assertThat(tally.totals()).containsExactly((long) n, 3_000_000L, 0L, 0L);

        content.ingest(team, new ByteArrayInputStream(data));
        assertThat(tally.totals()).containsExactly((long) n, 3_000_000L, (long) n, 3_000_000L);
    }

    @Test
    void single_chunks_count_as_stored_when_new_and_deduplicated_when_known_small_or_large() throws Exception {
        byte[] small = random(2, 1000); // kept in its row
        byte[] large = random(3, 300_000); // in a blob of its own
        assertThat(content.putChunk(team, ChunkId.of(small), small)).isTrue();
        assertThat(content.putChunk(ChunkId.of(large), large)).isTrue();
        assertThat(tally.totals()).containsExactly(2L, 301_000L, 0L, 0L);

        assertThat(content.putChunk(team, ChunkId.of(large), large)).isFalse();
        assertThat(content.putChunk(ChunkId.of(small), small)).isFalse();
        assertThat(tally.totals()).containsExactly(2L, 301_000L, 2L, 301_000L);
    }

    @Test
    void a_batch_counts_its_new_chunks_as_stored_and_known_or_repeated_ones_as_deduplicated() throws Exception {
        byte[] a = random(4, 100);
        byte[] b = random(5, 200);
        byte[] c = random(6, 400);
        content.putChunk(team, ChunkId.of(b), b);
        assertThat(tally.totals()).containsExactly(1L, 200L, 0L, 0L);

        // b is stored already and a comes twice: two new chunks, two that cost nothing.
        int inserted = content.putChunks(
                team,
                List.of(
                        Map.entry(ChunkId.of(a), a),
                        Map.entry(ChunkId.of(b), b),
                        Map.entry(ChunkId.of(c), c),
                        Map.entry(ChunkId.of(a), a)));
        assertThat(inserted).isEqualTo(2);
        assertThat(tally.totals()).containsExactly(3L, 700L, 2L, 300L);

        content.putChunks(team, List.of(Map.entry(ChunkId.of(a), a), Map.entry(ChunkId.of(c), c)));
        assertThat(tally.totals()).containsExactly(3L, 700L, 4L, 800L);
    }

    @Test
    void chunks_a_client_need_not_send_are_deduplicated_once_per_question() throws Exception {
        byte[] a = random(7, 5000);
        byte[] b = random(8, 7000);
        content.putChunk(team, ChunkId.of(a), a);
        ChunkId unknown = ChunkId.of(random(9, 100));

        assertThat(content.missing(team, List.of(ChunkId.of(a), unknown, ChunkId.of(a))))
                .containsExactly(unknown);
        assertThat(tally.totals()).containsExactly(1L, 5000L, 1L, 5000L);

        // Another scope does not possess a: it is told to send it, and sending it costs no write.
        content.putChunk(team, ChunkId.of(b), b);
        assertThat(content.missing(ChunkScope.PUBLIC, List.of(ChunkId.of(a)))).containsExactly(ChunkId.of(a));
        assertThat(tally.totals()).containsExactly(2L, 12_000L, 1L, 5000L);
        assertThat(content.putChunk(ChunkScope.PUBLIC, ChunkId.of(a), a)).isFalse();
        assertThat(tally.totals()).containsExactly(2L, 12_000L, 2L, 10_000L);
    }
}
