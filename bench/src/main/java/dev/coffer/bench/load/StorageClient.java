package dev.coffer.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.bench.BenchException;
import dev.coffer.bench.report.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

/**
 * The few calls of Coffer's HTTP API the load scenario makes, as one caller (one API token) in the
 * default team's storage. Each call returns what came back and how long it took, from sending the
 * request to the answer's last byte; it never retries, so the caller decides what a 429 or an
 * error means (counted during the timed phase, waited out or fatal before and after it).
 */
public final class StorageClient {
    private static final String VOLUME = "/api/v1/teams/default/storage/default/";
    /** Long enough for a 4 MiB upload on a saturated machine; a request past it is an error, not a hang. */
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** The most of an error answer's body kept for the report. */
    private static final int PROBLEM_CHARS = 300;

    private final HttpClient http;
    /** The servers this caller sends to, each request to the next in turn (one: always the same). */
    private final List<String> urls;

    private final AtomicInteger turn = new AtomicInteger();
    private final String token;

    public StorageClient(HttpClient http, String url, String token) {
        this(http, List.of(url), token);
    }

    private StorageClient(HttpClient http, List<String> urls, String token) {
        this.http = http;
        this.urls = List.copyOf(urls);
        this.token = token;
    }

    /**
     * One client for every caller: HTTP/1.1, as Coffer's own CLI speaks, each request in flight on
     * a connection of its own (the pool opens one per concurrent request and keeps it for the
     * next), which is what separate clients would open. One selector for all spares the 2 cores
     * the load generator shares with the server.
     */
    public static HttpClient newHttpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** The same caller on other servers (of the same database and store), alternating between them. */
    public StorageClient at(List<String> otherUrls) {
        return new StorageClient(http, otherUrls, token);
    }

    /** A caller with another token, on the same connections. */
    public StorageClient as(String otherToken) {
        return new StorageClient(http, urls, otherToken);
    }

    /**
     * What came back: the status, the time from sending to the last byte, the body's length, its
     * CRC-32C (downloads only: enough to tell a wrong byte), the body as text (JSON answers and
     * every failure; null for a download that succeeded) and the Retry-After seconds (0 if none).
     */
    public record Answer(int status, long nanos, long bytes, long crc, String text, long retryAfterSeconds) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public boolean refused() {
            return status == 429;
        }

        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(text);
            } catch (IOException e) {
                throw new BenchException("not JSON: " + shortened(text), e);
            }
        }

        /** For a report: the status and the start of the body (Coffer's problem answers say what went wrong). */
        public String describe() {
            return status + " " + shortened(text);
        }
    }

    public Answer upload(String path, byte[] body) throws IOException, InterruptedException {
        return text(request(VOLUME + "files/" + path)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    }

    /** The file's bytes are streamed, counted and checksummed, never kept. */
    public Answer download(String path) throws IOException, InterruptedException {
        HttpRequest req = request(VOLUME + "files/" + path).GET().build();
        long start = System.nanoTime();
        HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            if (r.statusCode() / 100 != 2) {
                String text = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
                return new Answer(r.statusCode(), System.nanoTime() - start, text.length(), 0, text, retryAfter(r));
            }
            CRC32C crc = new CRC32C();
            byte[] buf = new byte[64 * 1024];
            long bytes = 0;
            for (int n; (n = in.read(buf)) >= 0; ) {
                crc.update(buf, 0, n);
                bytes += n;
            }
            return new Answer(r.statusCode(), System.nanoTime() - start, bytes, crc.getValue(), null, 0);
        }
    }

    /** The first page of a folder's listing (up to 1,000 entries). */
    public Answer list(String folder) throws IOException, InterruptedException {
        return text(request(VOLUME + "list/" + folder).GET().build());
    }

    public Answer stat(String path) throws IOException, InterruptedException {
        return text(request(VOLUME + "stat/" + path).GET().build());
    }

    /** {@code POST /api/v1/tokens}: a personal token of this caller's, named {@code name}; its value. */
    public String createToken(String name) throws IOException, InterruptedException {
        String body = Json.line(Json.object().put("name", name));
        Answer a = text(request("/api/v1/tokens")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        if (a.status() != 201) throw new BenchException("POST /api/v1/tokens answered " + a.describe());
        return a.json().path("token").asText();
    }

    private HttpRequest.Builder request(String path) {
        String url = urls.get(Math.floorMod(turn.getAndIncrement(), urls.size()));
        return HttpRequest.newBuilder(URI.create(url + path))
                .header("Authorization", "Bearer " + token)
                .timeout(TIMEOUT);
    }

    private Answer text(HttpRequest req) throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        long nanos = System.nanoTime() - start;
        String body = r.body();
        return new Answer(r.statusCode(), nanos, body.length(), 0, body, retryAfter(r));
    }

    private static long retryAfter(HttpResponse<?> r) {
        return r.headers()
                .firstValue("Retry-After")
                .map(v -> {
                    try {
                        return Math.max(0, Long.parseLong(v.strip()));
                    } catch (NumberFormatException e) {
                        return 1L; // an HTTP date instead of seconds: wait a second and ask again
                    }
                })
                .orElse(0L);
    }

    private static String shortened(String text) {
        if (text == null) return "";
        String t = text.strip().replace('\n', ' ');
        return t.length() <= PROBLEM_CHARS ? t : t.substring(0, PROBLEM_CHARS) + "…";
    }
}
