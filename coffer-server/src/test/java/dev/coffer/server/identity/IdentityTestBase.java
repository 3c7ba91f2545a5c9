package dev.coffer.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.server.TestServer;
import dev.coffer.testkit.Backend;
import dev.coffer.testkit.TestClock;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

/**
 * One real server per run of a suite, on that run's backend (SQLite or PostgreSQL), with short
 * lock and delay settings so lockout tests run in seconds. Tests use distinct user names, so
 * they share the server without seeing each other's counters. The server's clock stands still
 * until a test moves it past a lock, an expiry or an idle limit; every test signs in afresh, so
 * sessions and locks of earlier tests ending on the way harm none.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class IdentityTestBase {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String LOCK_FOR_SECONDS = "2";
    static final Map<String, String> ENV =
            Map.of("COFFER_LOGIN_LOCK_FOR", LOCK_FOR_SECONDS + "s", "COFFER_LOGIN_DELAY", "10ms");

    /** Shared by the suite's runs, each backend's server in a folder of its own below it. */
    @TempDir
    static Path data;

    @Parameter
    Backend backend;

    final TestClock clock = new TestClock();
    TestServer server;

    @BeforeParameterizedClassInvocation
    void startServer() throws IOException {
        Map<String, String> env = new HashMap<>(backend.serverEnv());
        env.putAll(ENV);
        server = TestServer.start(data.resolve(backend.name()), env, clock);
    }

    @AfterParameterizedClassInvocation
    void stopServer() {
        server.close();
    }

    static JsonNode json(HttpResponse<byte[]> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(r.body()), e);
        }
    }

    static String detail(HttpResponse<byte[]> r) {
        return json(r).path("detail").asText();
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates a user as the admin (201 expected). */
    void createUser(String name, String password, boolean admin) {
        HttpResponse<byte[]> r = server.post(
                "/api/v1/users",
                "{\"name\":" + quote(name) + ",\"password\":" + quote(password) + ",\"admin\":" + admin + "}");
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(201);
    }

    HttpResponse<byte[]> login(String name, String password) {
        return server.post(
                "/api/v1/login",
                "{\"name\":" + quote(name) + ",\"password\":" + quote(password) + "}",
                "Authorization",
                null);
    }

    /** Signs in (200 expected) and returns the {@code Cookie} header value to send back. */
    String sessionCookie(String name, String password) {
        HttpResponse<byte[]> r = login(name, password);
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        csrfTokens.put(cookie, json(r).path("csrfToken").asText());
        return cookie;
    }

    private final java.util.Map<String, String> csrfTokens = new java.util.HashMap<>();

    /** The CSRF token the sign-in of {@code cookie} answered with. */
    String csrf(String cookie) {
        return java.util.Objects.requireNonNull(csrfTokens.get(cookie), "no sign-in answered this cookie");
    }

    /** Creates a personal token as {@code cookie}'s user and returns the plain token. */
    String tokenOf(String cookie, String tokenName) {
        HttpResponse<byte[]> r = server.post(
                "/api/v1/tokens",
                "{\"name\":" + quote(tokenName) + "}",
                "Authorization",
                null,
                "Cookie",
                cookie,
                "X-Coffer-CSRF",
                csrf(cookie));
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(201);
        return json(r).path("token").asText();
    }

    HttpResponse<byte[]> asToken(String method, String path, String body, String token) {
        return server.send(
                method,
                path,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                "Authorization",
                "Bearer " + token,
                "Content-Type",
                "application/json");
    }

    HttpResponse<byte[]> asCookie(String method, String path, String body, String cookie, String... headers) {
        String[] all = new String[headers.length + 6];
        all[0] = "Authorization";
        all[1] = null;
        all[2] = "Cookie";
        all[3] = cookie;
        all[4] = "Content-Type";
        all[5] = "application/json";
        System.arraycopy(headers, 0, all, 6, headers.length);
        return server.send(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), all);
    }

    /** The rows that identity requests may change, as text: equal snapshots mean nothing changed. */
    List<String> identitySnapshot() {
        return server.server().database().withHandle(h -> {
            List<String> rows = new ArrayList<>();
            rows.addAll(h.createQuery(
                            "SELECT 'user:' || name || ':' || is_admin || ':' || COALESCE(password_hash, '-') FROM users ORDER BY id")
                    .mapTo(String.class)
                    .list());
            rows.addAll(h.createQuery(
                            "SELECT 'team:' || name || ':' || COALESCE(personal_user_id, 0) FROM teams ORDER BY id")
                    .mapTo(String.class)
                    .list());
            rows.addAll(h.createQuery(
                            "SELECT 'member:' || team_id || ':' || user_id || ':' || role FROM team_members ORDER BY team_id, user_id")
                    .mapTo(String.class)
                    .list());
            rows.addAll(h.createQuery(
                            "SELECT 'token:' || id || ':' || name || ':' || COALESCE(revoked_at, 0) FROM api_tokens ORDER BY id")
                    .mapTo(String.class)
                    .list());
            rows.add("sessions="
                    + h.createQuery("SELECT COUNT(*) FROM sessions")
                            .mapTo(Long.class)
                            .one());
            return rows;
        });
    }
}
