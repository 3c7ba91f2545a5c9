package dev.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.blob.FaultyBlobStore;
import dev.coffer.blob.RetryingBlobStore;
import dev.coffer.gc.Fsck;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server over a content store that fails and stalls on purpose ({@link FaultyBlobStore}) with
 * the retrying decorator in front, as it runs over a flaky bucket: big transfers still arrive
 * whole, a store crash loses nothing that was acknowledged, and no file ever refers to a chunk
 * that was not stored (fsck).
 */
class StoreFaultsTest {
    static final String S = "/api/v1/teams/default/storage/default";

    @TempDir
    Path tmp;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aGibibyteGoesUpAndComesBackWholeThroughFivePercentFaultsAndDelays() throws Exception {
        AtomicReference<FaultyBlobStore> faulty = new AtomicReference<>();
        try (TestServer server = TestServer.start(tmp.resolve("data"), raw -> {
            faulty.set(new FaultyBlobStore(raw, 7).failing(0.05).slowedBy(Duration.ofMillis(2)));
            return new RetryingBlobStore(faulty.get(), 6, Duration.ofMillis(5), Duration.ofMillis(200));
        })) {
            long size = 1L << 30;
            HttpResponse<String> put = http.send(
                    request(server, S + "/files/big/one.bin")
                            .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new RandomBytes(size, 42)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
            String sent = RandomBytes.sha256(size, 42);

            HttpResponse<InputStream> get = http.send(
                    request(server, S + "/files/big/one.bin").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(get.statusCode()).isEqualTo(200);
            MessageDigest back = MessageDigest.getInstance("SHA-256");
            long received = 0;
            try (InputStream in = get.body()) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; received += n) back.update(buf, 0, n);
            }
            assertThat(received).isEqualTo(size);
            assertThat(HexFormat.of().formatHex(back.digest()))
                    .as("the bytes that came back")
                    .isEqualTo(sent);
            assertThat(faulty.get().injectedFailures()).as("faults injected").isGreaterThan(20);

            faulty.get().failing(0);
            Fsck.Report report =
                    new Fsck(server.server().database(), server.server().blobs()).run();
            assertThat(report.problems()).isEmpty();
            assertThat(report.bytesChecked()).isEqualTo(size);
        }
    }

    @Test
    void aStoreCrashDuringConcurrentUploadsLosesNothingAcknowledged() throws Exception {
        AtomicReference<FaultyBlobStore> faulty = new AtomicReference<>();
        try (TestServer server = TestServer.start(tmp.resolve("data"), raw -> {
            faulty.set(new FaultyBlobStore(raw, 11).failing(0.05).slowedBy(Duration.ofMillis(20)));
            // Few, short retries: the crash below lasts longer than they do, so some uploads fail.
            return new RetryingBlobStore(faulty.get(), 3, Duration.ofMillis(5), Duration.ofMillis(20));
        })) {
            Map<String, String> acknowledged = new ConcurrentHashMap<>();
            List<String> refused = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean stop = new AtomicBoolean();
            try (ExecutorService writers = Executors.newFixedThreadPool(8)) {
                List<Future<?>> running = new ArrayList<>();
                for (int w = 0; w < 8; w++) {
                    int writer = w;
                    running.add(writers.submit(() -> {
                        SplittableRandom random = new SplittableRandom(writer);
                        for (int i = 0; !stop.get(); i++) {
                            byte[] data = new byte[(1 + random.nextInt(3)) << 20];
                            random.nextBytes(data);
                            String path = "/files/crash/w" + writer + "/f" + i + ".bin";
                            HttpResponse<byte[]> r = server.put(S + path, data);
                            if (r.statusCode() == 201) acknowledged.put(path, sha256(data));
                            else refused.add(path + " " + r.statusCode());
                        }
                        return null;
                    }));
                }
                // Steps follow what happened, not the clock, so a slow machine only makes it longer.
                awaitThat("8 uploads acknowledged", () -> acknowledged.size() >= 8);
                faulty.get().crash();
                awaitThat("4 uploads refused", () -> refused.size() >= 4);
                faulty.get().recover();
                int before = acknowledged.size();
                awaitThat("8 more uploads acknowledged", () -> acknowledged.size() >= before + 8);
                stop.set(true);
                for (Future<?> f : running) f.get();
            }
            assertThat(faulty.get().droppedWrites())
                    .as("writes the crash dropped")
                    .isPositive();
            assertThat(refused).as("uploads refused while the store was down").isNotEmpty();
            assertThat(refused).as("each refused as a store outage").allMatch(r -> r.endsWith(" 503"));
            assertThat(acknowledged).as("uploads acknowledged").hasSizeGreaterThanOrEqualTo(16);

            faulty.get().failing(0);
            for (var e : acknowledged.entrySet()) {
                HttpResponse<byte[]> back = server.get(S + e.getKey());
                assertThat(back.statusCode()).as(e.getKey()).isEqualTo(200);
                assertThat(sha256(back.body())).as(e.getKey()).isEqualTo(e.getValue());
            }
            for (String r : refused) {
                String path = r.substring(0, r.indexOf(' '));
                assertThat(server.get(S + path).statusCode())
                        .as("a refused upload left no file: " + r)
                        .isEqualTo(404);
            }
            Fsck.Report report =
                    new Fsck(server.server().database(), server.server().blobs()).run();
            assertThat(report.problems())
                    .as("no reference to a chunk that was not stored")
                    .isEmpty();
            System.out.printf(
                    "store crash: %d uploads acknowledged, %d refused, %d writes dropped, 0 lost%n",
                    acknowledged.size(), refused.size(), faulty.get().droppedWrites());
        }
    }

