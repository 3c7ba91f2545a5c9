package dev.coffer.server.safety;

import static dev.coffer.server.ChunkClient.read;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.chunk.ChunkId;
import dev.coffer.content.ChunkRef;
import dev.coffer.content.Manifest;
import dev.coffer.server.ChunkClient;
import dev.coffer.server.ChunkClient.Chunk;
import dev.coffer.server.TestServer;
import dev.coffer.testkit.Backend;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The collector never deletes bytes a commit relies on. For 30 seconds a collector with a zero
 * grace period runs in a loop while writers upload, delete and upload again the same few contents
 * (one chunk at a time, as a pack of many, and as a streamed body): every race between "the
 * collector removes a chunk" and "a writer stores it again" gets its chances. Afterwards every
 * acknowledged file reads back byte for byte and fsck finds nothing wrong. It runs on the
 * embedded defaults (SQLite and a local folder) and as when scaled out (PostgreSQL and an
 * S3-compatible bucket).
 */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES_S3"})
class GcRaceContract {
    static final String V = "/api/v1/teams/default/storage/default";
    static final String CHUNKS = "/api/v1/teams/default/chunks";
    static final long RUN_MILLIS = 30_000;

    @TempDir
    Path data;

    @Parameter
    Backend backend;

    @Test
    void gc_with_no_grace_in_a_loop_never_takes_bytes_from_an_acknowledged_file() throws Exception {
        List<byte[]> contents = contents();
        try (TestServer s = TestServer.start(data, backend)) {
            Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong gcRuns = new AtomicLong();
            AtomicLong chunksCollected = new AtomicLong();
            AtomicLong commits = new AtomicLong();
            AtomicLong retries = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> work = new ArrayList<>();
            work.add(pool.submit(() -> {
                while (!stop.get()) {
                    JsonNode r = read(ok(s.post("/api/v1/admin/gc?graceSeconds=0", "{}"), 200));
                    chunksCollected.addAndGet(r.path("chunks").asLong());
                    gcRuns.incrementAndGet();
                }
                return null;
            }));
            for (int w = 0; w < 3; w++) {
                int writer = w;
                work.add(pool.submit(() -> {
                    Random random = new Random(writer);
                    long end = System.currentTimeMillis() + RUN_MILLIS;
                    while (System.currentTimeMillis() < end) {
                        String path = "w" + writer + "/f" + random.nextInt(4);
                        int pick = random.nextInt(contents.size());
                        int op = random.nextInt(10);
                        if (op < 2) {
                            int status =
                                    s.send("DELETE", V + "/files/" + path, null).statusCode();
                            assertThat(status).isIn(204, 404);
                            acknowledged.remove(path);
                            continue;
                        }
                        boolean stored = switch (op) {
                            case 2, 3 -> streamed(s, path, contents.get(pick));
                            case 4, 5 -> batched(s, path, contents.get(pick), retries);
                            default -> chunked(s, path, contents.get(pick), retries);
                        };
                        if (stored) {
                            acknowledged.put(path, pick);
                            commits.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (int i = 1; i < work.size(); i++) work.get(i).get();
            stop.set(true);
            work.getFirst().get();
            pool.shutdown();

            assertThat(commits.get()).as("writers got files through").isGreaterThan(30);
            assertThat(gcRuns.get()).as("the collector ran throughout").isGreaterThan(30);
            assertThat(chunksCollected.get())
                    .as("and collected what was deleted")
                    .isGreaterThan(0);
            for (var e : acknowledged.entrySet()) {
                HttpResponse<byte[]> r = s.get(V + "/files/" + e.getKey());
                assertThat(r.statusCode()).as(e.getKey()).isEqualTo(200);
                assertThat(r.body())
                        .as(e.getKey() + " reads back byte for byte")
                        .isEqualTo(contents.get(e.getValue()));
            }
            JsonNode fsck = read(ok(s.post("/api/v1/admin/fsck", "{}"), 200));
            assertThat(fsck.path("problems")).as(fsck.toString()).isEmpty();
            assertThat(fsck.path("clean").asBoolean()).isTrue();
            System.out.printf(
                    "gc race: %d commits (%d retried after 409), %d gc runs collected %d chunks, %d files checked%n",
                    commits.get(), retries.get(), gcRuns.get(), chunksCollected.get(), acknowledged.size());
        }
    }

    /** A few contents that share chunks: two middles, and a large one that holds both. */
    static List<byte[]> contents() {
        byte[] a = random(1, 700_000);
        byte[] b = random(2, 900_000);
        byte[] large = new byte[a.length + b.length + 1_000_000];
        System.arraycopy(a, 0, large, 0, a.length);
        System.arraycopy(b, 0, large, a.length, b.length);
        System.arraycopy(random(3, 1_000_000), 0, large, a.length + b.length, 1_000_000);
        return List.of(random(4, 3_000), random(5, 40_000), a, b, large);
    }

    /** Chunk by chunk, as the CLI sends large files; a 409 (a chunk collected meanwhile) starts over. */
    static boolean chunked(TestServer s, String path, byte[] content, AtomicLong retries) {
        for (int attempt = 0; attempt < 50; attempt++) {
            HttpResponse<byte[]> r = ChunkClient.upload(s, TestServer.TOKEN, CHUNKS, V, path, content);
            if (r.statusCode() == 201) return acknowledge(r, content);
            assertThat(r.statusCode())
                    .as(new String(r.body(), StandardCharsets.UTF_8))
                    .isEqualTo(409);
            retries.incrementAndGet();
        }
        return false;
    }

    /** As a pack: every chunk in one batch request, then a batch commit of one file. */
    static boolean batched(TestServer s, String path, byte[] content, AtomicLong retries) {
        List<Chunk> chunks = ChunkClient.chunks(content);
        for (int attempt = 0; attempt < 50; attempt++) {
            Set<String> missing = ChunkClient.missingIds(ok(
                    ChunkClient.missing(
                            s,
                            TestServer.TOKEN,
                            CHUNKS,
                            chunks.stream().map(Chunk::id).toList()),
                    200));
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (Chunk c : chunks) {
                if (!missing.remove(c.id())) continue;
                body.writeBytes(HexFormat.of().parseHex(c.id()));
                body.writeBytes(ByteBuffer.allocate(4).putInt(c.bytes().length).array());
                body.writeBytes(c.bytes());
            }
            if (body.size() > 0) ok(s.send("POST", CHUNKS + "/batch", body.toByteArray()), 200);
            String dir = path.substring(0, path.indexOf('/'));
            String name = path.substring(path.indexOf('/') + 1);
            String manifest = new String(ChunkClient.manifest(chunks), StandardCharsets.UTF_8);
            String files = "{\"files\":[{\"path\":\"" + name + "\"," + manifest.substring(1) + "]}";
            HttpResponse<byte[]> r = s.post(V + "/manifests/" + dir, files);
            if (r.statusCode() == 201) return true;
            assertThat(r.statusCode())
                    .as(new String(r.body(), StandardCharsets.UTF_8))
                    .isEqualTo(409);
            retries.incrementAndGet();
        }
        return false;
    }

    /** As one streamed body, which the server cuts into chunks itself. */
    static boolean streamed(TestServer s, String path, byte[] content) {
        HttpResponse<byte[]> r = s.put(V + "/files/" + path, content);
        if (r.statusCode() == 201) return acknowledge(r, content);
        assertThat(r.statusCode())
                .as(new String(r.body(), StandardCharsets.UTF_8))
                .isEqualTo(409);
        return false;
    }

    /** A 201 is an acknowledgement only with the digest of these very bytes. */
    static boolean acknowledge(HttpResponse<byte[]> r, byte[] content) {
        String digest = new Manifest(ChunkClient.chunks(content).stream()
                        .map(c -> new ChunkRef(new ChunkId(c.id()), c.bytes().length))
                        .toList())
                .digest();
        assertThat(read(r).path("digest").asText()).isEqualTo(digest);
        return true;
    }

    static HttpResponse<byte[]> ok(HttpResponse<byte[]> r, int status) {
        assertThat(r.statusCode())
                .as(new String(r.body(), StandardCharsets.UTF_8))
                .isEqualTo(status);
        return r;
    }

    static byte[] random(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
