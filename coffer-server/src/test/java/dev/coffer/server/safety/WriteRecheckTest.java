package dev.coffer.server.safety;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.server.TestServer;
import dev.coffer.testkit.RealTime;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write is authorised when its request begins and decided again inside its transaction: a
 * member removed, or a notebook stopped, while their upload is on the wire keeps nothing of it.
 */
class WriteRecheckTest {
    static final String ACME = "/api/v1/teams/acme";

    @TempDir
    Path data;

    /** Starts a streamed upload, sends half of it, runs {@code meanwhile}, then sends the rest. */
    static HttpResponse<String> uploadAcross(TestServer s, String token, String path, Runnable meanwhile)
            throws Exception {
        PipedOutputStream out = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(out, 1 << 20);
        byte[] body = new byte[2_000_000];
        new Random(4).nextBytes(body);
        HttpRequest req = HttpRequest.newBuilder(URI.create(s.url() + path))
                .header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> in), body.length))
                .build();
        CompletableFuture<HttpResponse<String>> answer =
                HttpClient.newHttpClient().sendAsync(req, HttpResponse.BodyHandlers.ofString());
        out.write(body, 0, body.length / 2);
        out.flush();
        // The server has the headers and half the body: give it the moment it needs to authorise
        // the request and start reading. It reports no such step to wait for; were it late, the
        // write would be refused all the same, by the check at its start instead of the recheck.
        RealTime.pause(Duration.ofMillis(500));
        meanwhile.run();
        try {
            out.write(body, body.length / 2, body.length - body.length / 2);
            out.close();
        } catch (IOException answeredEarly) {
            // the server may answer before reading everything
        }
        return answer.get();
    }

    @Test
    void a_member_removed_while_uploading_keeps_nothing() throws Exception {
        try (TestServer s = TestServer.start(data)) {
            String owner = s.addUser("olga");
            String bob = s.addUser("bob");
            ok(s.as(owner, "POST", "/api/v1/teams", json("{'name':'acme'}")), 201);
            ok(s.as(owner, "POST", ACME + "/members", json("{'user':'bob','role':'member'}")), 201);
            ok(s.as(bob, "GET", ACME + "/storage/default/list/", null), 200);
            List<String> before = s.snapshot();
            HttpResponse<String> r = uploadAcross(
                    s,
                    bob,
                    ACME + "/storage/default/files/late.bin",
                    () -> ok(s.as(owner, "DELETE", ACME + "/members/bob", null), 204));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
            assertThat(s.as(owner, "GET", ACME + "/storage/default/stat/late.bin", null)
                            .statusCode())
                    .isEqualTo(404);
            assertThat(s.snapshot().stream()
                            .filter(row -> !row.startsWith("chunks=") && !row.startsWith("contents="))
                            .toList())
                    .as("no file, no folder")
                    .isEqualTo(before.stream()
                            .filter(row -> !row.startsWith("chunks=") && !row.startsWith("contents="))
                            .toList());
        }
    }

    @Test
    void a_notebook_stopped_while_its_token_uploads_keeps_nothing() throws Exception {
        try (TestServer s = TestServer.start(data)) {
            String owner = s.addUser("olga");
            ok(s.as(owner, "POST", "/api/v1/teams", json("{'name':'acme'}")), 201);
            ok(s.as(owner, "POST", ACME + "/notebooks", json("{'name':'lab','cluster':'default'}")), 201);
            var made = s.as(owner, "POST", ACME + "/notebooks/lab/tokens", json("{}"));
            ok(made, 201);
            String lab = new ObjectMapper().readTree(made.body()).path("token").asText();
            HttpResponse<String> r = uploadAcross(s, lab, ACME + "/notebooks/lab/files/late.bin", () -> {
                ok(s.as(owner, "POST", ACME + "/notebooks/lab/state", json("{'state':'Stopping'}")), 200);
            });
            assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
            ok(s.as(owner, "POST", ACME + "/notebooks/lab/state", json("{'state':'Stopped'}")), 200);
            ok(s.as(owner, "POST", ACME + "/notebooks/lab/state", json("{'state':'Starting'}")), 200);
            ok(s.as(owner, "POST", ACME + "/notebooks/lab/state", json("{'state':'Running'}")), 200);
            assertThat(s.as(owner, "GET", ACME + "/notebooks/lab/stat/late.bin", null)
                            .statusCode())
                    .isEqualTo(404);
        }
    }

    static void ok(HttpResponse<byte[]> r, int status) {
        assertThat(r.statusCode())
                .as(new String(r.body(), StandardCharsets.UTF_8))
                .isEqualTo(status);
    }

    static byte[] json(String singleQuoted) {
        return singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }
}
