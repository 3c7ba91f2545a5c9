package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.testkit.Await;
import dev.coffer.testkit.Backend;
import dev.coffer.testkit.RealTime;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code kill -9} of the server 20 times while 8 writers upload, overwrite, rename and delete
 * files and commit dataset versions, on the embedded defaults and on PostgreSQL + S3. After each
 * restart: every acknowledged operation is visible with its exact bytes, the operation each
 * writer had in flight is either wholly applied or not at all, nothing else changed, fsck is
 * clean and every team's kept usage equals a recount.
 *
 * <p>Each writer works alone in its own folder and dataset, one operation at a time, so the test
 * knows exactly what the server must hold: the model. An operation whose answer never came (the
 * kill) is "in flight"; after the restart the test looks at what it touched, accepts the state
 * before or the state after (never a mix), and takes what it finds into the model.
 *
 * <p>On PostgreSQL + S3 two servers share the database and the bucket, as behind a load balancer:
 * each request goes to the next server in turn, so a file written through one is listed, read
 * and moved through the other, and a kill takes one instance while the other keeps writing.
 */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES_S3"})
class CrashCyclesTest {
    static final int CYCLES = 20;
    static final int WRITERS = 8;
    static final String S = "/api/v1/teams/default/storage/default";
    static final String D = "/api/v1/teams/default/datasets";
    static final ObjectMapper JSON = new ObjectMapper();

    @Parameter
    Backend backend;

    @TempDir
    Path tmp;

    /** A file as the model knows it: its bytes' SHA-256 and the digest the server gave it. */
    record Stored(String sha256, String digest) {}

    /** What one operation touches: each path's state before and after (null: absent). */
    record Change(String what, Map<String, Stored> before, Map<String, Stored> after) {}

    /** One writer's part of the model. */
    static final class Writer {
        final int id;
        final SplittableRandom random;
        final Map<String, Stored> files = new TreeMap<>();
        /** Committed dataset versions: number → SHA-256 of its one file. */
        final Map<Long, String> versions = new TreeMap<>();

        Change inFlight;
        /** A dataset commit in flight: its draft number and its file's SHA-256. */
        long draftInFlight = -1;

        String draftSha;
        int next;
        long acknowledged;
        volatile int acknowledgedThisCycle;
        final List<String> touchedThisCycle = new ArrayList<>();

        Writer(int id) {
            this.id = id;
            this.random = new SplittableRandom(1000 + id);
        }

        String folder() {
            return "w" + id;
        }

        String dataset() {
            return "crash-" + id;
        }
    }

