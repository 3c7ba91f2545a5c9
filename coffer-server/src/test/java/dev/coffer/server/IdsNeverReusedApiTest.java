package dev.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.testkit.Backend;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A team, user or notebook made after the newest one was deleted gets a new id, so nothing
 * recorded under the old id (the audit trail above all) is shown as the new one's.
 */
class IdsNeverReusedApiTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    @ParameterizedTest
    @EnumSource(names = {"SQLITE", "POSTGRES"})
    void a_new_team_user_or_notebook_never_takes_a_deleted_ones_id(Backend backend) throws Exception {
        try (TestServer s = TestServer.start(data, backend)) {
            assertThat(s.post("/api/v1/teams", "{\"name\":\"gone\"}").statusCode())
                    .isEqualTo(201);
            HttpResponse<byte[]> secret = s.send(
                    "PUT",
                    "/api/v1/teams/gone/secrets/api-key",
                    "{\"value\":\"s3cr3t-value\"}".getBytes(StandardCharsets.UTF_8),
                    "Content-Type",
                    "application/json");
            assertThat(secret.statusCode()).as(new String(secret.body())).isEqualTo(201);
            long gone = id(s, "teams", "gone");
            assertThat(s.send("DELETE", "/api/v1/teams/gone", null).statusCode())
                    .isEqualTo(204);

            assertThat(s.post("/api/v1/teams", "{\"name\":\"fresh\"}").statusCode())
                    .isEqualTo(201);
            assertThat(id(s, "teams", "fresh")).isNotEqualTo(gone);
            HttpResponse<byte[]> audit = s.get("/api/v1/audit?team=fresh");
            assertThat(audit.statusCode()).isEqualTo(200);
            JsonNode events = JSON.readTree(audit.body()).path("events");
            events.forEach(
                    e -> assertThat(e.path("action").asText()).as(e.toString()).isNotEqualTo("secrets.set"));

            assertThat(s.post("/api/v1/users", "{\"name\":\"bob\",\"password\":\"a long enough password\"}")
                            .statusCode())
                    .isEqualTo(201);
            long bob = id(s, "users", "bob");
            assertThat(s.send("DELETE", "/api/v1/users/bob", null).statusCode()).isEqualTo(204);
            assertThat(s.post("/api/v1/users", "{\"name\":\"carol\",\"password\":\"a long enough password\"}")
                            .statusCode())
                    .isEqualTo(201);
            assertThat(id(s, "users", "carol")).isNotEqualTo(bob);

            assertThat(s.post("/api/v1/teams/fresh/notebooks", "{\"name\":\"nb1\"}")
                            .statusCode())
                    .isEqualTo(201);
            long nb1 = id(s, "notebooks", "nb1");
            assertThat(s.send("DELETE", "/api/v1/teams/fresh/notebooks/nb1", null)
                            .statusCode())
                    .isEqualTo(204);
            assertThat(s.post("/api/v1/teams/fresh/notebooks", "{\"name\":\"nb2\"}")
                            .statusCode())
                    .isEqualTo(201);
            assertThat(id(s, "notebooks", "nb2")).isNotEqualTo(nb1);
        }
    }

    static long id(TestServer s, String table, String name) {
        return s.server()
                .database()
                .withHandle(h -> h.createQuery("SELECT id FROM " + table + " WHERE name = :n")
                        .bind("n", name)
                        .mapTo(Long.class)
                        .one());
    }
}
