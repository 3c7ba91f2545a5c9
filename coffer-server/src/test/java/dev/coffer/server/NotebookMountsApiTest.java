package dev.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A notebook's mounts over the API: mounting rewrites .coffer/settings.yaml keeping the other
 * entries, the list reads both settings files, and every bad request is refused with nothing
 * written.
 */
class NotebookMountsApiTest {
    static final String T = "/api/v1/teams/default";
    static final String MOUNTS = T + "/notebooks/lab/mounts";
    static final String SETTINGS = T + "/notebooks/lab/files/.coffer/settings.yaml";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    @Test
    void mounting_rewrites_the_settings_file_keeping_other_entries_and_bad_requests_change_nothing() throws Exception {
        try (TestServer s = TestServer.start(data)) {
            ok(s.post(T + "/notebooks", "{\"name\":\"lab\",\"cluster\":\"default\"}"), 201);
            ok(s.post(T + "/datasets", "{\"name\":\"survey\"}"), 201);
            ok(s.post(T + "/datasets/survey/versions", "{}"), 201);
            ok(s.put(T + "/datasets/survey:1/files/a.csv", "a".getBytes()), 201);
            ok(s.post(T + "/datasets/survey/versions/1/commit", "{}"), 200);
            ok(s.post(T + "/datasets/survey/versions", "{}"), 201);
            ok(s.put(SETTINGS, """
                    # mine
                    integrations:
                      bucket:
                        type: s3
                        url: s3://my-bucket/data
                        accessKeyId: AK123
                        secretAccessKey: secret:key
                        region: us-west-1
                    """.getBytes(StandardCharsets.UTF_8)), 201);
            ok(s.put(T + "/notebooks/lab/files/.gradient/settings.yaml", """
                    integrations:
                      old:
                        type: dataset
                        id: survey
                    """.getBytes(StandardCharsets.UTF_8)), 201);

            JsonNode mounted = json(ok(
                    s.send("PUT", MOUNTS + "/answers", "{\"dataset\":\"survey\",\"version\":\"1\"}".getBytes()), 200));
            assertThat(mounted.path("version").asText()).isEqualTo("1");
            String yaml = text(ok(s.get(SETTINGS), 200));
            assertThat(yaml)
                    .contains("answers:", "type: dataset", "id: survey", "version: '1'")
                    .contains(
                            "bucket:", "url: s3://my-bucket/data", "secretAccessKey: secret:key", "region: us-west-1");

            JsonNode list = json(ok(s.get(MOUNTS), 200));
            assertThat(list.path("mounts").findValuesAsText("name")).containsExactly("bucket", "answers", "old");
            assertThat(list.path("mounts").get(2).path("file").asText()).isEqualTo(".gradient/settings.yaml");

            String before = text(s.get(SETTINGS));
            assertThat(s.send("PUT", MOUNTS + "/..", "{\"dataset\":\"survey\"}".getBytes())
                            .statusCode())
                    .isIn(400, 404);
            assertThat(text(s.send("PUT", MOUNTS + "/bad%20name", "{\"dataset\":\"survey\"}".getBytes())))
                    .contains("not a safe folder name");
            assertThat(s.send("PUT", MOUNTS + "/x", "{\"dataset\":\"nope\"}".getBytes())
                            .statusCode())
                    .isEqualTo(404);
            HttpResponse<byte[]> draft =
                    s.send("PUT", MOUNTS + "/x", "{\"dataset\":\"survey\",\"version\":\"2\"}".getBytes());
            assertThat(draft.statusCode()).isEqualTo(400);
            assertThat(text(draft)).contains("draft");
            assertThat(s.send("PUT", MOUNTS + "/x", "{}".getBytes()).statusCode())
                    .isEqualTo(400);
            assertThat(s.send("DELETE", MOUNTS + "/never-mounted", null).statusCode())
                    .isEqualTo(404);
            String viewer = s.addUser("vera");
            ok(s.post(T + "/members", "{\"user\":\"vera\",\"role\":\"viewer\"}"), 201);
            assertThat(s.as(viewer, "PUT", MOUNTS + "/x", "{\"dataset\":\"survey\"}".getBytes())
                            .statusCode())
                    .isEqualTo(403);
            String stranger = s.addUser("sam");
            assertThat(s.as(stranger, "GET", MOUNTS, null).statusCode()).isEqualTo(404);
            assertThat(text(s.get(SETTINGS))).as("nothing was written").isEqualTo(before);

            ok(s.send("DELETE", MOUNTS + "/answers", null), 204);
            assertThat(text(s.get(SETTINGS))).doesNotContain("answers").contains("bucket:");
        }
    }

    static HttpResponse<byte[]> ok(HttpResponse<byte[]> r, int status) {
        assertThat(r.statusCode()).as(text(r)).isEqualTo(status);
        return r;
    }

    static JsonNode json(HttpResponse<byte[]> r) throws Exception {
        return JSON.readTree(r.body());
    }

    static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }
}
