package dev.coffer.server;

import static dev.coffer.server.ObservabilityTest.series;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.coffer.blob.BlobStore;
import dev.coffer.blob.RetryingBlobStore;
import dev.coffer.content.ContentStore;
import dev.coffer.testkit.Await;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The series beyond requests, after a known workload: bytes sent, chunks stored and deduplicated,
 * calls to the content store, import jobs, the usage jobs. And the guide's metrics table against
 * a real scrape, so a series cannot be documented without existing, or renamed without the guide.
 */
class MetricsSeriesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String T = "/api/v1/teams/default";
    static final String S = T + "/storage/default";

    @TempDir
    Path data;

    final byte[] body = new byte[300_000];
    HttpServer source;

    @BeforeEach
    void serveTheBytesForAnImport() throws Exception {
        new Random(11).nextBytes(body);
        source = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        source.createContext("/data.bin", ex -> {
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        source.start();
    }

    @AfterEach
    void stopTheSource() {
        source.stop(0);
    }

    /** The value of an unlabelled series. */
    static double value(String scrape, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(scrape);
        assertThat(m.find()).as(name + " in\n" + scrape).isTrue();
        return Double.parseDouble(m.group(1));
    }

    static String scrape(TestServer s) {
        HttpResponse<byte[]> r = s.get("/metrics", "Authorization", null);
        assertThat(r.statusCode()).isEqualTo(200);
        return new String(r.body());
    }

    /** The scrape after the workload, and what the expected values depend on. */
    record Workload(String scrape, List<ChunkClient.Chunk> chunks, long zipBytes, int teams) {}

    /**
     * Uploads the body twice (the second time every chunk is deduplicated), asks about its chunks
     * (deduplicated again: the client need not send them), imports the same bytes from a URL
     * (deduplicated once more), downloads a file, a chunk and the folder as a zip, and runs the
     * collector, the backup check, a usage recount and a repair. Returns the last scrape, taken
     * once all of it (and the month closer's first run, which starts with the server) is done.
     */
    Workload run(TestServer s) throws Exception {
        List<ChunkClient.Chunk> chunks = ChunkClient.chunks(body);
        assertThat(s.put(S + "/files/docs/a.bin", body).statusCode()).isEqualTo(201);
        assertThat(s.put(S + "/files/docs/b.bin", body).statusCode()).isEqualTo(201);
        List<String> ids = chunks.stream().map(ChunkClient.Chunk::id).toList();
        HttpResponse<byte[]> missing = s.post(T + "/chunks/missing", JSON.writeValueAsString(Map.of("chunks", ids)));
        assertThat(JSON.readTree(missing.body()).path("missing")).isEmpty();

        HttpResponse<byte[]> started = s.post(
                T + "/imports",
                "{\"url\":\"http://127.0.0.1:" + source.getAddress().getPort()
                        + "/data.bin\",\"volume\":{\"kind\":\"storage\",\"name\":\"default\"},\"path\":\"/imported.bin\"}");
        assertThat(started.statusCode()).as(new String(started.body())).isEqualTo(202);
        long job = JSON.readTree(started.body()).path("id").asLong();
        JsonNode ended = Await.until(
                Duration.ofSeconds(60),
                () -> JSON.readTree(s.get(T + "/jobs/" + job).body()),
                j -> j.path("state").asText().matches("done|failed|cancelled"));
        assertThat(ended.path("state").asText()).as(ended.toString()).isEqualTo("done");

        assertThat(s.get(S + "/files/docs/b.bin").body()).isEqualTo(body);
        assertThat(s.get(S + "/chunks/" + chunks.getFirst().id()).body())
                .isEqualTo(chunks.getFirst().bytes());
        HttpResponse<byte[]> zip = s.get(S + "/files/docs?archive=zip");
        assertThat(zip.statusCode()).isEqualTo(200);

        assertThat(s.post("/api/v1/admin/gc", "{}").statusCode()).isEqualTo(200);
        assertThat(s.post("/api/v1/admin/backup-check", "{}").statusCode()).isEqualTo(200);
        assertThat(s.get("/readyz", "Authorization", null).statusCode()).isEqualTo(200);
        JsonNode usage = JSON.readTree(s.get("/api/v1/admin/usage?recount=true").body());
        int teams = usage.path("teams").size();
        assertThat(teams).as("the default team and the admin's own").isEqualTo(2);
        assertThat(s.post("/api/v1/admin/usage/repair?team=default", "{}").statusCode())
                .isEqualTo(200);
        // The month closer runs once as the server starts, on a thread of its own.
        Await.until(
                Duration.ofSeconds(60),
                "the month closer's first run",
                () -> value(scrape(s), "coffer_usage_month_closes_total") >= 1);
        return new Workload(scrape(s), chunks, zip.body().length, teams);
    }

    TestServer start(UnaryOperator<BlobStore> decorate) throws Exception {
        return TestServer.start(
                data,
                Map.of(
                        "COFFER_IMPORTS_ALLOW_HOSTS",
                        "127.0.0.1:" + source.getAddress().getPort()),
                decorate);
    }

    @Test
    void bytes_chunks_store_calls_imports_and_usage_jobs_are_counted() throws Exception {
        try (TestServer s = start(UnaryOperator.identity())) {
            Workload w = run(s);
            String scrape = w.scrape();
            int n = w.chunks().size();
            long inBlobs = chunksInBlobs(w.chunks());
            assertThat(inBlobs).as("chunks of 300 kB stored in a blob").isPositive();

            assertThat(value(scrape, "coffer_content_received_bytes_total")).isEqualTo(600_000);
            // The file, the first chunk again, and the zip as sent.
            assertThat(value(scrape, "coffer_content_sent_bytes_total"))
                    .isEqualTo(300_000 + w.chunks().getFirst().bytes().length + w.zipBytes());

            assertThat(value(scrape, "coffer_chunks_stored_total")).isEqualTo(n);
            assertThat(value(scrape, "coffer_chunks_stored_bytes_total")).isEqualTo(300_000);
            // The second upload, the question, and the import: three times every chunk.
            assertThat(value(scrape, "coffer_chunks_deduplicated_total")).isEqualTo(3 * n);
            assertThat(value(scrape, "coffer_chunks_deduplicated_bytes_total")).isEqualTo(900_000);

            // One put per chunk in a blob (only the first upload wrote); a ranged read of its pack
            // per chunk in a blob for the download and for each of the two files of the zip, and
            // one for the chunk read. Small chunks live in their rows and cost no call.
            String count = "coffer_store_calls_seconds_count";
            assertThat(series(scrape, count, "op=\"put\"", "outcome=\"ok\"")).isEqualTo(inBlobs);
            long chunkReads = chunksInBlobs(w.chunks().subList(0, 1));
            assertThat(series(scrape, count, "op=\"getRange\"", "outcome=\"ok\""))
                    .isEqualTo(3 * inBlobs + chunkReads);
            assertThat(series(scrape, count, "op=\"list\"", "outcome=\"ok\""))
                    .as("the backup check lists chunks/ and packs/")
                    .isEqualTo(2);
            assertThat(series(scrape, count, "op=\"checkReachable\"", "outcome=\"ok\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(series(scrape, "coffer_store_calls_seconds_bucket", "op=\"put\"", "le=\"+Inf\""))
                    .isEqualTo(inBlobs);
            assertThat(scrape).doesNotContain("outcome=\"error\"", "outcome=\"not_found\"");

            assertThat(series(scrape, "coffer_import_jobs", "state=\"done\"")).isEqualTo(1);
            for (String state : List.of("queued", "running", "cancelling", "cancelled", "failed"))
                assertThat(series(scrape, "coffer_import_jobs", "state=\"" + state + "\""))
                        .as(state)
                        .isZero();

            assertThat(value(scrape, "coffer_usage_month_closes_total")).isGreaterThanOrEqualTo(1);
            assertThat(value(scrape, "coffer_usage_month_close_failures_total")).isZero();
            assertThat(value(scrape, "coffer_usage_statements_frozen_total"))
                    .as("the only team was made this month: nothing to freeze for the last")
                    .isZero();
            assertThat(value(scrape, "coffer_usage_recounts_total")).isEqualTo(w.teams());
            assertThat(value(scrape, "coffer_usage_recount_mismatches_total")).isZero();
            assertThat(value(scrape, "coffer_usage_repairs_total")).isEqualTo(1);

            // Labels name operations and states, never what a tenant called things.
            assertThat(scrape).doesNotContain("docs/", "a.bin", "imported", "127.0.0.1");
        }
    }

    /** Chunks stored in a blob (a pack of one); smaller ones are kept in their database rows. */
    private static long chunksInBlobs(List<ChunkClient.Chunk> chunks) {
        return chunks.stream()
                .filter(c -> c.bytes().length > ContentStore.INLINE_MAX)
                .count();
    }

    @Test
    void the_operations_guide_lists_exactly_the_series_scraped() throws Exception {
        List<String> documented = documentedSeries();
        assertThat(documented)
                .as("series parsed from the guide's metrics table")
                .contains(
                        "coffer_http_requests_seconds",
                        "coffer_content_sent_bytes_total",
                        "coffer_store_calls_seconds",
                        "coffer_import_jobs",
                        "jvm_*");
        // Retried calls as on a bucket, so that the series of S3 stores only exist too.
        try (TestServer s = start(RetryingBlobStore::around)) {
            String scrape = run(s).scrape();
            for (String name : documented) {
                String line = name.endsWith("*")
                        ? "(?m)^" + Pattern.quote(name.substring(0, name.length() - 1)) + "\\w*[{ ]"
                        : "(?m)^" + Pattern.quote(name) + "(_bucket|_count|_sum|_max)?[{ ]";
                assertThat(Pattern.compile(line).matcher(scrape).find())
                        .as(name + " (documented in docs/operations.md) in the scrape")
                        .isTrue();
            }
            // And the other way: no series of Coffer's own goes undocumented.
            Matcher scraped = Pattern.compile("(?m)^(coffer_\\w+)[{ ]").matcher(scrape);
            while (scraped.find()) {
                String name = scraped.group(1);
                String family = name.replaceFirst("_(bucket|count|sum|max)$", "");
                assertThat(documented.contains(name) || documented.contains(family))
                        .as(name + " (scraped) in the metrics table of docs/operations.md")
                        .isTrue();
            }
        }
    }

    /** Every name in backticks in the first column of the metrics table of the operations guide. */
    static List<String> documentedSeries() throws Exception {
        String guide = Files.readString(Path.of("..", "docs", "operations.md"));
        int table = guide.indexOf("| metric | type | labels | what |");
        assertThat(table).as("the metrics table of docs/operations.md").isNotNegative();
        List<String> names = new ArrayList<>();
        for (String row : guide.substring(table).split("\n")) {
            if (!row.startsWith("|")) break;
            String first = row.split("\\|")[1];
            Matcher m = Pattern.compile("`([a-z_*]+)`").matcher(first);
            while (m.find()) names.add(m.group(1));
        }
        return names;
    }
}