    @Test
    void every_acknowledged_operation_survives_twenty_kills_and_nothing_is_half_applied() throws Exception {
        Map<String, String> env = backend.serverEnv();
        // On the shared database and bucket, two servers: requests alternate between them, and
        // the kills take one or the other (both at every fifth), so an instance dies while the
        // other goes on writing to the same rows and blobs.
        int instances = backend.s3() ? 2 : 1;
        List<Processes.Server> servers = new ArrayList<>();
        for (int i = 0; i < instances; i++) servers.add(Processes.Server.start(dataOf(i), "256m", env));
        List<Writer> writers = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) writers.add(new Writer(i));
        SplittableRandom timing = new SplittableRandom(7);
        long inFlightAtKills = 0;
        try {
            Api setup = new Api(urls(servers));
            for (Writer w : writers) {
                setup.send("POST", D, json(Map.of("name", w.dataset(), "description", "crash test")));
                setup.send("POST", S + "/mkdir/" + w.folder(), "{}".getBytes());
            }
            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                Api api = new Api(urls(servers));
                List<Integer> victims =
                        instances == 1 || cycle % 5 == 0 ? rangeOf(instances) : List.of(cycle % instances);
                AtomicBoolean stop = new AtomicBoolean();
                try (ExecutorService pool = Executors.newFixedThreadPool(WRITERS)) {
                    List<Future<?>> running = new ArrayList<>();
                    for (Writer w : writers) running.add(pool.submit(() -> work(api, w, stop)));
                    // Under load: every writer has had an operation acknowledged, then a random moment more.
                    Await.until(
                            Duration.ofMinutes(2),
                            "every writer has an operation acknowledged",
                            () -> writers.stream().allMatch(w -> w.acknowledgedThisCycle > 0));
                    RealTime.pause(Duration.ofMillis(timing.nextInt(800)));
                    for (int v : victims) servers.get(v).kill();
                    stop.set(true);
                    for (Future<?> f : running) f.get();
                }
                for (Writer w : writers) if (w.inFlight != null || w.draftInFlight >= 0) inFlightAtKills++;

                for (int v : victims) servers.set(v, Processes.Server.start(dataOf(v), "256m", env));
                Api check = new Api(urls(servers));
                for (Writer w : writers) verify(check, w);
                JsonNode fsck = check.json("POST", "/api/v1/admin/fsck", "{}".getBytes());
                assertThat(fsck.path("problems")).as("fsck after kill " + cycle).isEmpty();
                JsonNode usage = check.json("GET", "/api/v1/admin/usage?recount=true", null);
                for (JsonNode team : usage.path("teams"))
                    assertThat(team.path("agrees").asBoolean())
                            .as("usage of " + team.path("team").asText() + " after kill " + cycle + ": " + team)
                            .isTrue();
            }
        } finally {
            for (Processes.Server server : servers) server.close();
        }
        long acknowledged = writers.stream().mapToLong(w -> w.acknowledged).sum();
        System.out.printf(
                "crash cycles [%s, %d server%s]: %d kills, %d operations acknowledged, 0 lost, %d in flight at a"
                        + " kill (each found wholly applied or not at all)%n",
                backend, instances, instances == 1 ? "" : "s", CYCLES, acknowledged, inFlightAtKills);
        assertThat(acknowledged).as("operations acknowledged").isGreaterThan(CYCLES * WRITERS);
    }

    private Path dataOf(int instance) {
        return tmp.resolve("data-" + instance);
    }

    private static List<String> urls(List<Processes.Server> servers) {
        return servers.stream().map(s -> s.url).toList();
    }

    private static List<Integer> rangeOf(int n) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < n; i++) all.add(i);
        return all;
    }

    /** One writer's operations until the server goes away; the one it was doing then stays in flight. */
    private Void work(Api api, Writer w, AtomicBoolean stop) {
        while (!stop.get()) {
            int kind = w.random.nextInt(10);
            try {
                if (kind < 4 || w.files.isEmpty()) upload(api, w, "f" + w.next++ + ".bin");
                else if (kind < 5) upload(api, w, any(w));
                else if (kind < 7) rename(api, w);
                else if (kind < 8) delete(api, w);
                else commitVersion(api, w);
            } catch (IOException e) {
                return null; // the kill: what was in flight is decided after the restart
            }
        }
        return null;
    }

    private static String any(Writer w) {
        List<String> names = new ArrayList<>(w.files.keySet());
        return names.get(w.random.nextInt(names.size()));
    }

    private void upload(Api api, Writer w, String name) throws IOException {
        byte[] bytes = new byte[1024 + w.random.nextInt(256 * 1024)];
        w.random.nextBytes(bytes);
        String sha = sha256(bytes);
        Map<String, Stored> before = new HashMap<>();
        before.put(name, w.files.get(name));
        Map<String, Stored> after = new HashMap<>();
        after.put(name, new Stored(sha, null));
        w.inFlight = new Change("upload " + name, before, after);
        JsonNode answer = api.json("PUT", S + "/files/" + w.folder() + "/" + name, bytes);
        w.files.put(name, new Stored(sha, answer.path("digest").asText()));
        acknowledged(w, name);
    }

    private void rename(Api api, Writer w) throws IOException {
        String from = any(w);
        String to = "r" + w.next++ + ".bin";
        Stored moving = w.files.get(from);
        Map<String, Stored> before = new HashMap<>();
        before.put(from, moving);
        before.put(to, null);
        Map<String, Stored> after = new HashMap<>();
        after.put(from, null);
        after.put(to, moving);
        w.inFlight = new Change("rename " + from + " to " + to, before, after);
        api.json("POST", S + "/move", json(Map.of("from", w.folder() + "/" + from, "to", w.folder() + "/" + to)));
        w.files.remove(from);
        w.files.put(to, moving);
        acknowledged(w, to);
    }

    private void delete(Api api, Writer w) throws IOException {
        String name = any(w);
        Map<String, Stored> before = new HashMap<>();
        before.put(name, w.files.get(name));
        Map<String, Stored> after = new HashMap<>();
        after.put(name, null);
        w.inFlight = new Change("delete " + name, before, after);
        api.send("DELETE", S + "/files/" + w.folder() + "/" + name, null);
        w.files.remove(name);
        acknowledged(w, null);
    }

    private void commitVersion(Api api, Writer w) throws IOException {
        long draft = api.json("POST", D + "/" + w.dataset() + "/versions", "{}".getBytes())
                .path("number")
                .asLong();
        byte[] bytes = new byte[1024 + w.random.nextInt(64 * 1024)];
        w.random.nextBytes(bytes);
        api.json("PUT", D + "/" + w.dataset() + ":" + draft + "/files/v.bin", bytes);
        w.draftInFlight = draft;
        w.draftSha = sha256(bytes);
        api.json("POST", D + "/" + w.dataset() + "/versions/" + draft + "/commit", "{}".getBytes());
        w.versions.put(draft, w.draftSha);
        w.draftInFlight = -1;
        w.acknowledged++;
        w.acknowledgedThisCycle++;
        w.touchedThisCycle.add("version " + draft);
    }

    private static void acknowledged(Writer w, String touched) {
        w.inFlight = null;
        w.acknowledged++;
        w.acknowledgedThisCycle++;
        if (touched != null) w.touchedThisCycle.add(touched);
    }

    /** Compares what the server holds for {@code w} with the model, deciding the operation in flight. */
    private void verify(Api api, Writer w) throws IOException {
        Map<String, String> listed = list(api, w);
        if (w.inFlight != null) {
            Map<String, Stored> found = new HashMap<>();
            for (String path : w.inFlight.before().keySet()) {
                found.put(
                        path,
                        listed.containsKey(path)
                                ? new Stored(
                                        sha256(api.bytes(S + "/files/" + w.folder() + "/" + path)), listed.get(path))
                                : null);
            }
            boolean asBefore = sameBytes(found, w.inFlight.before());
            boolean asAfter = sameBytes(found, w.inFlight.after());
            assertThat(asBefore || asAfter)
                    .as(w.folder() + ": '" + w.inFlight.what() + "', in flight at the kill, is half applied: " + found)
                    .isTrue();
            for (var e : found.entrySet()) {
                if (e.getValue() == null) w.files.remove(e.getKey());
                else w.files.put(e.getKey(), e.getValue());
            }
            w.inFlight = null;
        }
        Map<String, String> expected = new TreeMap<>();
        w.files.forEach((name, stored) -> expected.put(name, stored.digest()));
        assertThat(listed)
                .as(w.folder() + ": the files and digests the server lists are the acknowledged ones")
                .isEqualTo(expected);
        for (String name : w.touchedThisCycle) {
            if (name.startsWith("version ")) continue;
            if (!w.files.containsKey(name)) continue;
            assertThat(sha256(api.bytes(S + "/files/" + w.folder() + "/" + name)))
                    .as(w.folder() + "/" + name + " reads back with the bytes acknowledged")
                    .isEqualTo(w.files.get(name).sha256());
        }

        Map<Long, String> committed = new TreeMap<>();
        for (JsonNode v :
                api.json("GET", D + "/" + w.dataset() + "/versions", null).path("versions")) {
            if (v.path("state").asText().equals("committed"))
                committed.put(v.path("number").asLong(), null);
        }
        if (w.draftInFlight >= 0 && committed.containsKey(w.draftInFlight) && !w.versions.containsKey(w.draftInFlight))
            w.versions.put(w.draftInFlight, w.draftSha); // its commit went through; its answer did not
        w.draftInFlight = -1;
        assertThat(committed.keySet())
                .as(w.dataset() + ": the committed versions are the acknowledged ones")
                .isEqualTo(w.versions.keySet());
        for (String touched : w.touchedThisCycle) {
            if (!touched.startsWith("version ")) continue;
            long n = Long.parseLong(touched.substring("version ".length()));
            assertThat(sha256(api.bytes(D + "/" + w.dataset() + ":" + n + "/files/v.bin")))
                    .as(w.dataset() + ":" + n)
                    .isEqualTo(w.versions.get(n));
        }
        w.touchedThisCycle.clear();
        w.acknowledgedThisCycle = 0;
    }

    private static boolean sameBytes(Map<String, Stored> found, Map<String, Stored> expected) {
        for (var e : expected.entrySet()) {
            Stored f = found.get(e.getKey());
            Stored x = e.getValue();
            if ((f == null) != (x == null)) return false;
            if (f != null && !Objects.equals(f.sha256(), x.sha256())) return false;
        }
        return true;
    }

    /** Name → digest of every file in the writer's folder, all pages. */
    private static Map<String, String> list(Api api, Writer w) throws IOException {
        Map<String, String> out = new TreeMap<>();
        String after = null;
        do {
            String q = after == null ? "" : "?after=" + URLEncoder.encode(after, StandardCharsets.UTF_8);
            JsonNode page = api.json("GET", S + "/list/" + w.folder() + q, null);
            for (JsonNode e : page.path("entries"))
                out.put(e.path("name").asText(), e.path("digest").asText());
            after = page.path("next").isTextual() ? page.path("next").asText() : null;
        } while (after != null);
        return out;
    }

    private static byte[] json(Map<String, ?> body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Requests with the operator's token. An answer that is not a success fails the test (the
     * server must not refuse what the model says is right); no answer at all is an IOException.
     */
    static final class Api {
        private final List<String> urls;
        private final AtomicInteger turn = new AtomicInteger();
        private final HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();

        /** Requests go to each of {@code urls} in turn. */
        Api(List<String> urls) {
            this.urls = urls;
        }

        HttpResponse<byte[]> send(String method, String path, byte[] body) throws IOException {
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create(urls.get(Math.floorMod(turn.getAndIncrement(), urls.size())) + path))
                    .header("Authorization", "Bearer " + Processes.TOKEN)
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(120))
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            HttpResponse<byte[]> r;
            try {
                r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            assertThat(r.statusCode())
                    .as(method + " " + path + ": " + new String(r.body(), StandardCharsets.UTF_8))
                    .isBetween(200, 299);
            return r;
        }

        JsonNode json(String method, String path, byte[] body) throws IOException {
            byte[] answer = send(method, path, body).body();
            return answer.length == 0 ? JSON.createObjectNode() : JSON.readTree(answer);
        }

        byte[] bytes(String path) throws IOException {
            return send("GET", path, null).body();
        }
    }
}