    @Test
    void statusShowsAStoreThatDoesNotAnswerAndItsRetries() throws Exception {
        AtomicReference<FaultyBlobStore> faulty = new AtomicReference<>();
        try (TestServer server = TestServer.start(tmp.resolve("data"), raw -> {
            faulty.set(new FaultyBlobStore(raw, 13));
            return new RetryingBlobStore(faulty.get(), 2, Duration.ZERO, Duration.ZERO);
        })) {
            JsonNode up = ChunkClient.read(server.get("/api/v1/admin/status"));
            assertThat(up.path("store").path("reachable").asBoolean()).isTrue();
            assertThat(up.path("store").path("retries").asLong()).isZero();

            faulty.get().crash();
            assertThat(server.put(S + "/files/down.bin", randomBytes(2_000_000)).statusCode())
                    .isEqualTo(503);
            JsonNode down = ChunkClient.read(server.get("/api/v1/admin/status"));
            assertThat(down.path("store").path("reachable").asBoolean()).isFalse();
            assertThat(down.path("store").path("problem").asText()).contains("the store is down");
            assertThat(down.path("store").path("retries").asLong()).isEqualTo(1);
            assertThat(down.path("store").path("failures").asLong()).isEqualTo(1);
            assertThat(down.path("database").path("reachable").asBoolean()).isTrue();
            assertThat(server.get("/readyz").statusCode()).isEqualTo(503);
        }
    }

    private static void awaitThat(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static HttpRequest.Builder request(TestServer server, String path) {
        return HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Authorization", "Bearer " + TestServer.TOKEN);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SplittableRandom(n).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code size} seeded random bytes made as they are read, so a gibibyte costs no memory. */
    static final class RandomBytes extends InputStream {
        private final SplittableRandom random;
        private long left;
        private final byte[] block = new byte[1 << 16];
        private int at = block.length;

        RandomBytes(long size, long seed) {
            this.random = new SplittableRandom(seed);
            this.left = size;
        }

        static String sha256(long size, long seed) throws Exception {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (RandomBytes in = new RandomBytes(size, seed)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) return -1;
            if (at == block.length) {
                random.nextBytes(block);
                at = 0;
            }
            int n = (int) Math.min(Math.min(len, block.length - at), left);
            System.arraycopy(block, at, b, off, n);
            at += n;
            left -= n;
            return n;
        }
    }
}
