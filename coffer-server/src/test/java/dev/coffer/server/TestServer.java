package dev.coffer.server;

import dev.coffer.access.Tokens;
import dev.coffer.blob.BlobStore;
import dev.coffer.server.config.CofferConfig;
import dev.coffer.testkit.Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A real Coffer server on a free port for tests, with a known admin token, and a small HTTP
 * client that sends raw requests (so tests can send exactly the bad input they mean). It runs on
 * the system clock unless given another: a TestClock, which a test moves past an expiry or a
 * grace period instead of waiting.
 */
public final class TestServer implements AutoCloseable {
    public static final String TOKEN = "test-admin-token-0123456789abcdef";
    private final CofferServer server;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private TestServer(CofferServer server) {
        this.server = server;
    }

    /** Embedded defaults (SQLite + a local folder) in {@code data}. */
    public static TestServer start(Path data) throws IOException {
        return start(data, Map.of());
    }

    /** {@code env} adds settings the way the environment would (COFFER_DB, COFFER_STORE, …). */
    public static TestServer start(Path data, Map<String, String> env) throws IOException {
        return start(data, env, Clock.systemUTC());
    }

    /** Like {@link #start(Path, Map)}, with every stored time read from {@code clock}. */
    public static TestServer start(Path data, Map<String, String> env, Clock clock) throws IOException {
        return start(data, env, clock, UnaryOperator.identity());
    }

    /** Embedded defaults in {@code data}, the content store passed through {@code decorate} (fault tests). */
    public static TestServer start(Path data, UnaryOperator<BlobStore> decorate) throws IOException {
        return start(data, Map.of(), Clock.systemUTC(), decorate);
    }

    /** Like {@link #start(Path, Map)}, the content store passed through {@code decorate}. */
    public static TestServer start(Path data, Map<String, String> env, UnaryOperator<BlobStore> decorate)
            throws IOException {
        return start(data, env, Clock.systemUTC(), decorate);
    }

    private static TestServer start(Path data, Map<String, String> env, Clock clock, UnaryOperator<BlobStore> decorate)
            throws IOException {
        Map<String, String> all = new HashMap<>(env);
        all.put("COFFER_ADMIN_TOKEN", TOKEN);
        Map<String, String> flags = new HashMap<>();
        flags.put("data", data.toString());
        flags.put("port", "0");
        return new TestServer(CofferServer.start(CofferConfig.load(null, all, flags), clock, decorate));
    }

    /** A server on a fresh database (and bucket, for S3 backends) of {@code backend}, its other files in {@code data}. */
    public static TestServer start(Path data, Backend backend) throws IOException {
        return start(data, backend.serverEnv());
    }

    /** Like {@link #start(Path, Backend)}, with every stored time read from {@code clock}. */
    public static TestServer start(Path data, Backend backend, Clock clock) throws IOException {
        return start(data, backend.serverEnv(), clock);
    }

    /**
     * Adds a user (no password) with an API token, straight into the database: for tests that
     * need many principals quickly. Returns the token.
     */
    public String addUser(String name) {
        String token = "tok-" + name + "-" + Long.toHexString(System.nanoTime()) + "-0123456789";
        server.database().useWrite(h -> {
            long id = h.createQuery("INSERT INTO users (name, is_admin, created_at) VALUES (:n, 0, 0) RETURNING id")
                    .bind("n", name)
                    .mapTo(Long.class)
                    .one();
            h.createUpdate("INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (:u, 'test', :h, 0)")
                    .bind("u", id)
                    .bind("h", Tokens.hash(token))
                    .execute();
        });
        return token;
    }

    /** Sends a request with {@code token} (null: no Authorization header at all). */
    public HttpResponse<byte[]> as(String token, String method, String pathAndQuery, byte[] body) {
        return send(
                method,
                pathAndQuery,
                body,
                "Authorization",
                token == null ? null : "Bearer " + token,
                "Content-Type",
                "application/json");
    }

    public CofferServer server() {
        return server;
    }

    public String url() {
        return server.url();
    }

    public HttpResponse<byte[]> send(String method, String pathAndQuery, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + pathAndQuery))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        boolean auth = true;
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equals("Authorization") && headers[i + 1] == null) {
                auth = false;
                continue;
            }
            if (headers[i].equals("Authorization")) auth = false;
            b.header(headers[i], headers[i + 1]);
        }
        if (auth) b.header("Authorization", "Bearer " + TOKEN);
        try {
            try {
                return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                // The server may close a kept-alive connection after answering a malformed request;
                // a request that met such a closed connection (no answer at all: it was never read)
                // is sent again, once, on a new one.
                boolean unread = e.getMessage() != null && e.getMessage().contains("received no bytes");
                if (!unread && !method.equals("GET") && !method.equals("HEAD")) throw e;
                return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<byte[]> get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    public HttpResponse<byte[]> put(String path, byte[] body, String... headers) {
        return send("PUT", path, body, headers);
    }

    /**
     * A PUT that asks first ({@code Expect: 100-continue}): for a body the server refuses without
     * reading it, the refusal arrives instead of a broken pipe, however fast the server closes.
     */
    public HttpResponse<byte[]> putAskingFirst(String path, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + path))
                .expectContinue(true)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Authorization", "Bearer " + TOKEN)
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<byte[]> post(String path, String json, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/json";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return send("POST", path, json == null ? null : json.getBytes(StandardCharsets.UTF_8), all);
    }

    /** Every entry and chunk as text: equal snapshots mean nothing changed. */
    public List<String> snapshot() {
        return server.database().withHandle(h -> {
            List<String> rows = new ArrayList<>(h.createQuery(
                            "SELECT volume_id || ':' || COALESCE(parent_id, 0) || ':' || name || ':' || kind || ':' || COALESCE(content_id, 0) || ':' || size FROM entries ORDER BY id")
                    .mapTo(String.class)
                    .list());
            rows.add("chunks="
                    + h.createQuery("SELECT COUNT(*) FROM chunks")
                            .mapTo(Long.class)
                            .one());
            rows.add("contents="
                    + h.createQuery("SELECT COUNT(*) FROM contents")
                            .mapTo(Long.class)
                            .one());
            rows.add("volumes="
                    + h.createQuery("SELECT COUNT(*) FROM volumes")
                            .mapTo(Long.class)
                            .one());
            return rows;
        });
    }

    @Override
    public void close() {
        server.close();
    }
}
