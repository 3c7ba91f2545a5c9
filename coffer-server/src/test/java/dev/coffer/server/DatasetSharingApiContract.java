package dev.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Datasets shared over real HTTP: copies between trees, public datasets, bad input, whole-version listings. */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class DatasetSharingApiContract extends DatasetApiFixture {
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
}
