package dev.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.chunk.ChunkId;
import dev.coffer.chunk.Chunker;
import dev.coffer.testkit.RealTime;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server at {@code -Xmx256m} under the attacks of issue 15, all at once: 50 anonymous sign-ins
 * with random names (Argon2 for each), 20 chunk uploads that announce 4 MiB and trickle 3 bytes
 * at a time, and 20 downloads of a 4 MiB file read a few bytes at a time. Meanwhile an ordinary
 * client uploads a 10 MiB file through the chunk protocol and downloads it again. The ordinary
 * client must succeed byte for byte, the server must stay up (it exits on an OutOfMemoryError),
 * and the hostile clients may only be refused with 429, 503 or (slow bodies) 408.
 */
class HostileLoadTest {
    static final String S = "/api/v1/teams/default/storage/default";
    static final int MIB = 1024 * 1024;

    @TempDir
    Path tmp;

    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    /** Where one chunk is uploaded: the one place to change when the chunk routes move under a team. */
    static String chunkPath(String hash) {
        return "/api/v1/teams/default/chunks/" + hash;
    }

    HttpResponse<byte[]> send(ServerProcess server, String method, String path, byte[] body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url + path))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void an_ordinary_client_is_served_while_hostile_clients_press_a_256_mib_server() throws Exception {
        try (ServerProcess server = ServerProcess.start(tmp.resolve("data"), "256m", Map.of());
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            String bearer = "Bearer " + TestServer.TOKEN;
            byte[] victim = random(4 * MIB, 1);
            assertThat(send(server, "PUT", S + "/files/victim.bin", victim, "Authorization", bearer)
                            .statusCode())
                    .isEqualTo(201);

            List<Long> heap = Collections.synchronizedList(new ArrayList<>());
            Thread sampler = Thread.ofVirtual().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    heap.add(server.heapUsed());
                    try {
                        // Sampled in real time: the server is another process, under real load.
                        RealTime.pause(Duration.ofMillis(1500));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });

            List<SlowClient> downloads = new ArrayList<>();
            List<SlowClient> uploads = new ArrayList<>();
            List<Future<Integer>> signIns = new ArrayList<>();
            try {
                for (int i = 0; i < 20; i++) {
                    downloads.add(SlowClient.download(
                            server.url, S + "/files/victim.bin", TestServer.TOKEN, 3, Duration.ofMillis(300)));
                    uploads.add(SlowClient.upload(
                            server.url,
                            "PUT",
                            chunkPath(String.format("%064x", i + 1)),
                            TestServer.TOKEN,
                            4 * MIB,
                            3,
                            Duration.ofMillis(300)));
                }
                Random names = new Random();
                for (int i = 0; i < 50; i++) {
                    String body = "{\"name\":\"n" + Long.toHexString(names.nextLong()) + "\",\"password\":\"p"
                            + Long.toHexString(names.nextLong()) + "\"}";
                    signIns.add(pool.submit(() -> send(
                                    server,
                                    "POST",
                                    "/api/v1/login",
                                    body.getBytes(StandardCharsets.UTF_8),
                                    "Content-Type",
                                    "application/json")
                            .statusCode()));
                }

                // The ordinary client, meanwhile: chunk, upload what is asked for, commit, download.
                byte[] mine = random(10 * MIB, 2);
                AtomicInteger retries = new AtomicInteger();
                StringBuilder manifest = new StringBuilder("{\"chunks\":[");
                Chunker chunker = new Chunker(new ByteArrayInputStream(mine));
                for (byte[] chunk = chunker.next(); chunk != null; chunk = chunker.next()) {
                    String id = ChunkId.of(chunk).hex();
                    HttpResponse<byte[]> put = send(
                            server,
                            "PUT",
                            chunkPath(id),
                            chunk,
                            "Authorization",
                            bearer,
                            "Content-Type",
                            "application/octet-stream");
                    // A well-behaved client waits as told when the server is saturated.
                    for (int attempt = 0;
                            (put.statusCode() == 503 || put.statusCode() == 429) && attempt < 30;
                            attempt++) {
                        retries.incrementAndGet();
                        // Real time: the server's admission frees up as real requests finish.
                        RealTime.pause(Duration.ofSeconds(Long.parseLong(
                                put.headers().firstValue("Retry-After").orElse("1"))));
                        put = send(
                                server,
                                "PUT",
                                chunkPath(id),
                                chunk,
                                "Authorization",
                                bearer,
                                "Content-Type",
                                "application/octet-stream");
                    }
                    assertThat(put.statusCode())
                            .as(new String(put.body(), StandardCharsets.UTF_8))
                            .isIn(200, 201);
                    manifest.append(manifest.charAt(manifest.length() - 1) == '[' ? "" : ",")
                            .append("{\"id\":\"")
                            .append(id)
                            .append("\",\"size\":")
                            .append(chunk.length)
                            .append('}');
                }
                manifest.append("]}");
                HttpResponse<byte[]> commit = send(
                        server,
                        "POST",
                        S + "/manifest/mine.bin",
                        manifest.toString().getBytes(StandardCharsets.UTF_8),
                        "Authorization",
                        bearer,
                        "Content-Type",
                        "application/json");
                assertThat(commit.statusCode())
                        .as(new String(commit.body(), StandardCharsets.UTF_8))
                        .isEqualTo(201);
                HttpResponse<byte[]> back = send(server, "GET", S + "/files/mine.bin", null, "Authorization", bearer);
                assertThat(back.statusCode()).isEqualTo(200);
                assertThat(back.body())
                        .as("the ordinary client's file, byte for byte")
                        .isEqualTo(mine);
                boolean slowStillConnected = uploads.stream().anyMatch(c -> !c.answered());
                // What the server keeps with 40 hostile connections open (garbage collected first).
                long live = server.liveHeap();

                Map<Integer, Integer> signInStatuses = new TreeMap<>();
                for (Future<Integer> f : signIns) signInStatuses.merge(f.get(), 1, Integer::sum);
                assertThat(signInStatuses.keySet())
                        .as("a wrong password (401) or a busy server (429), nothing else")
                        .isSubsetOf(401, 429);

                Map<Integer, Integer> uploadStatuses = new TreeMap<>();
                for (SlowClient c : uploads) uploadStatuses.merge(c.status(Duration.ofSeconds(45)), 1, Integer::sum);
                assertThat(uploadStatuses.keySet())
                        .as("slow bodies are cut off (408) or refused (503)")
                        .isSubsetOf(408, 503);

                Map<Integer, Integer> downloadStatuses = new TreeMap<>();
                for (SlowClient c : downloads)
                    downloadStatuses.merge(c.status(Duration.ofSeconds(10)), 1, Integer::sum);
                assertThat(downloadStatuses.keySet()).isSubsetOf(200, 503);
                assertThat(downloads).allMatch(c -> c.moved() < victim.length);

                assertThat(server.process.isAlive())
                        .as("the server is still up")
                        .isTrue();
                assertThat(send(server, "GET", "/healthz", null).statusCode()).isEqualTo(200);
                sampler.interrupt();
                sampler.join();
                long peak = heap.stream().mapToLong(Long::longValue).max().orElse(-1);
                long kept = server.maxHeapAfterGc();
                System.out.printf(
                        "hostile load: sign-ins %s, slow uploads %s, slow downloads %s; the ordinary client retried %d time(s);"
                                + " slow uploads still connected when it finished: %s; heap used (jcmd GC.heap_info) peak %d MiB over %d samples;"
                                + " most heap kept after a collection (GC log) %d MiB; live heap after a full collection with the slow clients"
                                + " connected %d MiB%n",
                        signInStatuses,
                        uploadStatuses,
                        downloadStatuses,
                        retries.get(),
                        slowStillConnected,
                        peak / MIB,
                        heap.size(),
                        kept / MIB,
                        live / MIB);
                assertThat(peak).as("heap in use").isLessThanOrEqualTo(256L * MIB);
            } finally {
                sampler.interrupt();
                for (SlowClient c : uploads) c.close();
                for (SlowClient c : downloads) c.close();
            }
            assertThat(server.log()).doesNotContain("OutOfMemoryError");
        }
    }
}
