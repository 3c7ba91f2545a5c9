package dev.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.testkit.Leaks;
import dev.coffer.testkit.S3ProxyServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Files in a data source over the real HTTP API, against a real S3-compatible server (S3Proxy,
 * signatures checked): what the API writes lands in the bucket under the prefix, what another
 * client puts there is listed and read, ranges, folders, moves and deletes; viewers read and
 * members write; a team on Free cannot use its source; a deleted secret or an unreachable
 * bucket is a clear error; reads and writes are audited; the key appears in no answer or log.
 */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class SourceFilesApiContract extends ApiContract {
    static final String TEAM = "/api/v1/teams/default";
    static final String SOURCE = TEAM + "/sources/lake";

    private final S3ProxyServer s3 = S3ProxyServer.shared();
    private final List<HttpResponse<byte[]>> responses = new ArrayList<>();
    private String bucket;

    HttpResponse<byte[]> call(String method, String path, byte[] body, String... headers) {
        HttpResponse<byte[]> r = server.send(method, path, body, headers);
        responses.add(r);
        return r;
    }

    HttpResponse<byte[]> json(String method, String path, String body, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/json";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return call(method, path, body.getBytes(StandardCharsets.UTF_8), all);
    }

    static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @BeforeEach
    void source() throws Exception {
        bucket = "lake-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(bucket);
        assertThat(json("PUT", TEAM + "/plan", "{\"plan\": \"pro\"}").statusCode())
                .isEqualTo(200);
        assertThat(json("PUT", TEAM + "/secrets/lake-key", "{\"value\": \"" + s3.secretKey() + "\"}")
                        .statusCode())
                .isEqualTo(201);
        HttpResponse<byte[]> created = json(
                "POST",
                SOURCE,
                "{\"url\": \"s3://" + bucket + "/raw\", \"accessKeyId\": \"" + s3.accessKey()
                        + "\", \"secretAccessKey\": \"secret:lake-key\", \"endpoint\": \"" + s3.endpoint() + "\"}");
        assertThat(created.statusCode()).as(text(created)).isEqualTo(201);
    }

    private List<String> keys() {
        return s3.client().listObjectsV2(q -> q.bucket(bucket)).contents().stream()
                .map(o -> o.key())
                .toList();
    }

    @Test
    void files_go_to_the_bucket_and_come_back_and_others_objects_show_up() throws Exception {
        byte[] csv = "id,value\n1,alpha\n2,beta\n".getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> up = call("PUT", SOURCE + "/files/q3/report.csv", csv);
        assertThat(up.statusCode()).as(text(up)).isEqualTo(201);
        assertThat(json(up).path("size").asLong()).isEqualTo(csv.length);
        assertThat(keys()).containsExactly("raw/q3/report.csv");

        HttpResponse<byte[]> down = call("GET", SOURCE + "/files/q3/report.csv", null);
        assertThat(down.statusCode()).isEqualTo(200);
        assertThat(down.body()).isEqualTo(csv);
        HttpResponse<byte[]> part = call("GET", SOURCE + "/files/q3/report.csv", null, "Range", "bytes=9-15");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(text(part)).isEqualTo("1,alpha");
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 9-15/" + csv.length);
        assertThat(call("GET", SOURCE + "/files/q3/report.csv", null, "Range", "bytes=999-")
                        .statusCode())
                .isEqualTo(416);

        // An object put in the bucket by another client is a file of the source.
        s3.client().putObject(q -> q.bucket(bucket).key("raw/q3/extra.txt"), RequestBody.fromString("from outside"));
        JsonNode list = json(call("GET", SOURCE + "/list/q3", null));
        List<String> names = new ArrayList<>();
        list.path("entries")
                .forEach(e ->
                        names.add(e.path("name").asText() + ":" + e.path("type").asText()));
        assertThat(names).containsExactly("extra.txt:file", "report.csv:file");
        assertThat(text(call("GET", SOURCE + "/files/q3/extra.txt", null))).isEqualTo("from outside");
        assertThat(json(call("GET", SOURCE + "/stat/q3", null)).path("type").asText())
                .isEqualTo("folder");

        assertThat(call("POST", SOURCE + "/mkdir/empty", null).statusCode()).isEqualTo(201);
        HttpResponse<byte[]> moved = json("POST", SOURCE + "/move", "{\"from\": \"q3\", \"to\": \"archive/q3\"}");
        assertThat(moved.statusCode()).as(text(moved)).isEqualTo(200);
        assertThat(keys())
                .containsExactlyInAnyOrder("raw/archive/q3/report.csv", "raw/archive/q3/extra.txt", "raw/empty/");
        assertThat(call("DELETE", SOURCE + "/files/archive", null).statusCode()).isEqualTo(409);
        assertThat(call("DELETE", SOURCE + "/files/archive?recursive=true", null)
                        .statusCode())
                .isEqualTo(204);
        assertThat(call("GET", SOURCE + "/stat/archive", null).statusCode()).isEqualTo(404);

        // Bytes in the team's own bucket are not Coffer storage.
        long usage = db().withHandle(
                        h -> h.createQuery("SELECT COALESCE(SUM(bytes), 0) FROM team_usage WHERE team_id = :t")
                                .bind("t", teamId("default"))
                                .mapTo(Long.class)
                                .one());
        assertThat(usage).isZero();

        List<String> audited = db().withHandle(h -> h.createQuery(
                        "SELECT action FROM audit_events WHERE action LIKE 'sources.files.%' AND outcome = 'ok'")
                .mapTo(String.class)
                .list());
        assertThat(audited).contains("sources.files.write", "sources.files.read", "sources.files.move");
        assertThat(audited).doesNotContain("sources.files.list");

        // The key is in no answer, no log line, no file of the data folder, nothing in the database
        // but its ciphertext (the audit log included).
        Map<String, byte[]> places = new LinkedHashMap<>(Leaks.files(data));
        if (backend.postgres()) places.put("pg_dump of the database", Leaks.pgDump(env.get("COFFER_DB")));
        places.put("server log", log.text().getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < responses.size(); i++) {
            places.put("answer " + i + " body", responses.get(i).body());
            places.put(
                    "answer " + i + " headers",
                    responses.get(i).headers().map().toString().getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Leaks.whereFound(places, s3.secretKey())).isEmpty();
        assertThat(Leaks.whereFound(places, "lake-key"))
                .as("the search sees what is stored")
                .isNotEmpty();
    }

    @Test
    void a_source_defined_on_the_fly_is_checked_like_a_registered_one_and_never_stored() throws Exception {
        String spec = "{\"url\": \"s3://" + bucket + "/fly\", \"accessKeyId\": \"" + s3.accessKey()
                + "\", \"secretAccessKey\": \"secret:lake-key\", \"endpoint\": \"" + s3.endpoint() + "\"}";
        String fly = TEAM + "/sources/from-settings";
        HttpResponse<byte[]> up =
                call("PUT", fly + "/files/n.txt", "n".getBytes(StandardCharsets.UTF_8), "Coffer-Source", spec);
        assertThat(up.statusCode()).as(text(up)).isEqualTo(201);
        assertThat(keys()).containsExactly("fly/n.txt");
        assertThat(text(call("GET", fly + "/files/n.txt", null, "Coffer-Source", spec)))
                .isEqualTo("n");
        assertThat(call("GET", fly + "/files/n.txt", null).statusCode())
                .as("without the header, the name is a registered source, and there is none")
                .isEqualTo(404);
        assertThat(text(call("GET", TEAM + "/sources", null))).doesNotContain("from-settings");

        HttpResponse<byte[]> both =
                call("GET", fly + "/list", null, "Coffer-Source", spec.replace("}", ", \"region\": \"us-east-1\"}"));
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(json(both).path("detail").asText()).contains("region").contains("endpoint");
        HttpResponse<byte[]> noSecret =
                call("GET", fly + "/list", null, "Coffer-Source", spec.replace("lake-key", "nope"));
        assertThat(noSecret.statusCode()).isEqualTo(400);
        assertThat(json(noSecret).path("detail").asText()).contains("'nope'").contains("does not exist");
        // A key pasted into the header is not quoted back.
        HttpResponse<byte[]> garbled = call("GET", fly + "/list", null, "Coffer-Source", "{\"url\": " + s3.secretKey());
        assertThat(garbled.statusCode()).isEqualTo(400);
        assertThat(text(garbled)).contains("Coffer-Source").doesNotContain(s3.secretKey());

        String viewer = addUser("vio", "default", "viewer");
        assertThat(call(
                                "PUT",
                                fly + "/files/v.txt",
                                "v".getBytes(StandardCharsets.UTF_8),
                                "Coffer-Source",
                                spec,
                                "Authorization",
                                bearer(viewer))
                        .statusCode())
                .isEqualTo(403);
        assertThat(json("PUT", TEAM + "/plan", "{\"plan\": \"free\"}").statusCode())
                .isEqualTo(200);
        HttpResponse<byte[]> free = call("GET", fly + "/list", null, "Coffer-Source", spec);
        assertThat(free.statusCode()).isEqualTo(403);
        assertThat(json(free).path("detail").asText()).contains("Free");
        assertThat(json("PUT", TEAM + "/plan", "{\"plan\": \"pro\"}").statusCode())
                .isEqualTo(200);
        assertThat(keys()).containsExactly("fly/n.txt");
    }

    @Test
    void viewers_read_members_write_and_a_free_team_or_a_lost_secret_is_told_why() throws Exception {
        call("PUT", SOURCE + "/files/a.txt", "a".getBytes(StandardCharsets.UTF_8));
        String viewer = addUser("vic", "default", "viewer");
        String member = addUser("mel", "default", "member");
        addTeam("elsewhere");
        String stranger = addUser("sam", "elsewhere", "owner");

        assertThat(text(call("GET", SOURCE + "/files/a.txt", null, "Authorization", bearer(viewer))))
                .isEqualTo("a");
        HttpResponse<byte[]> viewerWrite = call(
                "PUT", SOURCE + "/files/b.txt", "b".getBytes(StandardCharsets.UTF_8), "Authorization", bearer(viewer));
        assertThat(viewerWrite.statusCode()).isEqualTo(403);
        assertThat(call(
                                "PUT",
                                SOURCE + "/files/b.txt",
                                "b".getBytes(StandardCharsets.UTF_8),
                                "Authorization",
                                bearer(member))
                        .statusCode())
                .isEqualTo(201);
        assertThat(call("GET", SOURCE + "/list", null, "Authorization", bearer(stranger))
                        .statusCode())
                .isEqualTo(404);
        assertThat(keys()).containsExactlyInAnyOrder("raw/a.txt", "raw/b.txt");

        assertThat(json("PUT", TEAM + "/plan", "{\"plan\": \"free\"}").statusCode())
                .isEqualTo(200);
        HttpResponse<byte[]> free = call("GET", SOURCE + "/files/a.txt", null);
        assertThat(free.statusCode()).isEqualTo(403);
        assertThat(json(free).path("detail").asText()).contains("Free").contains("cannot use");
        assertThat(json("PUT", TEAM + "/plan", "{\"plan\": \"pro\"}").statusCode())
                .isEqualTo(200);

        assertThat(call("DELETE", TEAM + "/secrets/lake-key", null).statusCode())
                .isEqualTo(204);
        HttpResponse<byte[]> lost = call("GET", SOURCE + "/files/a.txt", null);
        assertThat(lost.statusCode()).isEqualTo(409);
        assertThat(json(lost).path("detail").asText()).contains("'lake-key'").contains("no longer exists");
    }

    @Test
    void a_bucket_that_refuses_or_is_gone_is_a_clear_upstream_error() throws Exception {
        assertThat(json("PUT", TEAM + "/secrets/lake-key", "{\"value\": \"a-wrong-secret-key-value\"}")
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<byte[]> refused = call("GET", SOURCE + "/list", null);
        assertThat(refused.statusCode()).isEqualTo(502);
        assertThat(json(refused).path("detail").asText())
                .contains("data source 'lake'")
                .contains("team secret 'lake-key'")
                .doesNotContain("a-wrong-secret-key-value");

        HttpResponse<byte[]> moved = json("PATCH", SOURCE, "{\"endpoint\": \"http://127.0.0.1:9\"}");
        assertThat(moved.statusCode()).as(text(moved)).isEqualTo(200);
        HttpResponse<byte[]> gone = call("PUT", SOURCE + "/files/x.txt", "x".getBytes(StandardCharsets.UTF_8));
        assertThat(gone.statusCode()).isEqualTo(502);
        assertThat(json(gone).path("detail").asText()).contains("not reachable").contains("http://127.0.0.1:9");
    }

    @Test
    void a_bucket_server_that_stops_mid_upload_is_a_clear_error_and_leaves_no_object() throws Exception {
        Path disk = Files.createDirectories(tmp.resolve("s3-disk"));
        String own = "stops-" + UUID.randomUUID().toString().substring(0, 8);
        S3ProxyServer first = S3ProxyServer.startOnDisk(disk);
        first.createBucket(own);
        HttpResponse<byte[]> created = json(
                "POST",
                TEAM + "/sources/stops",
                "{\"url\": \"s3://" + own + "\", \"accessKeyId\": \"" + first.accessKey()
                        + "\", \"secretAccessKey\": \"secret:lake-key\", \"endpoint\": \"" + first.endpoint() + "\"}");
        assertThat(created.statusCode()).as(text(created)).isEqualTo(201);

        // 24 MiB in three parts; the bucket's server goes away once 12 MiB have been handed over.
        long total = 3L * 8 * 1024 * 1024;
        InputStream body = new InputStream() {
            long sent;

            @Override
            public int read() {
                if (sent == total / 2) first.close();
                return sent++ < total ? 7 : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (sent >= total) return -1;
                int n = (int) Math.min(len, total - sent);
                if (sent < total / 2 && sent + n >= total / 2) n = (int) (total / 2 - sent);
                if (sent == total / 2) first.close();
                java.util.Arrays.fill(b, off, off + n, (byte) 7);
                sent += n;
                return n;
            }
        };
        HttpResponse<String> r;
        try (HttpClient http = HttpClient.newHttpClient()) {
            r = http.send(
                    HttpRequest.newBuilder(URI.create(server.url() + TEAM + "/sources/stops/files/big.bin"))
                            .header("Authorization", "Bearer " + TestServer.TOKEN)
                            .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
        assertThat(r.body()).contains("data source 'stops'").contains("not reachable");

        try (S3ProxyServer again = S3ProxyServer.startOnDisk(disk)) {
            assertThat(again.client().listObjectsV2(q -> q.bucket(own)).contents())
                    .as("no object, whole or partial")
                    .isEmpty();
        }
    }

    long usage() {
        return db().withHandle(h -> h.createQuery("SELECT COALESCE(SUM(bytes), 0) FROM team_usage WHERE team_id = :t")
                .bind("t", teamId("default"))
                .mapTo(Long.class)
                .one());
    }

    @Test
    void a_prefix_is_imported_into_storage_deduplicated_and_exported_back_on_the_server() throws Exception {
        String storage = TEAM + "/storage/default";
        s3.client().putObject(q -> q.bucket(bucket).key("raw/in/a.csv"), RequestBody.fromString("x,y\n1,2\n"));
        s3.client().putObject(q -> q.bucket(bucket).key("raw/in/sub/b.txt"), RequestBody.fromString("bee"));
        s3.client().putObject(q -> q.bucket(bucket).key("raw/in/empty/"), RequestBody.empty());
        String fromLake = "\"source\": {\"kind\": \"sources\", \"name\": \"lake\"}";

        HttpResponse<byte[]> imported =
                json("POST", storage + "/copy", "{\"from\": \"in\", \"to\": \"imported\", " + fromLake + "}");
        assertThat(imported.statusCode()).as(text(imported)).isEqualTo(201);
        assertThat(text(call("GET", storage + "/files/imported/a.csv", null))).isEqualTo("x,y\n1,2\n");
        assertThat(text(call("GET", storage + "/files/imported/sub/b.txt", null)))
                .isEqualTo("bee");
        List<String> names = new ArrayList<>();
        json(call("GET", storage + "/list/imported", null))
                .path("entries")
                .forEach(e -> names.add(e.path("name").asText()));
        assertThat(names).containsExactly("a.csv", "empty", "sub");
        long afterFirst = usage();
        assertThat(afterFirst).as("imports count toward the team's storage").isEqualTo(8 + 3);

        // The same bytes again: deduplicated on the way in, the team's usage does not grow.
        HttpResponse<byte[]> again =
                json("POST", storage + "/copy", "{\"from\": \"in\", \"to\": \"again\", " + fromLake + "}");
        assertThat(again.statusCode()).as(text(again)).isEqualTo(201);
        assertThat(usage()).isEqualTo(afterFirst);
        HttpResponse<byte[]> one = json(
                "POST", storage + "/copy", "{\"from\": \"in/sub/b.txt\", \"to\": \"b-copy.txt\", " + fromLake + "}");
        assertThat(one.statusCode()).as(text(one)).isEqualTo(201);
        assertThat(text(call("GET", storage + "/files/b-copy.txt", null))).isEqualTo("bee");
        assertThat(json("POST", storage + "/move", "{\"from\": \"in\", \"to\": \"moved\", " + fromLake + "}")
                        .statusCode())
                .isEqualTo(400);

        HttpResponse<byte[]> exported = json(
                "POST",
                SOURCE + "/copy",
                "{\"from\": \"imported\", \"to\": \"out\", \"source\": {\"kind\": \"storage\", \"name\": \"default\"}}");
        assertThat(exported.statusCode()).as(text(exported)).isEqualTo(201);
        assertThat(keys()).contains("raw/out/a.csv", "raw/out/sub/b.txt", "raw/out/empty/");
        assertThat(text(call("GET", SOURCE + "/files/out/a.csv", null))).isEqualTo("x,y\n1,2\n");
        List<String> audited = db().withHandle(h -> h.createQuery(
                        "SELECT action FROM audit_events WHERE outcome = 'ok' AND action IN ('files.copy', 'sources.files.export')")
                .mapTo(String.class)
                .list());
        assertThat(audited).contains("files.copy", "sources.files.export");
        HttpResponse<byte[]> noSource = json("POST", SOURCE + "/copy", "{\"from\": \"imported\", \"to\": \"x\"}");
        assertThat(noSource.statusCode()).isEqualTo(400);
        assertThat(json(noSource).path("detail").asText()).contains("'source' is required");
    }

    @Test
    void a_bucket_prefix_becomes_a_dataset_version_and_a_version_goes_back_to_the_bucket() throws Exception {
        String datasets = TEAM + "/datasets";
        s3.client().putObject(q -> q.bucket(bucket).key("raw/q3/a.csv"), RequestBody.fromString("id\n1\n"));
        s3.client().putObject(q -> q.bucket(bucket).key("raw/q3/deep/b.csv"), RequestBody.fromString("id\n2\n"));
        assertThat(json("POST", datasets, "{\"name\": \"quarterly\", \"description\": \"from the lake\"}")
                        .statusCode())
                .isEqualTo(201);
        HttpResponse<byte[]> draft = json("POST", datasets + "/quarterly/versions", "{}");
        assertThat(draft.statusCode()).as(text(draft)).isEqualTo(201);
        int n = json(draft).path("number").asInt();

        HttpResponse<byte[]> imported = json(
                "POST",
                datasets + "/quarterly:" + n + "/copy",
                "{\"from\": \"q3\", \"to\": \"q3\", \"source\": {\"kind\": \"sources\", \"name\": \"lake\"}}");
        assertThat(imported.statusCode()).as(text(imported)).isEqualTo(201);
        HttpResponse<byte[]> committed =
                json("POST", datasets + "/quarterly/versions/" + n + "/commit", "{\"message\": \"q3 from the lake\"}");
        assertThat(committed.statusCode()).as(text(committed)).isEqualTo(200);
        assertThat(text(call("GET", datasets + "/quarterly:" + n + "/files/q3/deep/b.csv", null)))
                .isEqualTo("id\n2\n");

        HttpResponse<byte[]> exported = json(
                "POST",
                SOURCE + "/copy",
                "{\"from\": \"q3\", \"to\": \"versions/" + n
                        + "\", \"source\": {\"kind\": \"datasets\", \"name\": \"quarterly:" + n + "\"}}");
        assertThat(exported.statusCode()).as(text(exported)).isEqualTo(201);
        assertThat(keys()).contains("raw/versions/" + n + "/a.csv", "raw/versions/" + n + "/deep/b.csv");
        assertThat(text(call("GET", SOURCE + "/files/versions/" + n + "/a.csv", null)))
                .isEqualTo("id\n1\n");
    }
}
