package dev.coffer.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.chunk.ChunkId;
import dev.coffer.server.SlowClient;
import dev.coffer.server.TestServer;
import dev.coffer.testkit.Await;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that send too much or too slowly are refused with a problem that names the limit, and
 * they neither change anything nor hold what other clients need.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileClientsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String S = "/api/v1/teams/default/storage/default";
    static final byte[] SMALL = "ten bytes!".getBytes(StandardCharsets.UTF_8);
    static final String SMALL_ID = ChunkId.of(SMALL).hex();
    /** Long enough that a normal request on the slowest machine finishes well inside it. */
    static final int GRACE_SECONDS = 8;

    @TempDir
    static Path data;

    TestServer server;

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(
                data, Map.of("COFFER_HTTP_DATA_GRACE", GRACE_SECONDS + "s", "COFFER_HTTP_MIN_DATA_RATE", "16000"));
        assertThat(server.put("/api/v1/teams/default/chunks/" + SMALL_ID, SMALL).statusCode())
                .isEqualTo(201);
        // The team's storage volume exists from its first use on; make that happen before any snapshot.
        assertThat(server.post(S + "/mkdir/existing", "{}").statusCode()).isEqualTo(201);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** A commit body naming the stored small chunk {@code chunks} times. */
    static byte[] manifest(int chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(chunks * 80 + 64);
        byte[] entry = ("{\"id\":\"" + SMALL_ID + "\",\"size\":10}").getBytes(StandardCharsets.US_ASCII);
        out.writeBytes("{\"chunks\":[".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < chunks; i++) {
            if (i > 0) out.write(',');
            out.writeBytes(entry);
        }
        out.writeBytes("]}".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    static JsonNode problem(HttpResponse<byte[]> r) throws Exception {
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        return JSON.readTree(r.body());
    }

    @Test
    void a_manifest_naming_more_chunks_than_a_64_gib_file_has_is_refused_with_413_and_commits_nothing()
            throws Exception {
        List<String> before = server.snapshot();
        HttpResponse<byte[]> r = server.send(
                "POST",
                S + "/manifest/huge.bin",
                manifest(ManifestBodies.MAX_CHUNKS_PER_FILE + 1),
                "Content-Type",
                "application/json");
        assertThat(r.statusCode()).isEqualTo(413);
        JsonNode p = problem(r);
        assertThat(p.path("type").asText()).endsWith("/too-large");
        assertThat(p.path("limit").asText()).isEqualTo("chunks per file");
        assertThat(p.path("max").asInt()).isEqualTo(262_144);
        assertThat(p.path("detail").asText()).contains("262144");
        assertThat(server.snapshot()).isEqualTo(before);
        assertThat(server.get(S + "/stat/huge.bin").statusCode()).isEqualTo(404);
    }

    @Test
    void a_manifest_at_the_limit_is_parsed_as_a_stream_and_committed() throws Exception {
        int chunks = 100_000;
        HttpResponse<byte[]> r = server.send(
                "POST", S + "/manifest/many-chunks.bin", manifest(chunks), "Content-Type", "application/json");
        assertThat(r.statusCode())
                .as(new String(r.body(), StandardCharsets.UTF_8))
                .isEqualTo(201);
        assertThat(JSON.readTree(r.body()).path("size").asLong()).isEqualTo(10L * chunks);
    }

    @Test
    void a_batch_commit_past_the_total_chunk_limit_is_refused_with_413_and_commits_nothing() throws Exception {
        List<String> before = server.snapshot();
        int perFile = ManifestBodies.MAX_CHUNKS_PER_BATCH / 4 + 1;
        StringBuilder body = new StringBuilder("{\"files\":[");
        String chunks = new String(manifest(perFile), StandardCharsets.US_ASCII);
        String list = chunks.substring("{\"chunks\":".length(), chunks.length() - 1);
        for (int i = 0; i < 4; i++)
            body.append(i == 0 ? "" : ",")
                    .append("{\"path\":\"f")
                    .append(i)
                    .append("\",\"chunks\":")
                    .append(list)
                    .append('}');
        body.append("]}");
        HttpResponse<byte[]> r = server.send(
                "POST",
                S + "/manifests/batch",
                body.toString().getBytes(StandardCharsets.US_ASCII),
                "Content-Type",
                "application/json");
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(problem(r).path("limit").asText()).isEqualTo("chunks per batch commit");
        assertThat(server.snapshot()).isEqualTo(before);
    }

    @Test
    void trickling_chunk_uploads_hold_nothing_other_uploads_need_and_are_cut_off_with_408() throws Exception {
        List<SlowClient> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                slow.add(SlowClient.upload(
                        server.url(),
                        "PUT",
                        "/api/v1/teams/default/chunks/" + "0".repeat(63) + (i % 10),
                        TestServer.TOKEN,
                        4 * 1024 * 1024,
                        3,
                        Duration.ofMillis(300)));
            }
            // Every slow upload is trickling (its second tick sent) before the ordinary client starts.
            Await.until(
                    Duration.ofSeconds(30),
                    "every slow upload is under way",
                    () -> slow.stream().allMatch(c -> c.moved() >= 6));
            // Meanwhile an ordinary client stores chunks, more of them than the old fixed pool of 12 buffers.
            Random random = new Random(15);
            for (int i = 0; i < 14; i++) {
                byte[] chunk = new byte[1024 * 1024];
                random.nextBytes(chunk);
                HttpResponse<byte[]> r = server.put(
                        "/api/v1/teams/default/chunks/" + ChunkId.of(chunk).hex(), chunk);
                assertThat(r.statusCode()).isEqualTo(201);
            }
            assertThat(slow)
                    .as("the slow uploads were still connected while the others went through")
                    .noneMatch(SlowClient::answered);
            for (SlowClient c : slow) {
                assertThat(c.status(Duration.ofSeconds(GRACE_SECONDS + 30)))
                        .as("cut off once the grace period is over")
                        .isEqualTo(408);
                assertThat(c.moved()).isLessThan(4 * 1024 * 1024);
            }
        } finally {
            for (SlowClient c : slow) c.close();
        }
    }

    @Test
    void a_refused_upload_announcing_more_than_the_server_drains_is_answered_at_once() throws Exception {
        // 10 GiB announced, sent at 200 KB/s (above the minimum rate, so no guard cuts it): the
        // server must not read the rest before answering, which would take the client 14 hours.
        try (SlowClient c = SlowClient.upload(
                server.url(),
                "PUT",
                S + "/files/refused-huge.bin",
                "not-a-valid-token",
                10L << 30,
                4096,
                Duration.ofMillis(20))) {
            assertThat(c.status(Duration.ofSeconds(60))).isEqualTo(401);
            assertThat(c.moved()).isLessThan(32L << 20);
        }
        assertThat(server.get(S + "/stat/refused-huge.bin").statusCode()).isEqualTo(404);
    }

    @Test
    void a_server_whose_upload_memory_is_taken_answers_503_with_retry_after_and_stores_nothing() throws Exception {
        byte[] chunk = "a chunk that waits for room".getBytes(StandardCharsets.UTF_8);
        List<String> before = server.snapshot();
        try (MemoryBudget.Lease all = MemoryBudget.SHARED.lease()) {
            all.reserve(MemoryBudget.SHARED.available());
            HttpResponse<byte[]> r = server.put(
                    "/api/v1/teams/default/chunks/" + ChunkId.of(chunk).hex(), chunk);
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After").orElseThrow()).matches("[1-9][0-9]*");
            assertThat(problem(r).path("type").asText()).endsWith("/busy");
            assertThat(server.snapshot()).isEqualTo(before);
        }
        assertThat(server.put(
                                "/api/v1/teams/default/chunks/"
                                        + ChunkId.of(chunk).hex(),
                                chunk)
                        .statusCode())
                .isEqualTo(201);
    }
}
