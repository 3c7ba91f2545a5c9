package dev.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.chunk.ChunkId;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Making datasets over real HTTP: drafts, commits, refusals, deletions, diffs and tags. */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class DatasetApiContract extends DatasetApiFixture {
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
                    server.post(b + "/times", "{\"times\":{\"a.txt\":1}}"),
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
