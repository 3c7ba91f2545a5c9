package dev.coffer.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The clients against a stand-in for Coffer's API (the JDK's small HTTP server): what they count
 * as a success, an error and a refusal, and that their checks catch wrong answers.
 */
class ClientsTest {
    private static final String VOLUME = "/api/v1/teams/default/storage/default/";
    private static final byte[] CONTENT = "twelve bytes".getBytes(StandardCharsets.UTF_8);
    private static final StoredFile FILE = StoredFile.of("seed/d00/f000.bin", CONTENT);
    private static final SeedSet SEEDED = new SeedSet(List.of(FILE), List.of("seed/d00"));

    private HttpServer server;
    private HttpClient http;

    private StorageClient start(Consumer<HttpExchange> answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                answer.accept(exchange);
            }
        });
        server.start();
        http = StorageClient.newHttpClient();
        return new StorageClient(http, "http://127.0.0.1:" + server.getAddress().getPort(), "t");
    }

    @AfterEach
    void stop() {
        if (http != null) http.close();
        if (server != null) server.stop(0);
    }

    private static void send(HttpExchange e, int status, byte[] body) {
        try {
            e.getRequestBody().readAllBytes();
            e.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = e.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException x) {
            throw new RuntimeException(x);
        }
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Answers like Coffer; {@code fileBytes} is what a download of the seeded file returns. */
    private static Consumer<HttpExchange> coffer(byte[] fileBytes) {
        String entries = "{\"name\":\"f\",\"type\":\"file\",\"size\":1,\"mtime\":0},".repeat(SEEDED.entriesPerFolder());
        return e -> {
            String path = e.getRequestURI().getPath();
            if (path.equals(VOLUME + "files/" + FILE.path())) send(e, 200, fileBytes);
            else if (path.equals(VOLUME + "stat/" + FILE.path()))
                send(e, 200, json("{\"name\":\"f000.bin\",\"type\":\"file\",\"size\":" + CONTENT.length + "}"));
            else if (path.equals(VOLUME + "list/seed/d00"))
                send(
                        e,
                        200,
                        json("{\"path\":\"/seed/d00\",\"entries\":[" + entries.substring(0, entries.length() - 1)
                                + "],\"next\":null}"));
            else send(e, 404, json("{\"title\":\"not found\"}"));
        };
    }

    private static long deadlineIn(long millis) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void a_reader_mixes_the_three_kinds_and_finds_nothing_wrong_with_right_answers() throws Exception {
        Reader reader = new Reader(start(coffer(CONTENT)), 1, SEEDED);
        Tally t = reader.run(deadlineIn(400));
        long reads = t.figures(RequestKind.READ, 1).count();
        long lists = t.figures(RequestKind.LIST, 1).count();
        long stats = t.figures(RequestKind.STAT, 1).count();
        assertThat(t.errors()).as("%s", t.errorSamples()).isZero();
        assertThat(reads).isPositive();
        assertThat(lists).isPositive();
        assertThat(stats).isPositive();
        // Half reads, 40% lists, 10% stats: lists well above stats over tens of requests.
        assertThat(lists).isGreaterThan(stats);
        assertThat(t.downloadedBytes()).isEqualTo(reads * CONTENT.length);
    }

    @Test
    void a_download_with_wrong_bytes_is_an_error_even_when_the_status_is_200() throws Exception {
        byte[] wrong = CONTENT.clone();
        wrong[3] ^= 1;
        Reader reader = new Reader(start(coffer(wrong)), 1, SEEDED);
        Tally t = reader.run(deadlineIn(300));
        assertThat(t.figures(RequestKind.READ, 1).count()).isZero();
        assertThat(t.figures(RequestKind.READ, 1).errors()).isPositive();
        assertThat(t.errorSamples().getFirst()).contains("not the bytes stored");
        // The other kinds were answered right and count as successes.
        assertThat(t.figures(RequestKind.LIST, 1).errors()).isZero();
        assertThat(t.figures(RequestKind.LIST, 1).count()).isPositive();
    }

    @Test
    void an_uploader_counts_201_as_stored_429_as_refused_and_anything_else_as_an_error() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        StorageClient api = start(e -> {
            int n = calls.incrementAndGet();
            if (n == 2) {
                e.getResponseHeaders().add("Retry-After", "1");
                send(e, 429, json("{\"title\":\"too many requests\"}"));
            } else if (n == 3) {
                send(e, 500, json("{\"title\":\"boom\"}"));
            } else {
                long size;
                try {
                    size = e.getRequestBody().readAllBytes().length;
                } catch (IOException x) {
                    throw new RuntimeException(x);
                }
                send(e, 201, json("{\"name\":\"u\",\"type\":\"file\",\"size\":" + size + "}"));
            }
        });
        Uploader uploader = new Uploader(api, api, 7, "uploads/u00");
        long deadline = deadlineIn(60_000);
        for (int i = 0; i < 4; i++) uploader.once(deadline);
        Tally t = uploader.tally;
        Tally.KindFigures f = t.figures(RequestKind.UPLOAD, 1);
        assertThat(f.count()).isEqualTo(2);
        assertThat(f.refused429()).isEqualTo(1);
        assertThat(f.errors()).isEqualTo(1);
        assertThat(t.errorSamples().getFirst()).contains("PUT files/uploads/u00/u00002.bin answered 500");
        assertThat(uploader.stored())
                .extracting(StoredFile::path)
                .containsExactly("uploads/u00/u00000.bin", "uploads/u00/u00003.bin");
        assertThat(uploader.stored())
                .allSatisfy(s -> assertThat(s.size()).isBetween((long) Uploader.MIN_BYTES, (long) Uploader.MAX_BYTES));
        assertThat(t.uploadedBytes())
                .isEqualTo(
                        uploader.stored().stream().mapToLong(StoredFile::size).sum());
    }

    @Test
    void a_201_whose_size_differs_from_what_was_sent_is_an_error_and_not_stored() throws Exception {
        StorageClient api = start(e -> send(e, 201, json("{\"name\":\"u\",\"type\":\"file\",\"size\":5}")));
        Uploader uploader = new Uploader(api, api, 7, "uploads/u00");
        uploader.once(deadlineIn(60_000));
        assertThat(uploader.tally.errors()).isEqualTo(1);
        assertThat(uploader.stored()).isEmpty();
    }

    @Test
    void a_client_of_several_servers_sends_each_request_to_the_next_in_turn() throws Exception {
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        StorageClient one = start(e -> {
            first.incrementAndGet();
            coffer(CONTENT).accept(e);
        });
        HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        other.createContext("/", e -> {
            try (e) {
                second.incrementAndGet();
                coffer(CONTENT).accept(e);
            }
        });
        other.start();
        try {
            String a = "http://127.0.0.1:" + server.getAddress().getPort();
            String b = "http://127.0.0.1:" + other.getAddress().getPort();
            StorageClient both = one.at(LoadTest.rotated(List.of(a, b), 1));
            for (int i = 0; i < 5; i++)
                assertThat(both.stat(FILE.path()).status()).isEqualTo(200);
            // Starting at the second server (rotated by one): b, a, b, a, b.
            assertThat(second.get()).isEqualTo(3);
            assertThat(first.get()).isEqualTo(2);
        } finally {
            other.stop(0);
        }
    }
}
