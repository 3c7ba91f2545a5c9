package dev.coffer.server.access;

import static dev.coffer.server.access.AccessMatrixContract.body;
import static dev.coffer.server.access.AccessMatrixContract.json;
import static dev.coffer.server.access.AccessMatrixContract.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.server.TestServer;
import dev.coffer.testkit.Backend;
import dev.coffer.testkit.TestClock;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Notebook scope follows the notebook, tried over HTTP as someone holding a notebook token (or a
 * member's token) would: the token works only while its notebook is Running, on every route;
 * it expires and can be revoked; only the cluster's platform, team admins and operators move a
 * notebook's state, and only along the allowed moves.
 */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class NotebookScopeContract {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String T = "/api/v1/teams/acme";
    static final String LAB = T + "/notebooks/lab";

    @TempDir
    Path data;

    @Parameter
    Backend backend;

    /** A server with team acme (olga owner, adam admin, bob member, vera viewer), notebook lab, a file in storage and a dataset. */
    record Setup(TestServer s, String olga, String adam, String bob, String vera, String outsider) {}

    Setup setup(TestServer s) {
        Setup u = new Setup(
                s, s.addUser("olga"), s.addUser("adam"), s.addUser("bob"), s.addUser("vera"), s.addUser("otto"));
        ok(s.as(u.olga(), "POST", "/api/v1/teams", json("{'name':'acme'}")), 201);
        ok(s.as(u.olga(), "POST", T + "/members", json("{'user':'adam','role':'admin'}")), 201);
        ok(s.as(u.olga(), "POST", T + "/members", json("{'user':'bob','role':'member'}")), 201);
        ok(s.as(u.olga(), "POST", T + "/members", json("{'user':'vera','role':'viewer'}")), 201);
        ok(s.as(u.olga(), "POST", T + "/notebooks", json("{'name':'lab'}")), 201);
        ok(s.as(u.olga(), "PUT", T + "/storage/default/files/shared.txt", "S".getBytes()), 201);
        ok(s.as(u.olga(), "PUT", LAB + "/files/mine.txt", "M".getBytes()), 201);
        ok(s.as(u.olga(), "POST", T + "/datasets", json("{'name':'ds'}")), 201);
        ok(s.as(u.olga(), "POST", T + "/datasets/ds/versions", json("{}")), 201);
        ok(s.as(u.olga(), "PUT", T + "/datasets/ds:1/files/read.txt", "D".getBytes()), 201);
        ok(s.as(u.olga(), "POST", T + "/datasets/ds/versions/1/commit", json("{}")), 200);
        return u;
    }

    static JsonNode newToken(TestServer s, String maker, String body) throws Exception {
        HttpResponse<byte[]> r = s.as(maker, "POST", LAB + "/tokens", body == null ? null : json(body));
        ok(r, 201);
        return JSON.readTree(r.body());
    }

    static String state(TestServer s, Setup u) throws Exception {
        for (JsonNode n : JSON.readTree(
                        s.as(u.vera(), "GET", T + "/notebooks", null).body())
                .path("notebooks")) {
            if (n.path("name").asText().equals("lab")) return n.path("state").asText();
        }
        throw new AssertionError("no notebook lab");
    }

    static HttpResponse<byte[]> report(TestServer s, String token, String state) {
        return s.as(token, "POST", LAB + "/state", json("{'state':'" + state + "'}"));
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void a_notebook_token_is_refused_on_every_route_while_its_notebook_is_not_running_and_nothing_changes()
            throws Exception {
        try (TestServer s = TestServer.start(data, backend)) {
            Setup u = setup(s);
            String nb = newToken(s, u.bob(), "{}").path("token").asText();
            ok(s.as(nb, "GET", T + "/storage/default/files/shared.txt", null), 200);
            ok(s.as(nb, "GET", T + "/datasets/ds/files/read.txt", null), 200);
            ok(s.as(nb, "PUT", LAB + "/files/while-running.txt", "R".getBytes()), 201);

            byte[] chunk = "planted while stopped".getBytes(StandardCharsets.UTF_8);
            String hash = sha256(chunk);
            for (String stopped : List.of("Stopping", "Stopped", "Starting")) {
                ok(report(s, TestServer.TOKEN, stopped), 200);
                List<String> before = s.snapshot();
                String[][] attempts = {
                    {"GET", LAB + "/list/"},
                    {"GET", LAB + "/files/mine.txt"},
                    {"PUT", LAB + "/files/planted.txt"},
                    {"GET", T + "/storage/default/files/shared.txt"},
                    {"GET", T + "/storage/default/list/"},
                    {"PUT", T + "/storage/default/files/planted.txt"},
                    {"DELETE", T + "/storage/default/files/shared.txt"},
                    {"POST", T + "/storage/default/mkdir/planted"},
                    {"GET", T + "/storage/default/files/?archive=zip"},
                    {"GET", T + "/datasets"},
                    {"GET", T + "/datasets/ds/files/read.txt"},
                    {"GET", T + "/datasets/ds/list/"},
                    {"GET", "/api/v1/public/datasets"},
                    {"POST", T + "/imports"},
                    {"GET", T + "/jobs"},
                    {"POST", T + "/chunks/missing"},
                    {"PUT", T + "/chunks/" + hash},
                    {"POST", T + "/chunks/batch"},
                    {"GET", "/api/v1/me"},
                    {"GET", T},
                    {"GET", T + "/notebooks"},
                    {"GET", T + "/storage-view"},
                };
                for (String[] a : attempts) {
                    byte[] sent = switch (a[1].substring(a[1].lastIndexOf('/') + 1)) {
                        case "imports" ->
                            json("{'url':'https://example.com/x','volume':{'kind':'storage','name':'default'}}");
                        case "missing" -> json("{'chunks':['" + hash + "']}");
                        default -> a[1].endsWith(hash) ? chunk : a[0].equals("PUT") ? "X".getBytes() : null;
                    };
                    HttpResponse<byte[]> r = s.as(nb, a[0], a[1], sent);
                    assertThat(r.statusCode())
                            .as(stopped + ": " + a[0] + " " + a[1])
                            .isEqualTo(403);
                    assertThat(JSON.readTree(r.body()).path("detail").asText())
                            .as(a[1])
                            .contains("'lab' is " + stopped)
                            .contains("Running")
                            .doesNotContain("shared");
                }
                assertThat(s.snapshot()).as("nothing changed while " + stopped).isEqualTo(before);
                assertThat(body(s.as(u.olga(), "GET", T + "/jobs", null))).doesNotContain("example.com");
            }
            ok(report(s, TestServer.TOKEN, "Running"), 200);
            assertThat(s.as(nb, "GET", T + "/storage/default/files/shared.txt", null)
                            .body())
                    .isEqualTo("S".getBytes());
            ok(s.as(u.olga(), "GET", T + "/storage/default/stat/planted.txt", null), 404);
        }
    }

    @Test
    void expired_and_revoked_notebook_tokens_get_401_and_lifetimes_are_bounded() throws Exception {
        TestClock clock = new TestClock();
        try (TestServer s = TestServer.start(data, backend, clock)) {
            Setup u = setup(s);
            JsonNode first = newToken(s, u.bob(), null);
            assertThat(first.path("expiresAt").asLong())
                    .as("default lifetime")
                    .isEqualTo(clock.millis() + Duration.ofDays(7).toMillis());
            String nb = first.path("token").asText();
            ok(s.as(nb, "GET", LAB + "/list/", null), 200);

            ok(s.as(u.bob(), "DELETE", LAB + "/tokens/" + first.path("id").asLong(), null), 204);
            HttpResponse<byte[]> revoked = s.as(nb, "GET", LAB + "/list/", null);
            assertThat(revoked.statusCode()).isEqualTo(401);
            assertThat(body(revoked)).contains("revoked");
            ok(s.as(nb, "PUT", T + "/storage/default/files/late.txt", "L".getBytes()), 401);

            JsonNode hourly = newToken(s, u.bob(), "{'expiresInHours':2}");
            assertThat(hourly.path("expiresAt").asLong())
                    .isEqualTo(clock.millis() + Duration.ofHours(2).toMillis());
            clock.advance(Duration.ofHours(2).minusMillis(1));
            ok(s.as(hourly.path("token").asText(), "GET", T + "/storage/default/list/", null), 200);
            clock.advance(Duration.ofMillis(1));
            HttpResponse<byte[]> expired =
                    s.as(hourly.path("token").asText(), "GET", T + "/storage/default/list/", null);
            assertThat(expired.statusCode()).isEqualTo(401);
            assertThat(body(expired)).contains("expired");
            ok(s.as(hourly.path("token").asText(), "PUT", T + "/storage/default/files/late.txt", "L".getBytes()), 401);
            ok(s.as(u.olga(), "GET", T + "/storage/default/stat/late.txt", null), 404);

            for (String tooLong : List.of(
                    "{'expiresInHours':0}",
                    "{'expiresInDays':91}",
                    "{'expiresInHours':1,'expiresInDays':1}",
                    "{'expiresInDays':-3}")) {
                ok(s.as(u.bob(), "POST", LAB + "/tokens", json(tooLong)), 400);
            }
            assertThat(newToken(s, u.bob(), "{'expiresInDays':90}")
                            .path("expiresAt")
                            .asLong())
                    .isPositive();
        }
    }

    @Test
    void tokens_are_listed_without_their_values_and_revoked_by_their_maker_or_admins() throws Exception {
        try (TestServer s = TestServer.start(data, backend)) {
            Setup u = setup(s);
            JsonNode bobs = newToken(s, u.bob(), "{}");
            JsonNode olgas = newToken(s, u.olga(), "{'expiresInDays':1}");
            ok(s.as(bobs.path("token").asText(), "GET", LAB + "/list/", null), 200);

            HttpResponse<byte[]> listed = s.as(u.bob(), "GET", LAB + "/tokens", null);
            ok(listed, 200);
            assertThat(body(listed))
                    .doesNotContain(bobs.path("token").asText())
                    .doesNotContain(olgas.path("token").asText())
                    .doesNotContain("cofn_")
                    .doesNotContain("hash");
            JsonNode tokens = JSON.readTree(listed.body()).path("tokens");
            assertThat(tokens).hasSize(2);
            assertThat(tokens.get(0).path("id").asLong())
                    .isEqualTo(olgas.path("id").asLong());
            assertThat(tokens.get(0).path("createdBy").asText()).isEqualTo("olga");
            assertThat(tokens.get(1).path("createdBy").asText()).isEqualTo("bob");
            assertThat(tokens.get(1).path("lastUsedAt").asLong())
                    .as("set by the request that used it")
                    .isPositive();
            assertThat(tokens.get(1).path("expired").asBoolean()).isFalse();
            assertThat(tokens.get(1).path("revoked").asBoolean()).isFalse();

            ok(s.as(u.vera(), "GET", LAB + "/tokens", null), 403);
            ok(s.as(u.vera(), "POST", LAB + "/tokens", json("{}")), 403);
            ok(s.as(u.outsider(), "GET", LAB + "/tokens", null), 404);
            ok(s.as(bobs.path("token").asText(), "GET", LAB + "/tokens", null), 403);
            ok(s.as(bobs.path("token").asText(), "POST", LAB + "/tokens", json("{}")), 403);

            ok(s.as(u.bob(), "DELETE", LAB + "/tokens/" + olgas.path("id").asLong(), null), 403);
            ok(s.as(olgas.path("token").asText(), "GET", LAB + "/list/", null), 200);
            ok(
                    s.as(
                            bobs.path("token").asText(),
                            "DELETE",
                            LAB + "/tokens/" + bobs.path("id").asLong(),
                            null),
                    403);
            ok(s.as(u.outsider(), "DELETE", LAB + "/tokens/" + bobs.path("id").asLong(), null), 404);
            ok(s.as(u.adam(), "DELETE", LAB + "/tokens/" + bobs.path("id").asLong(), null), 204);
            ok(s.as(u.adam(), "DELETE", LAB + "/tokens/999999", null), 404);
            ok(s.as(bobs.path("token").asText(), "GET", LAB + "/list/", null), 401);
            JsonNode after = JSON.readTree(
                            s.as(u.olga(), "GET", LAB + "/tokens", null).body())
                    .path("tokens");
            assertThat(after.get(1).path("revoked").asBoolean()).isTrue();
            assertThat(after.get(0).path("revoked").asBoolean()).isFalse();
        }
    }

    @Test
    void only_the_clusters_platform_token_team_admins_and_operators_report_notebook_states() throws Exception {
        try (TestServer s = TestServer.start(data, backend)) {
            Setup u = setup(s);
            String nb = newToken(s, u.bob(), "{}").path("token").asText();
            ok(s.post("/api/v1/clusters", "{\"name\":\"other\"}"), 201);
            String platform = JSON.readTree(
                            s.post("/api/v1/clusters/default/platform-tokens", "{\"name\":\"scheduler\"}")
                                    .body())
                    .path("token")
                    .asText();
            String otherPlatform = JSON.readTree(
                            s.post("/api/v1/clusters/other/platform-tokens", "{\"name\":\"scheduler\"}")
                                    .body())
                    .path("token")
                    .asText();

            ok(report(s, u.bob(), "Stopping"), 403);
            ok(report(s, u.vera(), "Stopping"), 403);
            ok(report(s, nb, "Stopping"), 403);
            ok(report(s, u.outsider(), "Stopping"), 404);
            ok(report(s, otherPlatform, "Stopping"), 404);
            assertThat(state(s, u)).as("no refused report changed the state").isEqualTo("Running");
            ok(s.as(nb, "GET", LAB + "/list/", null), 200);

            ok(report(s, platform, "Stopping"), 200);
            ok(report(s, u.adam(), "Stopped"), 200);
            ok(report(s, u.bob(), "Starting"), 403);
            ok(report(s, u.olga(), "Starting"), 200);
            // The operator (not a member of acme) may report too, standing in for a platform.
            ok(report(s, TestServer.TOKEN, "Running"), 200);
            assertThat(state(s, u)).isEqualTo("Running");
        }
    }

    @Test
    void an_illegal_move_is_refused_with_409_naming_the_state_and_the_allowed_moves_and_changes_nothing()
            throws Exception {
        try (TestServer s = TestServer.start(data, backend)) {
            Setup u = setup(s);
            String nb = newToken(s, u.bob(), "{}").path("token").asText();
            HttpResponse<byte[]> refused = report(s, u.olga(), "Starting");
            ok(refused, 409);
            JsonNode problem = JSON.readTree(refused.body());
            assertThat(problem.path("detail").asText())
                    .contains("is Running")
                    .contains("Stopped or Stopping")
                    .contains("not to Starting");
            assertThat(problem.path("state").asText()).isEqualTo("Running");
            assertThat(problem.path("allowed").toString()).isEqualTo("[\"Stopped\",\"Stopping\"]");
            assertThat(state(s, u)).isEqualTo("Running");

            ok(report(s, u.olga(), "Running"), 200);
            ok(report(s, u.olga(), "Stopped"), 200);
            for (String illegal : List.of("Running", "Stopping")) {
                HttpResponse<byte[]> r = report(s, u.olga(), illegal);
                ok(r, 409);
                assertThat(body(r)).contains("is Stopped").contains("only to Starting");
                assertThat(state(s, u)).isEqualTo("Stopped");
                ok(s.as(nb, "GET", LAB + "/list/", null), 403);
            }
            ok(report(s, u.olga(), "Paused"), 400);
            assertThat(state(s, u)).isEqualTo("Stopped");
        }
    }
}
