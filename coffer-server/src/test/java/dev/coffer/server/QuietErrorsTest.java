package dev.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Answers that anyone can provoke say what went wrong without leaking what they should not:
 * readiness names the failing part, not its exception; a malformed sign-in or user body never
 * echoes the password; creating a team never ends in a 500, whoever asks.
 */
class QuietErrorsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET = "hunter2-Sekr1t";

    @TempDir
    Path data;

    static JsonNode json(HttpResponse<byte[]> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void readiness_names_the_unreachable_part_and_nothing_more() throws Exception {
        try (TestServer s = TestServer.start(data)) {
            assertThat(s.get("/readyz", "Authorization", null).statusCode()).isEqualTo(200);
            Path store;
            try (Stream<Path> all = Files.walk(data)) {
                store = all.filter(p -> p.getFileName().toString().equals("_tmp"))
                        .findFirst()
                        .orElseThrow()
                        .getParent();
            }
            Path aside = store.resolveSibling(store.getFileName() + ".aside");
            Files.move(store, aside);
            HttpResponse<byte[]> noStore = s.get("/readyz", "Authorization", null);
            Files.move(aside, store);
            assertThat(noStore.statusCode()).isEqualTo(503);
            assertThat(json(noStore).path("detail").asText()).isEqualTo("not ready: store unreachable");
            assertThat(new String(noStore.body()))
                    .doesNotContain(data.toString())
                    .doesNotContain("folder");

            s.server().database().close();
            HttpResponse<byte[]> noDatabase = s.get("/readyz", "Authorization", null);
            assertThat(noDatabase.statusCode()).isEqualTo(503);
            assertThat(json(noDatabase).path("detail").asText()).isEqualTo("not ready: database unreachable");
            assertThat(new String(noDatabase.body()))
                    .doesNotContainIgnoringCase("hikari")
                    .doesNotContainIgnoringCase("sqlite");
        }
    }

    @Test
    void malformed_sign_in_and_user_bodies_never_echo_the_password() throws Exception {
        try (TestServer s = TestServer.start(data)) {
            List<String> signIns = List.of(
                    "{\"name\":\"alice\",\"password\":\"" + SECRET,
                    "{\"name\":\"alice\",\"password\":" + SECRET + "}",
                    "{\"name\":\"alice\",\"password\":\"" + SECRET + "\"}}",
                    "{\"name\":\"alice\",\"password\":\"x\",\"" + SECRET + "\":1}",
                    "{\"name\":\"alice\",\"password\":[\"" + SECRET + "\"]}",
                    "{\"name\":\"alice\" \"password\":\"" + SECRET + "\"}");
            for (String body : signIns) {
                HttpResponse<byte[]> login = s.post("/api/v1/login", body, "Authorization", null);
                assertThat(login.statusCode()).as(body).isEqualTo(400);
                assertThat(new String(login.body()))
                        .as(body)
                        .doesNotContain("hunter")
                        .doesNotContain("Sekr");
                HttpResponse<byte[]> user = s.post("/api/v1/users", body.replace("alice", "bob"));
                assertThat(user.statusCode()).as(body).isEqualTo(400);
                assertThat(new String(user.body()))
                        .as(body)
                        .doesNotContain("hunter")
                        .doesNotContain("Sekr");
                HttpResponse<byte[]> passwd = s.send(
                        "PUT",
                        "/api/v1/me/password",
                        body.replace("name", "current")
                                .replace("password", "new")
                                .getBytes(StandardCharsets.UTF_8),
                        "Content-Type",
                        "application/json");
                assertThat(new String(passwd.body()))
                        .as(body)
                        .doesNotContain("hunter")
                        .doesNotContain("Sekr");
            }
            HttpResponse<byte[]> typed = s.post("/api/v1/users", "{\"name\":\"bob\",\"password\":12345678901}");
            assertThat(json(typed).path("detail").asText()).isEqualTo("request body field 'password' must be a string");
            assertThat(json(s.get("/api/v1/users")).path("users").findValuesAsText("name"))
                    .doesNotContain("bob");
        }
    }

    @Test
    void creating_a_team_is_refused_cleanly_for_every_principal_and_bad_body() throws Exception {
        try (TestServer s = TestServer.start(data)) {
            HttpResponse<byte[]> platform =
                    s.post("/api/v1/clusters/default/platform-tokens", "{\"name\":\"scheduler\"}");
            assertThat(platform.statusCode()).isEqualTo(201);
            assertThat(s.post("/api/v1/teams/default/notebooks", "{\"name\":\"nb\"}")
                            .statusCode())
                    .isEqualTo(201);
            HttpResponse<byte[]> notebook = s.post("/api/v1/teams/default/notebooks/nb/tokens", "{}");
            assertThat(notebook.statusCode()).as(new String(notebook.body())).isEqualTo(201);
            String member = s.addUser("member");
            long teams = teams(s);

            for (String token : List.of(
                    json(platform).path("token").asText(),
                    json(notebook).path("token").asText())) {
                HttpResponse<byte[]> r =
                        s.post("/api/v1/teams", "{\"name\":\"sneaky\"}", "Authorization", "Bearer " + token);
                assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(403);
                assertThat(json(r).path("detail").asText()).contains("token may not create teams");
            }
            HttpResponse<byte[]> anonymous = s.post("/api/v1/teams", "{\"name\":\"sneaky\"}", "Authorization", null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            for (String bad : List.of(
                    "",
                    "{}",
                    "null",
                    "[]",
                    "42",
                    "{\"name\":null}",
                    "{\"name\":7}",
                    "{\"name\":\"\"}",
                    "{\"name\":\"a/b\"}",
                    "{\"name\":\"..\"}",
                    "{\"name\":\"" + "x".repeat(300) + "\"}",
                    "{\"name\":\"ok\",\"extra\":1}",
                    "{\"name\":\"~me\"}",
                    "{\"name\":\"rtl\u202Eexe\"}",
                    "{\"name\":")) {
                for (String token : List.of(TestServer.TOKEN, member)) {
                    HttpResponse<byte[]> r = s.post("/api/v1/teams", bad, "Authorization", "Bearer " + token);
                    assertThat(r.statusCode())
                            .as(bad + " -> " + new String(r.body()))
                            .isBetween(400, 499);
                }
            }
            assertThat(teams(s)).as("no team was made").isEqualTo(teams);
            assertThat(s.post("/api/v1/teams", "{\"name\":\"fine\"}", "Authorization", "Bearer " + member)
                            .statusCode())
                    .isEqualTo(201);
        }
    }

    static long teams(TestServer s) {
        return s.server()
                .database()
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM teams")
                        .mapTo(Long.class)
                        .one());
    }
}
