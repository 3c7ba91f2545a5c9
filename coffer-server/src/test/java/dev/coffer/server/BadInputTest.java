package dev.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.chunk.ChunkId;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input of every kind gets a 4xx problem response (RFC 9457) and changes nothing: the
 * entries, contents and chunks of the server are the same before and after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
    static final String S = "/api/v1/teams/default/storage/default";
    static final String NB = "/api/v1/teams/default/notebooks/nb";
    static final ObjectMapper JSON = new ObjectMapper();
    static final byte[] SMALL = "some bytes".getBytes(StandardCharsets.UTF_8);
    static final String SMALL_ID = ChunkId.of(SMALL).hex();
    static final String ZERO_ID = "0".repeat(64);

    @TempDir
    static Path data;

    TestServer server;

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(data);
        assertThat(server.put(S + "/files/existing/file.txt", SMALL).statusCode())
                .isEqualTo(201);
        assertThat(server.post(S + "/mkdir/existing/folder", "{}").statusCode()).isEqualTo(201);
        assertThat(server.post("/api/v1/teams/default/notebooks", "{\"name\":\"nb\"}")
                        .statusCode())
                .isEqualTo(201);
        server.put(S + "/files/existing/folder/inside.txt", SMALL);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    static Arguments bad(String name, int status, Function<TestServer, HttpResponse<byte[]>> request) {
        return Arguments.of(name, status, request);
    }

    static Stream<Arguments> badInputs() {
        String longName = "n".repeat(256);
        String longPath = String.join("/", Collections.nCopies(1400, "abc"));
        return Stream.of(
                bad("dot-dot in path", 400, s -> s.put(S + "/files/existing/../escape.txt", SMALL)),
                bad("NUL in name", 400, s -> s.put(S + "/files/a%00b", SMALL)),
                bad("control character in name", 400, s -> s.put(S + "/files/bell%07", SMALL)),
                bad("name over 255 bytes", 400, s -> s.put(S + "/files/" + longName, SMALL)),
                bad("path over 4096 bytes", 400, s -> s.post(S + "/mkdir/" + longPath + "?parents=true", "{}")),
                bad("invalid UTF-8", 400, s -> s.put(S + "/files/bad%C3%28", SMALL)),
                bad(
                        "dot-dot behind encoded slashes",
                        400,
                        s -> s.put(S + "/files/existing%2F..%2F..%2Fescape.txt", SMALL)),
                bad("empty name behind encoded slashes", 400, s -> s.put(S + "/files/a%2F%2Fb", SMALL)),
                bad("empty name (double slash)", 400, s -> s.put(S + "/files/a//b", SMALL)),
                bad("reserved checkpoints in a notebook", 400, s -> s.put(NB + "/files/checkpoints/x.ipynb", SMALL)),
                bad("mkdir over an existing file", 409, s -> s.post(S + "/mkdir/existing/file.txt", "{}")),
                bad("manifest without chunks", 400, s -> s.post(S + "/manifest/m.bin", "{\"mtime\":1}")),
                bad(
                        "manifest chunks of the wrong type",
                        400,
                        s -> s.post(S + "/manifest/m.bin", "{\"chunks\":\"abc\"}")),
                bad(
                        "manifest chunk id not hex",
                        400,
                        s -> s.post(S + "/manifest/m.bin", "{\"chunks\":[{\"id\":\"xyz\",\"size\":1}]}")),
                bad(
                        "manifest negative size",
                        400,
                        s -> s.post(S + "/manifest/m.bin", "{\"chunks\":[{\"id\":\"" + SMALL_ID + "\",\"size\":-1}]}")),
                bad(
                        "manifest size as a string",
                        400,
                        s -> s.post(
                                S + "/manifest/m.bin", "{\"chunks\":[{\"id\":\"" + SMALL_ID + "\",\"size\":\"10\"}]}")),
                bad(
                        "manifest with an unknown field",
                        400,
                        s -> s.post(S + "/manifest/m.bin", "{\"chunks\":[],\"colour\":\"red\"}")),
                bad("malformed JSON", 400, s -> s.post(S + "/manifest/m.bin", "{\"chunks\": [")),
                bad(
                        "manifest naming a chunk that is not stored",
                        409,
                        s -> s.post(S + "/manifest/m.bin", "{\"chunks\":[{\"id\":\"" + ZERO_ID + "\",\"size\":5}]}")),
                bad(
                        "manifest with a wrong chunk size",
                        400,
                        s -> s.post(S + "/manifest/m.bin", "{\"chunks\":[{\"id\":\"" + SMALL_ID + "\",\"size\":3}]}")),
                bad(
                        "chunk whose bytes do not match its name",
                        422,
                        s -> s.put("/api/v1/teams/default/chunks/" + ZERO_ID, SMALL)),
                bad("chunk name that is not a hash", 400, s -> s.put("/api/v1/teams/default/chunks/not-a-hash", SMALL)),
                bad(
                        "chunk larger than the maximum",
                        413,
                        s -> s.put("/api/v1/teams/default/chunks/" + ZERO_ID, new byte[4 * 1024 * 1024 + 1])),
                bad(
                        "missing-chunks query with a number",
                        400,
                        s -> s.post("/api/v1/teams/default/chunks/missing", "{\"chunks\":42}")),
                bad("range past the end", 416, s -> s.get(S + "/files/existing/file.txt", "Range", "bytes=1000-2000")),
                bad("malformed range", 400, s -> s.get(S + "/files/existing/file.txt", "Range", "bytes=abc")),
                bad("unknown cluster", 404, s -> s.get(S.replace("storage/default", "storage/nowhere") + "/list/")),
                bad("unknown team", 404, s -> s.get("/api/v1/teams/nobody/storage/default/list/")),
                bad("unknown notebook", 404, s -> s.get("/api/v1/teams/default/notebooks/ghost/list/")),
                bad("no token", 401, s -> s.put(S + "/files/anon.txt", SMALL, "Authorization", null)),
                bad(
                        "bad token",
                        401,
                        s -> s.put(S + "/files/anon.txt", SMALL, "Authorization", "Bearer wrong-token-123456")),
                bad("not a bearer token", 401, s -> s.get(S + "/list/", "Authorization", "Basic dXNlcjpwYXNz")),
                bad("oversized header", 431, s -> s.get(S + "/list/", "X-Filler", "x".repeat(20_000))),
                bad(
                        "move a folder into itself",
                        400,
                        s -> s.post(S + "/move", "{\"from\":\"existing\",\"to\":\"existing/folder/inner\"}")),
                bad("move without a destination", 400, s -> s.post(S + "/move", "{\"from\":\"existing/file.txt\"}")),
                bad(
                        "move onto an existing file without replace",
                        409,
                        s -> s.post(
                                S + "/move", "{\"from\":\"existing/folder/inside.txt\",\"to\":\"existing/file.txt\"}")),
                bad("delete the root folder", 400, s -> s.send("DELETE", S + "/files/?recursive=true", null)),
                bad(
                        "delete a non-empty folder without recursive",
                        409,
                        s -> s.send("DELETE", S + "/files/existing", null)),
                bad("download a folder without an archive format", 409, s -> s.get(S + "/files/existing")),
                bad("unknown archive format", 400, s -> s.get(S + "/files/existing?archive=rar")),
                bad("page size of zero", 400, s -> s.get(S + "/list/existing?limit=0")),
                bad("mtime that is not a number", 400, s -> s.put(S + "/files/t.txt?mtime=yesterday", SMALL)),
                bad(
                        "recursive flag that is not a boolean",
                        400,
                        s -> s.send("DELETE", S + "/files/existing?recursive=maybe", null)),
                bad(
                        "chunk batch that ends inside a record",
                        400,
                        s -> s.send("POST", "/api/v1/teams/default/chunks/batch", new byte[] {1, 2, 3})),
                bad(
                        "chunk batch with a chunk that does not match its name",
                        422,
                        s -> s.send("POST", "/api/v1/teams/default/chunks/batch", batchRecord(ZERO_ID, SMALL))),
                bad("batch commit without files", 400, s -> s.post(S + "/manifests/b", "{}")),
                bad(
                        "batch commit with a bad path in it",
                        400,
                        s -> s.post(
                                S + "/manifests/b",
                                "{\"files\":[{\"path\":\"ok\",\"chunks\":[{\"id\":\"" + SMALL_ID
                                        + "\",\"size\":10}]},{\"path\":\"../up\",\"chunks\":[]}]}")),
                bad(
                        "batch commit onto a folder",
                        409,
                        s -> s.post(
                                S + "/manifests/existing",
                                "{\"files\":[{\"path\":\"new.txt\",\"chunks\":[{\"id\":\"" + SMALL_ID
                                        + "\",\"size\":10}]},{\"path\":\"folder\",\"chunks\":[{\"id\":\"" + SMALL_ID
                                        + "\",\"size\":10}]}]}")),
                bad("unknown route", 404, s -> s.get("/api/v1/nothing-here")));
    }

    static byte[] batchRecord(String hexId, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(36 + data.length);
        b.put(HexFormat.of().parseHex(hexId)).putInt(data.length).put(data);
        return b.array();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("badInputs")
    void bad_input_gets_a_problem_and_changes_nothing(
            String name, int status, Function<TestServer, HttpResponse<byte[]>> request) throws Exception {
        List<String> before = server.snapshot();
        HttpResponse<byte[]> r = request.apply(server);
        assertThat(r.statusCode()).as(name).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type"))
                .as(name)
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(r.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asText()).startsWith("https://coffer.dev/problems/");
        assertThat(problem.path("detail").asText()).isNotBlank();
        assertThat(server.snapshot()).as(name + " must change nothing").isEqualTo(before);
    }
}
