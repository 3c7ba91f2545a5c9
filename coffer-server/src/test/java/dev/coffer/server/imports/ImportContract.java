package dev.coffer.server.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.server.Backend;
import dev.coffer.server.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** URL imports against a local HTTP server: progress, cancel, restart-resume, clear failures, SSRF refusal, size limit. */
abstract class ImportContract {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String T = "/api/v1/teams/default";
    static final String S = T + "/storage/default";

    @TempDir
    Path data;

    abstract Backend backend();

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
        HttpResponse<byte[]> r = s.post(T + "/imports", "{\"url\":\"" + url + "\",\"volume\":{\"kind\":\"storage\",\"name\":\"default\"},\"path\":\"" + path + "\"}");
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(202);
        assertThat(json(r).path("state").asText()).isEqualTo("queued");
        return json(r).path("id").asLong();
    }

    static JsonNode waitFor(TestServer s, long id, Predicate<JsonNode> until) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        while (true) {
            JsonNode job = json(s.get(T + "/jobs/" + id));
            if (until.test(job)) return job;
            if (System.currentTimeMillis() > deadline) throw new AssertionError("job never got there: " + job);
            Thread.sleep(50);
        }
    }

    static boolean ended(JsonNode job) {
        return job.path("state").asText().matches("done|failed|cancelled");
    }

    @Test
    void urls_of_internal_addresses_are_refused_by_default() throws Exception {
        try (SourceServer source = new SourceServer(random(1, 1000)); TestServer s = TestServer.start(data, backend())) {
            HttpResponse<byte[]> r = s.post(T + "/imports", "{\"url\":\"" + source.url("/data.bin") + "\",\"volume\":{\"kind\":\"storage\",\"name\":\"default\"}}");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(json(r).path("detail").asText()).contains("loopback").contains("imports.allowHosts");
            for (String bad : new String[] {"ftp://example.com/x", "http://10.1.2.3/x", "http://169.254.169.254/latest", "http://[::1]/x", "not a url"}) {
                HttpResponse<byte[]> b = s.post(T + "/imports", "{\"url\":\"" + bad + "\",\"volume\":{\"kind\":\"storage\",\"name\":\"default\"}}");
                assertThat(b.statusCode()).as(bad).isIn(400, 403);
            }
            assertThat(json(s.get(T + "/jobs")).path("jobs")).isEmpty();
            assertThat(source.ranges).as("the source was never contacted").isEmpty();
        }
    }

    @Test
    void an_import_lands_in_the_folder_with_progress_and_a_digest() throws Exception {
        byte[] bytes = random(2, 3_000_000);
        try (SourceServer source = new SourceServer(bytes); TestServer s = TestServer.start(data, env(source, backend().env()))) {
            source.bytesPerSecond = 1_500_000;
            long id = startImport(s, source.url("/data.bin"), "incoming");
            JsonNode during = waitFor(s, id, j -> j.path("bytesDone").asLong() > 0 || ended(j));
            assertThat(during.path("bytesTotal").asLong()).isEqualTo(bytes.length);
            JsonNode done = waitFor(s, id, ImportContract::ended);
            assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("done");
            assertThat(done.path("bytesDone").asLong()).isEqualTo(bytes.length);
            assertThat(done.path("bytesPerSecond").asLong()).isPositive();
            assertThat(s.get(S + "/files/incoming/data.bin").body()).isEqualTo(bytes);
            assertThat(json(s.get(S + "/stat/incoming/data.bin")).path("digest").asText()).isEqualTo(done.path("digest").asText());
        }
    }

    @Test
    void a_cancelled_import_stops_and_leaves_no_file() throws Exception {
        try (SourceServer source = new SourceServer(random(3, 4_000_000)); TestServer s = TestServer.start(data, env(source, backend().env()))) {
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
            Map<String, String> env = env(source, backend().env());
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
            assertThat(source.ranges).as("the second start asked for the rest only").hasSize(2);
            assertThat(source.ranges.get(0)).isEqualTo("none");
            assertThat(source.ranges.get(1)).startsWith("bytes=").isNotEqualTo("bytes=0-");
        }
    }

    @Test
    void failures_are_told_with_a_reason_and_the_size_limit_holds() throws Exception {
        try (SourceServer source = new SourceServer(random(5, 3_000_000));
             TestServer s = TestServer.start(data, env(source, backend().env(), "COFFER_IMPORTS_MAX_BYTES", "1MB"))) {
            JsonNode missing = waitFor(s, startImport(s, source.url("/missing.bin"), "in"), ImportContract::ended);
            assertThat(missing.path("state").asText()).isEqualTo("failed");
            assertThat(missing.path("error").asText()).contains("404");

            JsonNode big = waitFor(s, startImport(s, source.url("/data.bin"), "in"), ImportContract::ended);
            assertThat(big.path("state").asText()).isEqualTo("failed");
            assertThat(big.path("error").asText()).contains("import limit of 1000000 bytes");

            JsonNode redirected = waitFor(s, startImport(s, source.url("/to-metadata"), "in"), ImportContract::ended);
            assertThat(redirected.path("state").asText()).isEqualTo("failed");
            assertThat(redirected.path("error").asText()).contains("169.254.169.254").contains("link-local");
            assertThat(json(s.get(S + "/list/in")).path("entries")).isEmpty();
        }
    }

    @Test
    void an_import_can_fill_a_dataset_draft_and_a_committed_version_is_refused() throws Exception {
        byte[] bytes = random(6, 1_200_000);
        String ds = T + "/datasets/corpus";
        try (SourceServer source = new SourceServer(bytes); TestServer s = TestServer.start(data, env(source, backend().env()))) {
            assertThat(s.post(T + "/datasets", "{\"name\":\"corpus\"}").statusCode()).isEqualTo(201);
            assertThat(s.post(ds + "/versions", "{}").statusCode()).isEqualTo(201);
            HttpResponse<byte[]> r = s.post(T + "/imports", "{\"url\":\"" + source.url("/data.bin") + "\",\"dataset\":{\"ref\":\"corpus:1\"},\"path\":\"raw\"}");
            assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(202);
            JsonNode done = waitFor(s, json(r).path("id").asLong(), ImportContract::ended);
            assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("done");
            assertThat(s.get(ds + ":1/files/raw/data.bin").body()).isEqualTo(bytes);
            assertThat(s.post(ds + "/versions/1/commit", "{}").statusCode()).isEqualTo(200);
            assertThat(s.get(ds + "/files/raw/data.bin").body()).isEqualTo(bytes);

            HttpResponse<byte[]> late = s.post(T + "/imports", "{\"url\":\"" + source.url("/data.bin") + "\",\"dataset\":{\"ref\":\"corpus:1\"}}");
            assertThat(late.statusCode()).isEqualTo(409);
            assertThat(json(late).path("detail").asText()).contains("committed");
        }
    }
}
