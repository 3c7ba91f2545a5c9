package dev.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.testkit.Backend;
import dev.coffer.testkit.TestClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** A notebook's files are shown only while it is Running, kept untouched otherwise, and go with the notebook. */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class NotebookStatesContract {
    @Parameter
    Backend backend;

    static final String NBS = "/api/v1/teams/default/notebooks";
    static final String NB = NBS + "/lab";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    HttpResponse<byte[]> state(TestServer s, String state) {
        return s.post(NB + "/state", "{\"state\":\"" + state + "\"}");
    }

    @Test
    void files_are_refused_unless_running_and_identical_after_a_stop_start_cycle() throws Exception {
        byte[] bytes = new byte[700_000];
        new Random(3).nextBytes(bytes);
        try (TestServer s = TestServer.start(data, backend)) {
            assertThat(s.post(NBS, "{\"name\":\"lab\"}").statusCode()).isEqualTo(201);
            assertThat(s.put(NB + "/files/project/data.bin", bytes).statusCode())
                    .isEqualTo(201);
            String digest = JSON.readTree(s.get(NB + "/stat/project/data.bin").body())
                    .path("digest")
                    .asText();

            for (String notRunning : List.of("Stopping", "Stopped", "Starting")) {
                assertThat(state(s, notRunning).statusCode()).isEqualTo(200);
                List<String> before = s.snapshot();
                for (HttpResponse<byte[]> r : List.of(
                        s.get(NB + "/list/work"),
                        s.get(NB + "/files/project/data.bin"),
                        s.get(NB + "/files/work?archive=zip"),
                        s.put(NB + "/files/project/new.bin", new byte[] {1}),
                        s.send("DELETE", NB + "/files/project/data.bin", null),
                        s.post(NB + "/mkdir/other", "{}"))) {
                    assertThat(r.statusCode()).as(notRunning).isEqualTo(409);
                    assertThat(JSON.readTree(r.body()).path("detail").asText())
                            .contains("is " + notRunning)
                            .contains("Running");
                }
                assertThat(s.snapshot())
                        .as("nothing changes while " + notRunning)
                        .isEqualTo(before);
            }

            assertThat(state(s, "Running").statusCode()).isEqualTo(200);
            assertThat(s.get(NB + "/files/project/data.bin").body()).isEqualTo(bytes);
            assertThat(JSON.readTree(s.get(NB + "/stat/project/data.bin").body())
                            .path("digest")
                            .asText())
                    .isEqualTo(digest);
            assertThat(s.put(NB + "/files/project/new.bin", new byte[] {1}).statusCode())
                    .isEqualTo(201);

            assertThat(state(s, "Paused").statusCode()).isEqualTo(400);
            assertThat(s.post(NBS + "/ghost/state", "{\"state\":\"Running\"}").statusCode())
                    .isEqualTo(404);
        }
    }

    @Test
    void deleting_a_notebook_deletes_its_files_and_gc_reclaims_the_space() throws Exception {
        byte[] bytes = new byte[900_000];
        new Random(4).nextBytes(bytes);
        TestClock clock = new TestClock();
        try (TestServer s = TestServer.start(data, backend, clock)) {
            assertThat(s.post(NBS, "{\"name\":\"lab\"}").statusCode()).isEqualTo(201);
            assertThat(s.put(NB + "/files/big.bin", bytes).statusCode()).isEqualTo(201);
            assertThat(s.send("DELETE", NB, null).statusCode()).isEqualTo(204);
            assertThat(s.get(NB + "/list/").statusCode()).isEqualTo(404);
            assertThat(s.snapshot()).noneMatch(row -> row.contains(":big.bin:"));
            // A zero grace period reaches only what is older than now: a moment passes first.
            clock.advance(Duration.ofSeconds(1));
            var gc = JSON.readTree(
                    s.post("/api/v1/admin/gc?graceSeconds=0", "{}").body());
            assertThat(gc.path("chunks").asLong()).isGreaterThan(0);
            assertThat(s.snapshot()).contains("chunks=0");
        }
    }
}
