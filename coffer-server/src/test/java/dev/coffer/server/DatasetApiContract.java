package dev.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.access.Tokens;
import dev.coffer.chunk.ChunkId;
import dev.coffer.db.Database;
import dev.coffer.testkit.Backend;
import dev.coffer.testkit.TestClock;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Datasets over real HTTP: one suite, run on SQLite and on a real PostgreSQL. */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class DatasetApiContract {
    static final String T = "/api/v1/teams/default/datasets";
    static final String P = "/api/v1/public/datasets";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    final TestClock clock = new TestClock();
    TestServer server;

    @Parameter
    Backend backend;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(data, backend, clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static byte[] random(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static JsonNode json(HttpResponse<byte[]> r) throws Exception {
        return JSON.readTree(r.body());
    }

    HttpResponse<byte[]> ok(HttpResponse<byte[]> r, int status) throws Exception {
        assertThat(r.statusCode())
                .as(new String(r.body(), StandardCharsets.UTF_8))
                .isEqualTo(status);
        return r;
    }

    /** Makes a user (not an admin) in {@code team} and returns their token. */
    String user(String name, String team) {
        Database db = server.server().database();
        long id = db.write(h -> {
            long teamId = h.createQuery("SELECT id FROM teams WHERE name = :n")
                    .bind("n", team)
                    .mapTo(Long.class)
                    .findOne()
                    .orElseGet(() -> h.createQuery("INSERT INTO teams (name, created_at) VALUES (:n, 0) RETURNING id")
                            .bind("n", team)
                            .mapTo(Long.class)
                            .one());
            long user = h.createQuery("INSERT INTO users (name, is_admin, created_at) VALUES (:n, 0, 0) RETURNING id")
                    .bind("n", name)
                    .mapTo(Long.class)
                    .one();
            h.createUpdate("INSERT INTO team_members (team_id, user_id, role) VALUES (:t, :u, 'member')")
                    .bind("t", teamId)
                    .bind("u", user)
                    .execute();
            return user;
        });
        String token = "token-of-" + name + "-0123456789";
        new Tokens(db).add(id, "test", token);
        return token;
    }

    HttpResponse<byte[]> as(String token, String method, String path, String body) {
        return server.send(
                method,
                path,
                body == null ? null : utf8(body),
                "Authorization",
                "Bearer " + token,
                "Content-Type",
                "application/json");
    }

    /** Every dataset row as text: equal snapshots mean nothing changed. */
    List<String> datasetRows() {
        return server.server().database().withHandle(h -> {
            List<String> rows = new ArrayList<>();
            for (String table : List.of(
                    "datasets",
                    "dataset_versions",
                    "dataset_tags",
                    "dataset_trees",
                    "dataset_tree_entries",
                    "dataset_draft_changes")) {
                rows.add(table + "="
                        + h.createQuery("SELECT COUNT(*) FROM " + table)
                                .mapTo(Long.class)
                                .one());
            }
            rows.addAll(h.createQuery(
                            "SELECT parent || '/' || name || ':' || kind FROM dataset_draft_changes ORDER BY parent, name")
                    .mapTo(String.class)
                    .list());
            return rows;
        });
    }

    /** Creates dataset {@code name} with one committed version holding {@code a.txt} and {@code dir/b.bin}. */
    void datasetWithOneVersion(String name) throws Exception {
        ok(server.post(T, "{\"name\":\"" + name + "\",\"description\":\"test data\"}"), 201);
        assertThat(json(ok(server.post(T + "/" + name + "/versions", "{}"), 201))
                        .path("number")
                        .asInt())
                .isEqualTo(1);
        ok(server.put(T + "/" + name + ":1/files/a.txt?mtime=5", utf8("hello")), 201);
        ok(server.put(T + "/" + name + ":1/files/dir/b.bin", random(1, 300_000)), 201);
        ok(server.post(T + "/" + name + "/versions/1/commit", "{\"message\":\"first\"}"), 200);
    }

    @Test
    void a_draft_is_filled_with_the_chunk_protocol_committed_and_read_by_reference() throws Exception {
        ok(server.post(T, "{\"name\":\"cats\",\"description\":\"pictures\"}"), 201);
        JsonNode draft = json(ok(server.post(T + "/cats/versions", "{\"message\":\"wip\"}"), 201));
        assertThat(draft.path("state").asText()).isEqualTo("draft");
        assertThat(draft.path("ref").asText()).isEqualTo("cats:1");

        byte[] big = random(2, 1_500_000);
        ok(server.put(T + "/cats:1/files/raw/big.bin?mtime=77", big), 201);
        byte[] chunk = random(3, 4000);
        String id = ChunkId.of(chunk).hex();
        assertThat(json(ok(server.post("/api/v1/teams/default/chunks/missing", "{\"chunks\":[\"" + id + "\"]}"), 200))
                        .path("missing")
                        .get(0)
                        .asText())
                .isEqualTo(id);
        ok(server.put("/api/v1/teams/default/chunks/" + id, chunk), 201);
        ok(
                server.post(
                        T + "/cats:1/manifest/raw/small.bin",
                        "{\"chunks\":[{\"id\":\"" + id + "\",\"size\":4000}],\"mtime\":9}"),
                201);
        ok(
                server.post(
                        T + "/cats:1/manifests/labels",
                        "{\"files\":[{\"path\":\"a.csv\",\"chunks\":[{\"id\":\"" + id + "\",\"size\":4000}]},"
                                + "{\"path\":\"b/c.csv\",\"chunks\":[{\"id\":\"" + id + "\",\"size\":4000}]}]}"),
                201);
        ok(server.post(T + "/cats:1/mkdir/empty", "{}"), 201);
        assertThat(json(ok(server.get(T + "/cats:1/list/"), 200))
                        .path("entries")
                        .findValuesAsText("name"))
                .containsExactly("empty", "labels", "raw");

        JsonNode v1 = json(ok(server.post(T + "/cats/versions/1/commit", "{}"), 200));
        assertThat(v1.path("state").asText()).isEqualTo("committed");
        assertThat(v1.path("files").asLong()).isEqualTo(4);
        assertThat(v1.path("size").asLong()).isEqualTo(1_500_000 + 3 * 4000);
        assertThat(v1.path("digest").asText()).hasSize(64);
        assertThat(v1.path("message").asText()).isEqualTo("wip");
        assertThat(v1.path("newBytes").asLong()).isGreaterThan(0);

        for (String ref : List.of("cats", "cats:1", "cats:latest")) {
            HttpResponse<byte[]> get = ok(server.get(T + "/" + ref + "/files/raw/big.bin"), 200);
            assertThat(get.body()).isEqualTo(big);
        }
        HttpResponse<byte[]> range = ok(server.get(T + "/cats/files/raw/big.bin", "Range", "bytes=100-199"), 206);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(big, 100, 200));
        String etag = range.headers().firstValue("ETag").orElseThrow();
        ok(server.get(T + "/cats/files/raw/big.bin", "If-None-Match", etag), 304);
        assertThat(json(ok(server.get(T + "/cats/stat/raw/big.bin"), 200))
                        .path("mtime")
                        .asLong())
                .isEqualTo(77);
        JsonNode manifest = json(ok(server.get(T + "/cats/manifest/raw/big.bin"), 200));
        String first = manifest.path("chunks").get(0).path("id").asText();
        byte[] chunkBytes = ok(server.get(T + "/cats/chunks/" + first), 200).body();
        assertThat(Arrays.copyOf(big, chunkBytes.length)).isEqualTo(chunkBytes);
        ok(server.get(T + "/cats/chunks/" + ChunkId.of(new byte[] {42}).hex()), 404);

        ok(server.send("PUT", T + "/cats/tags/v1", utf8("{\"version\":1}"), "Content-Type", "application/json"), 200);
        assertThat(ok(server.get(T + "/cats:v1/files/labels/b/c.csv"), 200).body())
                .isEqualTo(chunk);
        assertThat(json(ok(server.get(T + "/cats:v1/version"), 200))
                        .path("tags")
                        .get(0)
                        .asText())
                .isEqualTo("v1");

        List<String> names = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(
                ok(server.get(T + "/cats/files/?archive=zip"), 200).body()))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) names.add(e.getName());
        }
        assertThat(names).contains("cats-1/raw/big.bin", "cats-1/labels/b/c.csv", "cats-1/empty/");

        JsonNode described = json(ok(server.get(T + "/cats"), 200));
        assertThat(described.path("owner").asText()).isEqualTo("default");
        assertThat(described.path("latest").asInt()).isEqualTo(1);
        assertThat(described.path("versions")).hasSize(1);
        assertThat(described.path("tags").get(0).path("name").asText()).isEqualTo("v1");
        assertThat(json(ok(server.get(T), 200)).path("datasets").findValuesAsText("name"))
                .containsExactly("cats");
    }

    @Test
    void every_write_to_a_committed_version_is_refused_and_changes_nothing() throws Exception {
        datasetWithOneVersion("ds");
        List<String> before = datasetRows();
        for (String ref : List.of("ds", "ds:1")) {
            String b = T + "/" + ref;
            List<HttpResponse<byte[]>> writes = List.of(
                    server.put(b + "/files/new.txt", utf8("x")),
                    server.post(b + "/manifest/new.txt", "{\"chunks\":[]}"),
                    server.post(b + "/manifests", "{\"files\":[{\"path\":\"n\",\"chunks\":[]}]}"),
                    server.post(b + "/deletions", "{\"paths\":[\"a.txt\"]}"),
                    server.send("DELETE", b + "/files/a.txt", null),
                    server.post(b + "/mkdir/new", "{}"),
                    server.post(b + "/move", "{\"from\":\"a.txt\",\"to\":\"b.txt\"}"),
                    server.post(b + "/copy", "{\"from\":{\"dataset\":\"ds:1\",\"path\":\"a.txt\"},\"to\":\"c.txt\"}"));
            for (HttpResponse<byte[]> r : writes) {
                assertThat(r.statusCode()).isEqualTo(409);
                assertThat(json(r).path("detail").asText())
                        .contains("version 1 of 'ds' is committed")
                        .contains("start a new version");
                assertThat(json(r).path("type").asText()).endsWith("/conflict");
            }
        }
        assertThat(server.post(T + "/ds/versions/1/commit", "{}").statusCode()).isEqualTo(409);
        assertThat(datasetRows()).isEqualTo(before);
        assertThat(ok(server.get(T + "/ds/files/a.txt"), 200).body()).isEqualTo(utf8("hello"));
    }

    @Test
    void many_paths_are_deleted_from_a_draft_in_one_request_all_or_none() throws Exception {
        datasetWithOneVersion("ds");
        ok(server.post(T + "/ds/versions", "{\"parent\":1}"), 201);
        ok(server.put(T + "/ds:2/files/more/c.txt", utf8("c")), 201);
        ok(server.put(T + "/ds:2/files/more/d.txt", utf8("d")), 201);
        List<String> before = datasetRows();
        // One path missing: nothing is deleted.
        HttpResponse<byte[]> missing = server.post(T + "/ds:2/deletions", "{\"paths\":[\"a.txt\",\"nope.txt\"]}");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).path("detail").asText()).contains("nope.txt");
        // A folder that is not empty, without recursive: nothing is deleted either.
        assertThat(server.post(T + "/ds:2/deletions", "{\"paths\":[\"a.txt\",\"dir\"]}")
                        .statusCode())
                .isEqualTo(409);
        assertThat(server.post(T + "/ds:2/deletions", "{}").statusCode()).isEqualTo(400);
        assertThat(server.post(T + "/ds:2/deletions", "{\"paths\":[\"\"]}").statusCode())
                .isEqualTo(400);
        assertThat(datasetRows()).isEqualTo(before);

        JsonNode done =
                json(ok(server.post(T + "/ds:2/deletions", "{\"paths\":[\"a.txt\",\"dir\"],\"recursive\":true}"), 200));
        assertThat(done.path("deleted").asInt()).isEqualTo(2);
        // Relative to the folder in the URL.
        ok(server.post(T + "/ds:2/deletions/more", "{\"paths\":[\"c.txt\"]}"), 200);
        JsonNode v2 = json(ok(server.post(T + "/ds/versions/2/commit", "{}"), 200));
        assertThat(v2.path("files").asInt()).isEqualTo(1);
        JsonNode diff = json(ok(server.get(T + "/ds/diff?from=1&to=2"), 200));
        assertThat(diff.path("changes").findValuesAsText("path"))
                .containsExactly("/a.txt", "/dir/b.bin", "/more/d.txt");
        assertThat(diff.path("changes").findValuesAsText("change")).containsExactly("removed", "removed", "added");
    }

    @Test
    void a_new_version_diffs_against_its_parent_and_tags_move_only_when_asked() throws Exception {
        datasetWithOneVersion("ds");
        JsonNode d2 = json(ok(server.post(T + "/ds/versions", "{\"parent\":1}"), 201));
        assertThat(d2.path("parent").asInt()).isEqualTo(1);
        ok(server.put(T + "/ds:2/files/a.txt", utf8("hello, world")), 201);
        ok(server.put(T + "/ds:2/files/new/c.txt", utf8("c")), 201);
        ok(server.post(T + "/ds:2/move", "{\"from\":\"dir\",\"to\":\"renamed\"}"), 200);
        JsonNode draftDiff = json(ok(server.get(T + "/ds/diff?to=2"), 200));
        assertThat(draftDiff.path("from").asInt()).isEqualTo(1);
        assertThat(draftDiff.path("added").asInt()).isEqualTo(2);
        assertThat(draftDiff.path("removed").asInt()).isEqualTo(1);
        assertThat(draftDiff.path("changed").asInt()).isEqualTo(1);
        ok(server.post(T + "/ds/versions/2/commit", "{}"), 200);
        JsonNode diff = json(ok(server.get(T + "/ds/diff?from=1&to=latest"), 200));
        assertThat(diff.path("changes").findValuesAsText("path"))
                .containsExactly("/a.txt", "/dir/b.bin", "/new/c.txt", "/renamed/b.bin");
        assertThat(diff.path("changes").findValuesAsText("change"))
                .containsExactly("changed", "removed", "added", "added");
        assertThat(diff.path("changes").get(0).path("oldSize").asInt()).isEqualTo(5);
        assertThat(diff.path("changes").get(0).path("newSize").asInt()).isEqualTo(12);
        JsonNode limited = json(ok(server.get(T + "/ds/diff?from=1&to=2&limit=1"), 200));
        assertThat(limited.path("changes")).hasSize(1);
        assertThat(limited.path("truncated").asBoolean()).isTrue();
        assertThat(json(ok(server.get(T + "/ds/diff?to=1"), 200)).path("added").asInt())
                .as("no parent: all added")
                .isEqualTo(2);

        ok(server.send("PUT", T + "/ds/tags/clean", utf8("{\"version\":1}"), "Content-Type", "application/json"), 200);
        HttpResponse<byte[]> clash =
                server.send("PUT", T + "/ds/tags/clean", utf8("{\"version\":2}"), "Content-Type", "application/json");
        assertThat(clash.statusCode()).isEqualTo(409);
        assertThat(json(clash).path("detail").asText()).contains("move it explicitly");
        ok(
                server.send(
                        "PUT",
                        T + "/ds/tags/clean",
                        utf8("{\"version\":\"latest\",\"move\":true}"),
                        "Content-Type",
                        "application/json"),
                200);
        assertThat(json(ok(server.get(T + "/ds/tags"), 200))
                        .path("tags")
                        .get(0)
                        .path("version")
                        .asInt())
                .isEqualTo(2);
        ok(server.send("DELETE", T + "/ds/tags/clean", null), 204);
        assertThat(json(ok(server.get(T + "/ds/versions"), 200))
                        .path("versions")
                        .findValuesAsText("state"))
                .containsExactly("committed", "committed");
    }

    @Test
    void copies_from_a_storage_volume_and_from_another_version_share_content() throws Exception {
        byte[] bytes = random(5, 800_000);
        ok(server.put("/api/v1/teams/default/storage/default/files/raw/x.bin", bytes), 201);
        ok(server.put("/api/v1/teams/default/storage/default/files/raw/sub/y.txt", utf8("y")), 201);
        datasetWithOneVersion("source");
        ok(server.post(T, "{\"name\":\"ds\"}"), 201);
        ok(server.post(T + "/ds/versions", "{\"parent\":\"none\"}"), 201);
        ok(
                server.post(
                        T + "/ds:1/copy",
                        "{\"from\":{\"volume\":{\"kind\":\"storage\",\"name\":\"default\"},\"path\":\"raw\"},\"to\":\"imported\"}"),
                201);
        ok(
                server.post(
                        T + "/ds:1/copy",
                        "{\"from\":{\"dataset\":\"source:1\",\"path\":\"dir\"},\"to\":\"from-source\"}"),
                201);
        JsonNode v = json(ok(server.post(T + "/ds/versions/1/commit", "{}"), 200));
        assertThat(v.path("newBytes").asLong())
                .as("every byte was stored already")
                .isZero();
        assertThat(v.path("files").asInt()).isEqualTo(3);
        assertThat(ok(server.get(T + "/ds/files/imported/x.bin"), 200).body()).isEqualTo(bytes);
        assertThat(ok(server.get(T + "/ds/files/from-source/b.bin"), 200).body())
                .isEqualTo(random(1, 300_000));
        assertThat(server.post(T + "/ds/versions", "{}").statusCode()).isEqualTo(201);
        HttpResponse<byte[]> noVolume = server.post(
                T + "/ds:2/copy",
                "{\"from\":{\"volume\":{\"kind\":\"storage\",\"name\":\"nowhere\"},\"path\":\"raw\"},\"to\":\"x\"}");
        assertThat(noVolume.statusCode()).isEqualTo(404);
    }

    @Test
    void public_datasets_are_read_by_everyone_and_written_by_operators_only() throws Exception {
        String bob = user("bob", "default");
        String eve = user("eve", "other");
        ok(server.post(P, "{\"name\":\"mnist\",\"description\":\"digits\"}"), 201);
        ok(server.post(P + "/mnist/versions", "{}"), 201);
        ok(server.put(P + "/mnist:1/files/train.csv", utf8("1,2,3")), 201);
        ok(server.post(P + "/mnist/versions/1/commit", "{}"), 200);
        for (String who : List.of(bob, eve)) {
            assertThat(json(ok(as(who, "GET", P, null), 200)).path("datasets").findValuesAsText("name"))
                    .containsExactly("mnist");
            assertThat(ok(as(who, "GET", P + "/mnist/files/train.csv", null), 200)
                            .body())
                    .isEqualTo(utf8("1,2,3"));
            assertThat(json(ok(as(who, "GET", P + "/mnist", null), 200))
                            .path("public")
                            .asBoolean())
                    .isTrue();
            List<String> before = datasetRows();
            for (HttpResponse<byte[]> r : List.of(
                    as(who, "POST", P + "/mnist/versions", "{}"),
                    as(who, "POST", P, "{\"name\":\"mine\"}"),
                    as(who, "DELETE", P + "/mnist", null),
                    as(who, "PUT", P + "/mnist/tags/x", "{\"version\":1}"),
                    as(who, "PUT", P + "/mnist:1/files/evil.txt", "x"))) {
                assertThat(r.statusCode()).isEqualTo(403);
                assertThat(json(r).path("detail").asText()).contains("server operators");
            }
            assertThat(datasetRows()).isEqualTo(before);
        }
        // A team's datasets: its members use them; to anyone else they do not exist.
        ok(as(bob, "POST", T, "{\"name\":\"team-data\"}"), 201);
        ok(as(bob, "POST", T + "/team-data/versions", "{}"), 201);
        ok(server.send("PUT", T + "/team-data:1/files/f.txt", utf8("f"), "Authorization", "Bearer " + bob), 201);
        ok(as(bob, "POST", T + "/team-data/versions/1/commit", "{}"), 200);
        ok(
                as(
                        bob,
                        "POST",
                        T + "/team-data:2/copy",
                        "{\"from\":{\"dataset\":\"mnist\",\"public\":true,\"path\":\"train.csv\"},\"to\":\"t.csv\"}"),
                404);
        ok(as(bob, "POST", T + "/team-data/versions", "{}"), 201);
        ok(
                as(
                        bob,
                        "POST",
                        T + "/team-data:2/copy",
                        "{\"from\":{\"dataset\":\"mnist\",\"public\":true,\"path\":\"train.csv\"},\"to\":\"t.csv\"}"),
                201);
        assertThat(ok(as(bob, "GET", T + "/team-data:2/files/t.csv", null), 200).body())
                .isEqualTo(utf8("1,2,3"));
        for (HttpResponse<byte[]> r : List.of(
                as(eve, "GET", T, null),
                as(eve, "GET", T + "/team-data", null),
                as(eve, "GET", T + "/team-data/files/f.txt", null),
                as(eve, "POST", T + "/team-data/versions", "{}"),
                as(eve, "GET", "/api/v1/teams/no-such-team/datasets", null))) {
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(json(r).path("detail").asText()).isEqualTo("no such dataset");
        }
        assertThat(json(ok(as(bob, "GET", T + "/team-data", null), 200)).path("versions"))
                .hasSize(2);
    }

    @Test
    void bad_input_is_answered_with_a_problem_and_changes_nothing() throws Exception {
        datasetWithOneVersion("ds");
        List<String> before = datasetRows();
        assertThat(server.post(T, "{\"name\":\"a:b\"}").statusCode()).isEqualTo(400);
        assertThat(server.post(T, "{\"name\":\"ds\"}").statusCode()).isEqualTo(409);
        assertThat(server.post(T, "{\"nom\":\"x\"}").statusCode()).isEqualTo(400);
        assertThat(server.get(T + "/nothing/files/a.txt").statusCode()).isEqualTo(404);
        assertThat(server.get(T + "/ds:9/files/a.txt").statusCode()).isEqualTo(404);
        assertThat(server.get(T + "/ds:nope/files/a.txt").statusCode()).isEqualTo(404);
        assertThat(server.get(T + "/ds:/files/a.txt").statusCode()).isEqualTo(400);
        assertThat(server.get(T + "/ds/files/a/%2E%2E/a.txt").statusCode()).isEqualTo(400);
        assertThat(server.get(T + "/ds/files/missing.txt").statusCode()).isEqualTo(404);
        assertThat(server.get(T + "/ds/files/dir").statusCode()).isEqualTo(409);
        assertThat(server.send(
                                "PUT",
                                T + "/ds/tags/latest",
                                utf8("{\"version\":1}"),
                                "Content-Type",
                                "application/json")
                        .statusCode())
                .isEqualTo(400);
        assertThat(server.send("PUT", T + "/ds/tags/12", utf8("{\"version\":1}"), "Content-Type", "application/json")
                        .statusCode())
                .isEqualTo(400);
        assertThat(server.send("PUT", T + "/ds/tags/t", utf8("{\"version\":true}"), "Content-Type", "application/json")
                        .statusCode())
                .isEqualTo(400);
        assertThat(server.get(T + "/ds/diff?from=7").statusCode()).isEqualTo(404);
        assertThat(server.get(T + "/ds:1").statusCode())
                .as("a dataset is named without a version here")
                .isEqualTo(400);
        HttpResponse<byte[]> problem = server.post(T + "/ds/versions", "{\"parent\":[1]}");
        assertThat(problem.statusCode()).isEqualTo(400);
        assertThat(problem.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(datasetRows()).isEqualTo(before);
    }

    @Test
    void a_whole_version_streams_as_one_ndjson_listing_that_says_where_it_ends() throws Exception {
        datasetWithOneVersion("streamed");
        HttpResponse<byte[]> r = ok(server.get(T + "/streamed:1/tree"), 200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-ndjson");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : new String(r.body(), StandardCharsets.UTF_8).split("\n")) lines.add(JSON.readTree(line));
        assertThat(lines.getFirst().path("version").asLong()).isEqualTo(1);
        assertThat(lines.subList(1, lines.size() - 1).stream()
                        .map(n -> n.path("type").asText() + ":" + n.path("path").asText() + ":"
                                + n.path("size").asLong()))
                .containsExactly("file:a.txt:5", "folder:dir:0", "file:dir/b.bin:300000");
        assertThat(lines.get(1).path("mtime").asLong()).isEqualTo(5);
        assertThat(lines.get(1).path("digest").asText())
                .isEqualTo(json(ok(server.get(T + "/streamed:1/stat/a.txt"), 200))
                        .path("digest")
                        .asText());
        assertThat(lines.getLast().toString()).isEqualTo("{\"end\":true,\"files\":2,\"folders\":1}");
        // A folder of the version, and the refusals: a file is not a folder, a missing folder is 404.
        HttpResponse<byte[]> sub = ok(server.get(T + "/streamed:1/tree/dir"), 200);
        assertThat(new String(sub.body(), StandardCharsets.UTF_8))
                .contains("\"path\":\"b.bin\"")
                .doesNotContain("a.txt");
        assertThat(server.get(T + "/streamed:1/tree/a.txt").statusCode()).isEqualTo(409);
        assertThat(server.get(T + "/streamed:1/tree/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void drafts_are_discarded_and_committed_versions_deleted_by_number() throws Exception {
        datasetWithOneVersion("ds");
        ok(server.post(T + "/ds/versions", "{}"), 201);
        ok(server.put(T + "/ds:2/files/tmp.txt", utf8("tmp")), 201);
        ok(server.send("DELETE", T + "/ds/versions/2", null), 204);
        ok(server.get(T + "/ds/versions/2"), 404);
        ok(server.post(T + "/ds/versions", "{}"), 201);
        ok(server.post(T + "/ds/versions/3/commit", "{}"), 200);
        assertThat(json(ok(server.get(T + "/ds/version"), 200)).path("number").asInt())
                .isEqualTo(3);
        ok(server.send("DELETE", T + "/ds/versions/3", null), 204);
        assertThat(json(ok(server.get(T + "/ds/version"), 200)).path("number").asInt())
                .isEqualTo(1);
        ok(
                server.send(
                        "PATCH",
                        T + "/ds",
                        utf8("{\"name\":\"renamed\",\"description\":\"new\"}"),
                        "Content-Type",
                        "application/json"),
                200);
        assertThat(json(ok(server.get(T + "/renamed"), 200)).path("description").asText())
                .isEqualTo("new");
        ok(server.send("DELETE", T + "/renamed", null), 204);
        ok(server.get(T + "/renamed"), 404);
        // A zero grace period reaches only what is older than now: a moment passes first.
        clock.advance(Duration.ofSeconds(1));
        ok(server.post("/api/v1/admin/gc?graceSeconds=0", "{}"), 200);
        JsonNode fsck = json(ok(server.post("/api/v1/admin/fsck", "{}"), 200));
        assertThat(fsck.path("clean").asBoolean()).isTrue();
        assertThat(server.snapshot()).contains("chunks=0");
    }
}
