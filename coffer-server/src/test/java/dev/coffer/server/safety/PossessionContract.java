package dev.coffer.server.safety;

import static dev.coffer.server.ChunkClient.manifest;
import static dev.coffer.server.ChunkClient.missing;
import static dev.coffer.server.ChunkClient.missingIds;
import static dev.coffer.server.ChunkClient.read;
import static dev.coffer.server.ChunkClient.upload;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.chunk.ChunkId;
import dev.coffer.server.ChunkClient;
import dev.coffer.server.ChunkClient.Chunk;
import dev.coffer.server.TestServer;
import dev.coffer.testkit.Backend;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Deduplication never grants access, tried over HTTP as an attacker would: a chunk id learned
 * from another team (every reader of a file gets them from its manifest, and a removed member
 * keeps them) neither commits into one's own team nor reveals whether anyone holds it, nor keeps
 * the other team's deleted content from being collected.
 */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class PossessionContract {
    static final String ACME = "/api/v1/teams/acme";
    static final String BOBCO = "/api/v1/teams/bobco";

    @TempDir
    Path data;

    TestServer s;
    String alice;
    String bob;
    byte[] secret;
    List<Chunk> secretChunks;

    @Parameter
    Backend backend;

    @BeforeEach
    void start() throws Exception {
        s = TestServer.start(data, backend);
        alice = s.addUser("alice");
        bob = s.addUser("bob");
        ok(s.as(alice, "POST", "/api/v1/teams", json("{'name':'acme'}")), 201);
        ok(s.as(bob, "POST", "/api/v1/teams", json("{'name':'bobco'}")), 201);
        ok(s.as(alice, "POST", ACME + "/members", json("{'user':'bob','role':'viewer'}")), 201);
        secret = random(1, 3_000_000);
        secretChunks = ChunkClient.chunks(secret);
        assertThat(secretChunks).hasSizeGreaterThan(1);
        ok(upload(s, alice, ACME + "/chunks", ACME + "/storage/default", "secret.bin", secret), 201);
    }

    @AfterEach
    void stop() {
        s.close();
    }

    /** The chunk list bob, a viewer of acme, reads like any reader would. */
    List<String> learnedIds() throws Exception {
        JsonNode m = read(ok(s.as(bob, "GET", ACME + "/storage/default/manifest/secret.bin", null), 200));
        List<String> ids = new ArrayList<>();
        m.path("chunks").forEach(c -> ids.add(c.path("id").asText()));
        assertThat(ids)
                .containsExactlyElementsOf(secretChunks.stream().map(Chunk::id).toList());
        return ids;
    }

    List<Integer> sizes() {
        return secretChunks.stream().map(c -> c.bytes().length).toList();
    }

    @Test
    void a_chunk_id_learned_from_another_team_does_not_commit_into_ones_own_team() throws Exception {
        List<String> ids = learnedIds();
        ok(s.as(bob, "GET", BOBCO + "/storage/default/list/", null), 200);
        List<String> before = s.snapshot();

        HttpResponse<byte[]> stolen =
                s.as(bob, "POST", BOBCO + "/storage/default/manifest/stolen.bin", manifest(ids, sizes()));
        assertThat(stolen.statusCode()).as(body(stolen)).isEqualTo(409);
        assertThat(ids(read(stolen).path("missingChunks"))).containsExactlyInAnyOrderElementsOf(ids);

        // The answer is the one for chunks that exist nowhere: nothing is learned about acme.
        List<String> nowhere = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) nowhere.add(hex(random(100 + i, 1000)));
        HttpResponse<byte[]> invented =
                s.as(bob, "POST", BOBCO + "/storage/default/manifest/invented.bin", manifest(nowhere, sizes()));
        assertThat(invented.statusCode()).isEqualTo(409);
        assertThat(read(invented).path("detail").asText())
                .isEqualTo(read(stolen).path("detail").asText());
        assertThat(read(invented).path("title").asText())
                .isEqualTo(read(stolen).path("title").asText());

        // Nor through a batch commit, a dataset draft, or with wrong sizes (which must not say "wrong size").
        String batch = "{\"files\":[{\"path\":\"a.bin\",\"chunks\":"
                + new String(manifest(ids, sizes()), StandardCharsets.UTF_8)
                        .replaceFirst("^\\{\"chunks\":", "")
                        .replaceFirst(",\"mtime\":1}$", "")
                + "}]}";
        ok(s.as(bob, "POST", BOBCO + "/storage/default/manifests/", batch.getBytes(StandardCharsets.UTF_8)), 409);
        List<Integer> wrong = sizes().stream().map(n -> n - 1).toList();
        HttpResponse<byte[]> sized =
                s.as(bob, "POST", BOBCO + "/storage/default/manifest/sized.bin", manifest(ids, wrong));
        assertThat(sized.statusCode()).isEqualTo(409);
        ok(s.as(bob, "POST", BOBCO + "/datasets", json("{'name':'loot'}")), 201);
        ok(s.as(bob, "POST", BOBCO + "/datasets/loot/versions", json("{}")), 201);
        ok(s.as(bob, "POST", BOBCO + "/datasets/loot:1/manifest/stolen.bin", manifest(ids, sizes())), 409);

        assertThat(s.snapshot()).as("nothing changed").isEqualTo(before);
        ok(s.as(bob, "GET", BOBCO + "/datasets/loot:1/list/", null), 200);
        assertThat(read(s.as(bob, "GET", BOBCO + "/datasets/loot:1/list/", null))
                        .path("entries"))
                .isEmpty();
        ok(s.as(bob, "GET", BOBCO + "/storage/default/files/stolen.bin", null), 404);
        ok(s.as(bob, "GET", BOBCO + "/datasets/loot:1/files/stolen.bin", null), 404);
        assertThat(read(ok(s.as(bob, "GET", BOBCO + "/storage-view", null), 200))
                        .toString())
                .doesNotContain("stolen");
    }

    @Test
    void missing_answers_the_same_for_content_another_team_holds_as_for_content_that_exists_nowhere() throws Exception {
        List<String> ids = learnedIds();
        List<String> nowhere = List.of(hex(random(7, 1000)), hex(random(8, 1000)));
        assertThat(missingIds(ok(missing(s, bob, BOBCO + "/chunks", ids), 200)))
                .containsExactlyInAnyOrderElementsOf(ids);
        assertThat(missingIds(ok(missing(s, bob, BOBCO + "/chunks", nowhere), 200)))
                .containsExactlyInAnyOrderElementsOf(nowhere);
        // acme itself holds them: nothing to send.
        assertThat(missingIds(ok(missing(s, alice, ACME + "/chunks", ids), 200)))
                .isEmpty();
    }

    @Test
    void a_second_team_sends_the_bytes_once_and_they_are_still_stored_once() throws Exception {
        long chunksBefore = chunkRows();
        for (Chunk c : secretChunks) {
            HttpResponse<byte[]> put = ok(s.as(bob, "PUT", BOBCO + "/chunks/" + c.id(), c.bytes()), 200);
            assertThat(read(put).path("stored").asBoolean())
                    .as("no new bytes stored")
                    .isFalse();
        }
        assertThat(chunkRows()).isEqualTo(chunksBefore);
        ok(s.as(bob, "POST", BOBCO + "/storage/default/manifest/mine.bin", manifest(secretChunks)), 201);
        assertThat(ok(s.as(bob, "GET", BOBCO + "/storage/default/files/mine.bin", null), 200)
                        .body())
                .isEqualTo(secret);
        // A streaming upload of bytes someone holds already is the same proof.
        ok(s.as(bob, "PUT", BOBCO + "/storage/default/files/streamed.bin", secret), 201);
        assertThat(chunkRows()).isEqualTo(chunksBefore);
        assertThat(missingIds(ok(
                        missing(
                                s,
                                bob,
                                BOBCO + "/chunks",
                                secretChunks.stream().map(Chunk::id).toList()),
                        200)))
                .isEmpty();
    }

    @Test
    void a_removed_member_cannot_bring_back_a_file_they_once_saw() throws Exception {
        String carol = s.addUser("carol");
        ok(s.as(carol, "POST", "/api/v1/teams", json("{'name':'carolco'}")), 201);
        ok(s.as(alice, "POST", ACME + "/members", json("{'user':'carol','role':'member'}")), 201);
        JsonNode m = read(ok(s.as(carol, "GET", ACME + "/storage/default/manifest/secret.bin", null), 200));
        List<String> ids = ids(m.path("chunks").findValues("id"));
        ok(s.as(alice, "DELETE", ACME + "/members/carol", null), 204);
        ok(s.as(alice, "DELETE", ACME + "/storage/default/files/secret.bin", null), 204);
        ok(s.as(carol, "GET", "/api/v1/teams/carolco/storage/default/list/", null), 200);
        List<String> before = s.snapshot();

        ok(s.as(carol, "POST", "/api/v1/teams/carolco/storage/default/manifest/back.bin", manifest(ids, sizes())), 409);
        ok(s.as(carol, "POST", ACME + "/storage/default/manifest/back.bin", manifest(ids, sizes())), 404);
        assertThat(missingIds(ok(missing(s, carol, "/api/v1/teams/carolco/chunks", ids), 200)))
                .containsExactlyInAnyOrderElementsOf(ids);
        ok(
                s.as(
                        carol,
                        "POST",
                        ACME + "/chunks/missing",
                        ("{\"chunks\":[\"" + ids.getFirst() + "\"]}").getBytes(StandardCharsets.UTF_8)),
                404);
        assertThat(s.snapshot()).as("nothing changed").isEqualTo(before);
    }

    @Test
    void asking_about_another_teams_deleted_content_does_not_keep_it_from_being_collected() throws Exception {
        List<String> ids = learnedIds();
        ok(s.as(alice, "DELETE", ACME + "/storage/default/files/secret.bin", null), 204);
        // As if the deletion was long ago: every grace period and touch interval has passed.
        s.server().database().useWrite(h -> {
            h.createUpdate("UPDATE chunks SET touched_at = 0, created_at = 0").execute();
            h.createUpdate("UPDATE contents SET created_at = 0").execute();
            h.createUpdate("UPDATE chunk_grants SET granted_at = 0").execute();
        });
        assertThat(missingIds(ok(missing(s, bob, BOBCO + "/chunks", ids), 200)))
                .containsExactlyInAnyOrderElementsOf(ids);
        JsonNode gc = read(ok(s.post("/api/v1/admin/gc?graceSeconds=3600", "{}"), 200));
        assertThat(gc.path("chunks").asLong()).as(gc.toString()).isEqualTo(ids.size());
        long left = s.server()
                .database()
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM chunks WHERE hash IN (<h>)")
                        .bindList("h", ids)
                        .mapTo(Long.class)
                        .one());
        assertThat(left).isZero();
    }

    @Test
    void chunk_routes_go_through_the_authorizer() throws Exception {
        String platform = read(ok(s.post("/api/v1/clusters/default/platform-tokens", "{\"name\":\"hub\"}"), 201))
                .path("token")
                .asText();
        String stranger = s.addUser("mallory");
        Chunk c = ChunkClient.chunks(random(5, 5000)).getFirst();
        byte[] ask = ("{\"chunks\":[\"" + c.id() + "\"]}").getBytes(StandardCharsets.UTF_8);
        List<String> before = s.snapshot();
        ok(s.as(platform, "POST", ACME + "/chunks/missing", ask), 404);
        ok(s.as(platform, "PUT", ACME + "/chunks/" + c.id(), c.bytes()), 404);
        ok(s.as(stranger, "POST", ACME + "/chunks/missing", ask), 404);
        ok(s.as(stranger, "PUT", ACME + "/chunks/" + c.id(), c.bytes()), 404);
        ok(s.as(bob, "PUT", ACME + "/chunks/" + c.id(), c.bytes()), 403);
        ok(s.as(bob, "POST", "/api/v1/public/chunks/missing", ask), 403);
        ok(s.as(bob, "PUT", "/api/v1/public/chunks/" + c.id(), c.bytes()), 403);
        ok(s.as(null, "PUT", ACME + "/chunks/" + c.id(), c.bytes()), 401);
        ok(s.as(bob, "PUT", "/api/v1/teams/nosuchteam/chunks/" + c.id(), c.bytes()), 404);
        assertThat(s.snapshot()).as("nothing stored").isEqualTo(before);
        ok(s.as(bob, "PUT", "/api/v1/chunks/" + c.id(), c.bytes()), 404);
        // A zero-length chunk record is refused.
        ok(s.as(alice, "PUT", ACME + "/chunks/" + ChunkId.of(new byte[0]).hex(), new byte[0]), 400);
        assertThat(s.snapshot()).isEqualTo(before);
    }

    long chunkRows() {
        return s.server()
                .database()
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM chunks")
                        .mapTo(Long.class)
                        .one());
    }

    static List<String> ids(Iterable<JsonNode> nodes) {
        List<String> out = new ArrayList<>();
        nodes.forEach(n -> out.add(n.asText()));
        return out;
    }

    static String hex(byte[] chunk) {
        return ChunkId.of(chunk).hex();
    }

    static byte[] random(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static HttpResponse<byte[]> ok(HttpResponse<byte[]> r, int status) {
        assertThat(r.statusCode()).as(body(r)).isEqualTo(status);
        return r;
    }

    static String body(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    static byte[] json(String singleQuoted) {
        return singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }
}
