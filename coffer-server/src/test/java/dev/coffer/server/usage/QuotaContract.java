package dev.coffer.server.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.chunk.ChunkId;
import dev.coffer.server.ChunkClient;
import dev.coffer.server.TestServer;
import dev.coffer.testkit.Backend;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The hard stop of a plan with a hard limit, under racing writers; paid plans never refuse. */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class QuotaContract {
    static final String S = "/api/v1/teams/default/storage/default";
    static final long LIMIT = 5_000_000;

    @TempDir
    Path data;

    @Parameter
    Backend backend;

    TestServer start(String defaultPlan) throws Exception {
        Path plans = data.resolve("plans.yaml");
        Files.writeString(plans, """
                default: %s
                tiny:
                  included: 5MB
                  hardLimit: true
                  dataSources: false
                """.formatted(defaultPlan));
        Map<String, String> env = new HashMap<>(backend.serverEnv());
        env.put("COFFER_PLANS_FILE", plans.toString());
        return TestServer.start(data.resolve("server"), env);
    }

    @Test
    void bytes_sent_but_not_committed_count_against_a_hard_limit_and_a_large_stream_is_refused_before_it_is_read()
            throws Exception {
        try (TestServer s = start("tiny")) {
            String chunks = "/api/v1/teams/default/chunks/";
            List<ChunkClient.Chunk> sent = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                byte[] b = UsageApiContract.random(500 + i, 1_000_000);
                sent.add(new ChunkClient.Chunk(ChunkId.of(b).hex(), b));
                assertThat(s.put(chunks + sent.getLast().id(), b).statusCode()).isEqualTo(201);
            }
            List<String> before = s.snapshot();
            byte[] more = UsageApiContract.random(600, 1_500_000);
            String moreId = ChunkId.of(more).hex();
            HttpResponse<byte[]> refused = s.put(chunks + moreId, more);
            assertThat(refused.statusCode()).as(new String(refused.body())).isEqualTo(507);
            JsonNode problem = UsageApiContract.JSON.readTree(refused.body());
            assertThat(problem.path("uncommittedBytes").asLong()).isEqualTo(4_000_000);
            assertThat(problem.path("detail").asText())
                    .contains("not committed")
                    .contains("nothing of it was kept");
            assertThat(s.snapshot()).as("the refused chunk was not stored").isEqualTo(before);

            // Committing what was sent turns the reservation into usage: the room is there again.
            assertThat(s.post(S + "/manifest/four.bin", new String(ChunkClient.manifest(sent)))
                            .statusCode())
                    .isEqualTo(201);
            assertThat(UsageApiContract.usage(s)).isEqualTo(4_000_000);
            assertThat(s.put(
                                    chunks
                                            + ChunkId.of(UsageApiContract.random(601, 900_000))
                                                    .hex(),
                                    UsageApiContract.random(601, 900_000))
                            .statusCode())
                    .isEqualTo(201);

            List<String> beforeStream = s.snapshot();
            HttpResponse<byte[]> stream = s.putAskingFirst(S + "/files/huge.bin", new byte[6_000_000]);
            assertThat(stream.statusCode()).as(new String(stream.body())).isEqualTo(507);
            assertThat(s.snapshot())
                    .as("a stream over the room left is refused before any of it is stored")
                    .isEqualTo(beforeStream);
        }
    }

    @Test
    void racing_writers_never_push_a_hard_limited_team_past_its_limit_and_refused_writes_leave_nothing()
            throws Exception {
        try (TestServer s = start("tiny")) {
            int writers = 8;
            int filesEach = 4;
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            List<Future<HttpResponse<byte[]>>> answers = new ArrayList<>();
            List<byte[]> contents = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                for (int f = 0; f < filesEach; f++) {
                    byte[] bytes = UsageApiContract.random(w * 100L + f, 400_000);
                    contents.add(bytes);
                    String path = S + "/files/w" + w + "/f" + f + ".bin";
                    answers.add(pool.submit(() -> s.put(path, bytes)));
                }
            }
            int accepted = 0;
            int refused = 0;
            for (int i = 0; i < answers.size(); i++) {
                HttpResponse<byte[]> r = answers.get(i).get();
                String path = S + "/files/w" + (i / filesEach) + "/f" + (i % filesEach) + ".bin";
                if (r.statusCode() == 201) {
                    accepted++;
                    assertThat(s.get(path).body())
                            .as("an accepted write reads back")
                            .isEqualTo(contents.get(i));
                } else {
                    refused++;
                    assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(507);
                    JsonNode problem = UsageApiContract.JSON.readTree(r.body());
                    assertThat(problem.path("detail").asText())
                            .contains("5 MB")
                            .contains("Tiny plan")
                            .contains("nothing of it was kept");
                    assertThat(problem.path("limitBytes").asLong()).isEqualTo(LIMIT);
                    assertThat(s.get(path.replace("/files/", "/stat/")).statusCode())
                            .as("a refused write left no file")
                            .isEqualTo(404);
                }
            }
            pool.shutdown();
            long usage = UsageApiContract.usage(s);
            assertThat(usage).isLessThanOrEqualTo(LIMIT).isEqualTo(accepted * 400_000L);
            assertThat(accepted).isEqualTo((int) (LIMIT / 400_000));
            assertThat(refused).isEqualTo(writers * filesEach - accepted);

            // The refused writes' chunks were never referenced: GC takes them, and the store holds exactly the team's
            // usage.
            UsageApiContract.ok(s.post("/api/v1/admin/gc?graceSeconds=0", "{}"), 200);
            long stored = s.server()
                    .database()
                    .withHandle(h -> h.createQuery("SELECT COALESCE(SUM(size), 0) FROM chunks")
                            .mapTo(Long.class)
                            .one());
            assertThat(stored).isEqualTo(usage);

            // Deleting is always allowed, and frees room for the next write.
            UsageApiContract.ok(s.send("DELETE", S + "/files/w0?recursive=true", null), 204);
            assertThat(s.put(S + "/files/after-delete.bin", UsageApiContract.random(999, 100_000))
                            .statusCode())
                    .isIn(201, 507);
        }
    }

    @Test
    void paid_plans_bill_instead_of_refusing() throws Exception {
        try (TestServer s = start("tiny")) {
            UsageApiContract.ok(
                    s.send(
                            "PUT",
                            "/api/v1/teams/default/plan",
                            "{\"plan\":\"pro\"}".getBytes(),
                            "Content-Type",
                            "application/json"),
                    200);
            byte[] big = UsageApiContract.random(7, 6_000_000);
            UsageApiContract.ok(s.put(S + "/files/big.bin", big), 201);
            assertThat(UsageApiContract.usage(s)).isEqualTo(big.length);
            UsageApiContract.ok(
                    s.send(
                            "PUT",
                            "/api/v1/teams/default/plan",
                            "{\"plan\":\"tiny\"}".getBytes(),
                            "Content-Type",
                            "application/json"),
                    200);
            HttpResponse<byte[]> more = s.put(S + "/files/more.bin", UsageApiContract.random(8, 10));
            assertThat(more.statusCode())
                    .as("above the limit after a downgrade, writes that add are refused")
                    .isEqualTo(507);
            UsageApiContract.ok(s.put(S + "/files/big.bin", UsageApiContract.random(9, 1000)), 201);
            assertThat(UsageApiContract.usage(s))
                    .as("a write that lowers usage is allowed")
                    .isEqualTo(1000);
        }
    }
}
