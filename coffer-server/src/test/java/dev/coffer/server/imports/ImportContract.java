package dev.coffer.server.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.imports.UrlGuard;
import dev.coffer.server.TestServer;
import dev.coffer.testkit.Await;
import dev.coffer.testkit.Backend;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** URL imports against a local HTTP server: progress, cancel, restart-resume, clear failures, SSRF refusal, size limit. */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class ImportContract {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String T = "/api/v1/teams/default";
    static final String S = T + "/storage/default";

    @TempDir
    Path data;

    @Parameter
    Backend backend;

    static byte[] random(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    Map<String, String> env(SourceServer source, Map<String, String> db, String... more) {
        Map<String, String> env = new HashMap<>(db);
        env.put("COFFER_IMPORTS_ALLOW_HOSTS", source.hostAndPort());
        env.put("COFFER_IMPORTS_STALE_AFTER", "2s");
        for (int i = 0; i < more.length; i += 2) env.put(more[i], more[i + 1]);
        return env;
    }

    static JsonNode json(HttpResponse<byte[]> r) throws Exception {
        return JSON.readTree(r.body());
    }

    static long startImport(TestServer s, String url, String path) throws Exception {
        HttpResponse<byte[]> r = s.post(
                T + "/imports",
                "{\"url\":\"" + url + "\",\"volume\":{\"kind\":\"storage\",\"name\":\"default\"},\"path\":\"" + path
                        + "\"}");
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(202);
        assertThat(json(r).path("state").asText()).isEqualTo("queued");
        return json(r).path("id").asLong();
    }

    /** The job as the API shows it, once {@code until} accepts it (the importer works in the background). */
    static JsonNode waitFor(TestServer s, long id, Predicate<JsonNode> until) throws Exception {
        return Await.until(Duration.ofSeconds(90), () -> json(s.get(T + "/jobs/" + id)), until);
    }

    static boolean ended(JsonNode job) {
        return job.path("state").asText().matches("done|failed|cancelled");
    }

    @Test
    void urls_of_internal_addresses_are_refused_by_default() throws Exception {
        try (SourceServer source = new SourceServer(random(1, 1000));
                TestServer s = TestServer.start(data, backend)) {
            // The same URL the other tests import (with the loopback source in imports.allowHosts)
            // is refused without that setting, and so is a name that resolves to loopback; the
            // answer is one sentence that names no address.
            String viaName = source.url("/data.bin").replace("127.0.0.1", "localhost");
            for (String url : new String[] {source.url("/data.bin"), viaName}) {
                HttpResponse<byte[]> r = s.post(
                        T + "/imports",
                        "{\"url\":\"" + url + "\",\"volume\":{\"kind\":\"storage\",\"name\":\"default\"}}");
                assertThat(r.statusCode()).as(url).isEqualTo(403);
                assertThat(json(r).path("detail").asText()).as(url).isEqualTo(UrlGuard.REFUSED);
                assertThat(new String(r.body()))
                        .doesNotContain("127.0.0.1\"")
                        .doesNotContain("loopback")
                        .doesNotContain("::1");
            }
            for (String bad : new String[] {
                "ftp://example.com/x",
                "http://10.1.2.3/x",
                "http://169.254.169.254/latest",
                "http://[::1]/x",
                "not a url",
                "http://[64:ff9b::a9fe:a9fe]/latest",
                "http://[2002:a9fe:a9fe::]/latest",
                "http://[::ffff:169.254.169.254]/latest",
                "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/x",
                "http://0x7f000001/x",
                "http://2130706433/x"
            }) {
                HttpResponse<byte[]> b = s.post(
                        T + "/imports",
                        "{\"url\":\"" + bad + "\",\"volume\":{\"kind\":\"storage\",\"name\":\"default\"}}");
                assertThat(b.statusCode()).as(bad).isIn(400, 403);
            }
            assertThat(json(s.get(T + "/jobs")).path("jobs")).isEmpty();
            assertThat(source.ranges).as("the source was never contacted").isEmpty();
        }
    }

    @Test
    void an_import_lands_in_the_folder_with_progress_and_a_digest() throws Exception {
        byte[] bytes = random(2, 3_000_000);
        try (SourceServer source = new SourceServer(bytes);
                TestServer s = TestServer.start(data, env(source, backend.serverEnv()))) {
            source.bytesPerSecond = 1_500_000;
            long id = startImport(s, source.url("/data.bin"), "incoming");
            JsonNode during = waitFor(s, id, j -> j.path("bytesDone").asLong() > 0 || ended(j));
            assertThat(during.path("bytesTotal").asLong()).isEqualTo(bytes.length);
            JsonNode done = waitFor(s, id, ImportContract::ended);
            assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("done");
            assertThat(done.path("bytesDone").asLong()).isEqualTo(bytes.length);
            assertThat(done.path("bytesPerSecond").asLong()).isPositive();
            assertThat(s.get(S + "/files/incoming/data.bin").body()).isEqualTo(bytes);
            assertThat(json(s.get(S + "/stat/incoming/data.bin")).path("digest").asText())
                    .isEqualTo(done.path("digest").asText());
        }
    }

    @Test
    void a_cancelled_import_stops_and_leaves_no_file() throws Exception {
        try (SourceServer source = new SourceServer(random(3, 4_000_000));
                TestServer s = TestServer.start(data, env(source, backend.serverEnv()))) {
            source.bytesPerSecond = 300_000;
            long id = startImport(s, source.url("/data.bin"), "incoming");
            waitFor(s, id, j -> j.path("bytesDone").asLong() > 0);
            assertThat(s.post(T + "/jobs/" + id + "/cancel", "{}").statusCode()).isEqualTo(200);
            JsonNode end = waitFor(s, id, ImportContract::ended);
            assertThat(end.path("state").asText()).isEqualTo("cancelled");
            assertThat(s.get(S + "/stat/incoming/data.bin").statusCode()).isEqualTo(404);
            assertThat(s.post(T + "/jobs/" + id + "/cancel", "{}").statusCode()).isEqualTo(409);
        }
    }

    @Test
    void an_import_resumes_after_a_server_restart_asking_the_source_for_the_rest() throws Exception {
        // The chunker reads 8 MiB ahead of what it has cut and stored, so the file is large
        // enough that a checkpoint of stored chunks exists when the server stops.
        byte[] bytes = random(4, 24_000_000);
        try (SourceServer source = new SourceServer(bytes)) {
            source.bytesPerSecond = 5_000_000;
            Map<String, String> env = env(source, backend.serverEnv());
            long id;
            try (TestServer s = TestServer.start(data, env)) {
                id = startImport(s, source.url("/data.bin"), "incoming");
                waitFor(s, id, j -> j.path("bytesDone").asLong() >= 15_000_000);
            }
            source.bytesPerSecond = 0;
            try (TestServer s = TestServer.start(data, env)) {
                JsonNode done = waitFor(s, id, ImportContract::ended);
                assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("done");
                assertThat(s.get(S + "/files/incoming/data.bin").body()).isEqualTo(bytes);
            }
            assertThat(source.ranges)
                    .as("the second start asked for the rest only")
                    .hasSize(2);
            assertThat(source.ranges.get(0)).isEqualTo("none");
            assertThat(source.ranges.get(1)).startsWith("bytes=").isNotEqualTo("bytes=0-");
        }
    }

    @Test
    void failures_are_told_with_a_reason_and_the_size_limit_holds() throws Exception {
        try (SourceServer source = new SourceServer(random(5, 3_000_000));
                TestServer s =
                        TestServer.start(data, env(source, backend.serverEnv(), "COFFER_IMPORTS_MAX_BYTES", "1MB"))) {
            JsonNode missing = waitFor(s, startImport(s, source.url("/missing.bin"), "in"), ImportContract::ended);
            assertThat(missing.path("state").asText()).isEqualTo("failed");
            assertThat(missing.path("error").asText()).contains("404");

            JsonNode big = waitFor(s, startImport(s, source.url("/data.bin"), "in"), ImportContract::ended);
            assertThat(big.path("state").asText()).isEqualTo("failed");
            assertThat(big.path("error").asText()).contains("import limit of 1000000 bytes");

            JsonNode redirected = waitFor(s, startImport(s, source.url("/to-metadata"), "in"), ImportContract::ended);
            assertThat(redirected.path("state").asText()).isEqualTo("failed");
            assertThat(redirected.path("error").asText()).isEqualTo(UrlGuard.REFUSED);
            assertThat(json(s.get(S + "/list/in")).path("entries")).isEmpty();
        }
    }

    @Test
    void an_import_can_fill_a_dataset_draft_and_a_committed_version_is_refused() throws Exception {
        byte[] bytes = random(6, 1_200_000);
        String ds = T + "/datasets/corpus";
        try (SourceServer source = new SourceServer(bytes);
                TestServer s = TestServer.start(data, env(source, backend.serverEnv()))) {
            assertThat(s.post(T + "/datasets", "{\"name\":\"corpus\"}").statusCode())
                    .isEqualTo(201);
            assertThat(s.post(ds + "/versions", "{}").statusCode()).isEqualTo(201);
            HttpResponse<byte[]> r = s.post(
                    T + "/imports",
                    "{\"url\":\"" + source.url("/data.bin")
                            + "\",\"dataset\":{\"ref\":\"corpus:1\"},\"path\":\"raw\"}");
            assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(202);
            JsonNode done = waitFor(s, json(r).path("id").asLong(), ImportContract::ended);
            assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("done");
            assertThat(s.get(ds + ":1/files/raw/data.bin").body()).isEqualTo(bytes);
            assertThat(s.post(ds + "/versions/1/commit", "{}").statusCode()).isEqualTo(200);
            assertThat(s.get(ds + "/files/raw/data.bin").body()).isEqualTo(bytes);

            HttpResponse<byte[]> late = s.post(
                    T + "/imports", "{\"url\":\"" + source.url("/data.bin") + "\",\"dataset\":{\"ref\":\"corpus:1\"}}");
            assertThat(late.statusCode()).isEqualTo(409);
            assertThat(json(late).path("detail").asText()).contains("committed");
        }
    }

    static JsonNode waitForJob(TestServer s, String team, long id, Predicate<JsonNode> until) throws Exception {
        return Await.until(Duration.ofSeconds(60), () -> json(s.get("/api/v1/teams/" + team + "/jobs/" + id)), until);
    }

    @Test
    void a_source_that_stops_sending_fails_the_job_after_the_read_timeout() throws Exception {
        try (SourceServer source = new SourceServer(random(8, 500_000));
                TestServer s =
                        TestServer.start(data, env(source, backend.serverEnv(), "COFFER_IMPORTS_READ_TIMEOUT", "1s"))) {
            long started = System.currentTimeMillis();
            JsonNode job = waitFor(s, startImport(s, source.url("/stall"), "in"), ImportContract::ended);
            assertThat(job.path("state").asText()).isEqualTo("failed");
            assertThat(job.path("error").asText())
                    .isEqualTo("the source sent nothing for 1 s (imports.readTimeout); the import stopped");
            assertThat(System.currentTimeMillis() - started)
                    .as("long before the source's minute of silence ends")
                    .isLessThan(30_000);
            assertThat(json(s.get(S + "/list/in")).path("entries")).isEmpty();
        }
    }

    @Test
    void one_teams_slow_sources_never_hold_every_worker() throws Exception {
        try (SourceServer source = new SourceServer(random(9, 2_000_000));
                TestServer s = TestServer.start(
                        data,
                        env(
                                source,
                                backend.serverEnv(),
                                "COFFER_IMPORTS_WORKERS",
                                "3",
                                "COFFER_IMPORTS_PER_TEAM",
                                "2"))) {
            source.bytesPerSecond = 20_000;
            long[] slow = {
                startImport(s, source.url("/data.bin"), "a1"),
                startImport(s, source.url("/data.bin"), "a2"),
                startImport(s, source.url("/data.bin"), "a3")
            };
            waitFor(s, slow[0], j -> j.path("bytesDone").asLong() > 0);
            waitFor(s, slow[1], j -> j.path("bytesDone").asLong() > 0);

            assertThat(s.post("/api/v1/teams", "{\"name\":\"other\"}").statusCode())
                    .isEqualTo(201);
            HttpResponse<byte[]> r = s.post(
                    "/api/v1/teams/other/imports",
                    "{\"url\":\"" + source.url("/fast.bin")
                            + "\",\"volume\":{\"kind\":\"storage\",\"name\":\"default\"},\"path\":\"b\"}");
            assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(202);
            JsonNode other = waitForJob(s, "other", json(r).path("id").asLong(), ImportContract::ended);
            assertThat(other.path("state").asText()).as(other.toString()).isEqualTo("done");
            assertThat(s.get("/api/v1/teams/other/storage/default/files/b/fast.bin")
                            .body())
                    .hasSize(100_000);

            assertThat(json(s.get(T + "/jobs/" + slow[2])).path("state").asText())
                    .as("the team's third import waits for one of its own")
                    .isEqualTo("queued");
            for (long id : slow)
                assertThat(s.post(T + "/jobs/" + id + "/cancel", "{}").statusCode())
                        .isEqualTo(200);
            for (long id : slow)
                assertThat(waitFor(s, id, ImportContract::ended).path("state").asText())
                        .isEqualTo("cancelled");
        }
    }

    @Test
    void import_urls_never_show_their_query_string() throws Exception {
        byte[] bytes = random(10, 300_000);
        try (SourceServer source = new SourceServer(bytes);
                TestServer s = TestServer.start(data, env(source, backend.serverEnv()))) {
            HttpResponse<byte[]> r = s.post(
                    T + "/imports",
                    "{\"url\":\"" + source.url("/data.bin?X-Amz-Signature=SECRET-SIG&token=SECRET-TOKEN")
                            + "\",\"volume\":{\"kind\":\"storage\",\"name\":\"default\"},\"path\":\"q\"}");
            assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(202);
            assertThat(json(r).path("url").asText()).isEqualTo(source.url("/data.bin") + "?…");
            JsonNode done = waitFor(s, json(r).path("id").asLong(), ImportContract::ended);
            assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("done");
            assertThat(s.get(S + "/files/q/data.bin").body()).isEqualTo(bytes);

            JsonNode missing = waitFor(
                    s, startImport(s, source.url("/missing.bin?token=SECRET-TOKEN"), "q"), ImportContract::ended);
            assertThat(missing.path("error").asText()).contains("404").contains("/missing.bin?…");
            assertThat(new String(s.get(T + "/jobs").body())).doesNotContain("SECRET");
            List<String> stored = s.server()
                    .database()
                    .withHandle(h -> h.createQuery("SELECT url || ' ' || COALESCE(error, '') FROM import_jobs")
                            .mapTo(String.class)
                            .list());
            assertThat(stored)
                    .as("an ended job keeps only the URL's shown form")
                    .hasSize(2)
                    .noneMatch(row -> row.contains("SECRET"));
        }
    }

    @Test
    void deleting_a_user_cancels_their_queued_and_running_imports() throws Exception {
        try (SourceServer source = new SourceServer(random(11, 3_000_000));
                TestServer s = TestServer.start(data, env(source, backend.serverEnv()))) {
            source.bytesPerSecond = 50_000;
            String leaver = s.addUser("leaver");
            assertThat(s.post(T + "/members", "{\"user\":\"leaver\",\"role\":\"member\"}")
                            .statusCode())
                    .isEqualTo(201);
            String body = "{\"url\":\"" + source.url("/data.bin")
                    + "\",\"volume\":{\"kind\":\"storage\",\"name\":\"default\"},\"path\":\"left\"}";
            long[] ids = new long[3];
            for (int i = 0; i < ids.length; i++) {
                HttpResponse<byte[]> r = s.as(
                        leaver,
                        "POST",
                        T + "/imports",
                        body.replace("left", "left" + i).getBytes(StandardCharsets.UTF_8));
                assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(202);
                ids[i] = json(r).path("id").asLong();
            }
            waitFor(s, ids[0], j -> j.path("bytesDone").asLong() > 0);
            assertThat(json(s.get(T + "/jobs/" + ids[2])).path("state").asText())
                    .as("past the team's share, the third waits")
                    .isEqualTo("queued");

            assertThat(s.send("DELETE", "/api/v1/users/leaver", null).statusCode())
                    .isEqualTo(204);
            for (long id : ids) {
                JsonNode end = waitFor(s, id, ImportContract::ended);
                assertThat(end.path("state").asText()).as(end.toString()).isEqualTo("cancelled");
                assertThat(end.path("error").asText()).isEqualTo("cancelled: the user who started it was deleted");
            }
            for (int i = 0; i < ids.length; i++)
                assertThat(s.get(S + "/stat/left" + i + "/data.bin").statusCode())
                        .isEqualTo(404);
        }
    }
}
