package dev.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Names that look like something else (a backslash, C1 controls, bidi overrides, zero-width
 * characters) are refused with the character named as U+XXXX, and a move or copy never creates a
 * path past the length limit; each refusal changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PathRulesTest {
    static final String S = "/api/v1/teams/default/storage/default";
    static final ObjectMapper JSON = new ObjectMapper();
    static final byte[] SMALL = "some bytes".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path data;

    TestServer server;

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(data);
        assertThat(server.put(S + "/files/existing/file.txt", SMALL).statusCode())
                .isEqualTo(201);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    static String detail(HttpResponse<byte[]> r) throws Exception {
        return JSON.readTree(r.body()).path("detail").asText();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "backslash, a%5C..%5Cb, U+005C",
        "C1 control NEL, c1%C2%85, U+0085",
        "C1 control CSI, c1%C2%9B, U+009B",
        "right-to-left override, photo%E2%80%AEgpj.exe, U+202E",
        "first-strong isolate, x%E2%81%A8y, U+2068",
        "zero-width space, zw%E2%80%8Bspace, U+200B",
        "zero-width joiner, zw%E2%80%8Djoin, U+200D",
        "byte order mark, %EF%BB%BFbom, U+FEFF"
    })
    void names_that_hide_what_they_are_are_refused(String what, String encoded, String codePoint) throws Exception {
        List<String> before = server.snapshot();
        HttpResponse<byte[]> put = server.put(S + "/files/existing/" + encoded, SMALL);
        assertThat(put.statusCode()).as(what).isEqualTo(400);
        assertThat(put.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(detail(put)).as(what).contains(codePoint);
        HttpResponse<byte[]> mkdir = server.post(S + "/mkdir/" + encoded, "{}");
        assertThat(mkdir.statusCode()).as(what).isEqualTo(400);

        String name = URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
        String body = JSON.writeValueAsString(Map.of("from", "existing/file.txt", "to", "existing/" + name));
        HttpResponse<byte[]> move = server.post(S + "/move", body);
        assertThat(move.statusCode()).as(what).isEqualTo(400);
        assertThat(detail(move)).contains(codePoint);
        assertThat(server.post(S + "/copy", body).statusCode()).as(what).isEqualTo(400);
        assertThat(server.snapshot()).as(what + " must change nothing").isEqualTo(before);
    }

    @Test
    void moves_and_copies_never_make_paths_longer_than_the_limit() throws Exception {
        String name = "n".repeat(200);
        String deepSource = "src/" + String.join("/", Collections.nCopies(9, name));
        String deepTarget = "dst/" + String.join("/", Collections.nCopies(12, name));
        assertThat(server.post(S + "/mkdir/" + deepSource + "?parents=true", "{}")
                        .statusCode())
                .isEqualTo(201);
        assertThat(server.put(S + "/files/" + deepSource + "/leaf.txt", SMALL).statusCode())
                .isEqualTo(201);
        assertThat(server.post(S + "/mkdir/" + deepTarget + "?parents=true", "{}")
                        .statusCode())
                .isEqualTo(201);
        List<String> before = server.snapshot();

        String into = "{\"from\":\"src\",\"to\":\"" + deepTarget + "/src\"}";
        HttpResponse<byte[]> move = server.post(S + "/move", into);
        assertThat(move.statusCode()).as(new String(move.body())).isEqualTo(400);
        assertThat(detail(move)).contains("4096");
        HttpResponse<byte[]> copy = server.post(S + "/copy", into);
        assertThat(copy.statusCode()).as(new String(copy.body())).isEqualTo(400);
        assertThat(detail(copy)).contains("4096");
        assertThat(server.snapshot())
                .as("the refused move and copy changed nothing")
                .isEqualTo(before);

        // A destination with room stays possible, and a rename to a shorter name needs no check.
        assertThat(server.post(S + "/copy", "{\"from\":\"src\",\"to\":\"dst/" + name + "/src\"}")
                        .statusCode())
                .isEqualTo(201);
        assertThat(server.post(S + "/move", "{\"from\":\"src\",\"to\":\"s\"}").statusCode())
                .isEqualTo(200);
        JsonNode leaf =
                JSON.readTree(server.get(S + "/stat/s/" + String.join("/", Collections.nCopies(9, name)) + "/leaf.txt")
                        .body());
        assertThat(leaf.path("size").asLong()).isEqualTo(SMALL.length);
    }

    @Test
    void moves_and_copies_in_a_draft_never_make_paths_longer_than_the_limit() throws Exception {
        String ds = "/api/v1/teams/default/datasets";
        assertThat(server.post(ds, "{\"name\":\"deep\"}").statusCode()).isEqualTo(201);
        assertThat(server.post(ds + "/deep/versions", "{}").statusCode()).isEqualTo(201);
        String d = ds + "/deep:1";
        String name = "m".repeat(200);
        String deepSource = "src/" + String.join("/", Collections.nCopies(9, name));
        String deepTarget = "dst/" + String.join("/", Collections.nCopies(12, name));
        assertThat(server.put(d + "/files/" + deepSource + "/leaf.txt", SMALL).statusCode())
                .isEqualTo(201);
        assertThat(server.post(d + "/mkdir/" + deepTarget + "?parents=true", "{}")
                        .statusCode())
                .isEqualTo(201);
        String listedBefore = new String(server.get(d + "/tree/").body(), StandardCharsets.UTF_8);

        HttpResponse<byte[]> move = server.post(d + "/move", "{\"from\":\"src\",\"to\":\"" + deepTarget + "/src\"}");
        assertThat(move.statusCode()).as(new String(move.body())).isEqualTo(400);
        assertThat(detail(move)).contains("4096");
        String fromVolume =
                "{\"from\":{\"volume\":{\"kind\":\"storage\",\"name\":\"default\"},\"path\":\"deepvol\"},\"to\":\""
                        + deepTarget + "/v\"}";
        assertThat(server.post(S + "/mkdir/deepvol/" + deepSource + "?parents=true", "{}")
                        .statusCode())
                .isEqualTo(201);
        HttpResponse<byte[]> copy = server.post(d + "/copy", fromVolume);
        assertThat(copy.statusCode()).as(new String(copy.body())).isEqualTo(400);
        assertThat(detail(copy)).contains("4096");
        assertThat(new String(server.get(d + "/tree/").body(), StandardCharsets.UTF_8))
                .as("nothing changed")
                .isEqualTo(listedBefore);

        assertThat(server.post(d + "/move", "{\"from\":\"src\",\"to\":\"s\"}").statusCode())
                .isEqualTo(200);
    }
}
