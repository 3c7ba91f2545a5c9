package dev.coffer.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.user.HashGate;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Signing in with a password: session cookies, CSRF, slowing and locking after failures. */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class LoginApiContract extends IdentityTestBase {
    static final String PASSWORD = "correct horse battery";

    @Test
    void the_right_password_opens_a_strict_http_only_session_and_a_wrong_one_does_not() {
        createUser("signer", PASSWORD, false);
        HttpResponse<byte[]> ok = login("signer", PASSWORD);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json(ok).path("name").asText()).isEqualTo("signer");
        assertThat(json(ok).path("admin").asBoolean()).isFalse();
        String cookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie)
                .matches("coffer_session=[A-Za-z0-9_-]{43}; .*")
                .contains("; HttpOnly")
                .contains("; SameSite=Strict")
                .contains("; Path=/")
                .contains("; Max-Age=604800");
        String secret = cookie.substring("coffer_session=".length(), cookie.indexOf(';'));
        String stored = server.server()
                .database()
                .withHandle(h -> h.createQuery(
                                "SELECT s.token_hash FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.name = 'signer'")
                        .mapTo(String.class)
                        .one());
        assertThat(stored).hasSize(64).isNotEqualTo(secret);

        HttpResponse<byte[]> wrong = login("signer", "not the password");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(detail(wrong)).isEqualTo("wrong user name or password");
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
    }

    private static JsonNode withoutRequestId(JsonNode n) {
        ObjectNode copy = n.deepCopy();
        assertThat(copy.remove("requestId")).as("the answer names its request").isNotNull();
        return copy;
    }

    @Test
    void an_unknown_name_is_answered_like_a_wrong_password() {
        createUser("known.name", PASSWORD, false);
        HttpResponse<byte[]> wrongPassword = login("known.name", "not the password");
        HttpResponse<byte[]> unknownName = login("nobody.here", "not the password");
        assertThat(unknownName.statusCode())
                .isEqualTo(wrongPassword.statusCode())
                .isEqualTo(401);
        // The same answer, but for the request's own id.
        assertThat(withoutRequestId(json(unknownName))).isEqualTo(withoutRequestId(json(wrongPassword)));
        assertThat(unknownName.headers().map().keySet())
                .isEqualTo(wrongPassword.headers().map().keySet());
        // Unknown names are counted and locked the same way.
        for (int i = 2; i <= 4; i++)
            assertThat(login("nobody.here", "guess " + i).statusCode()).isEqualTo(401);
        HttpResponse<byte[]> locked = login("nobody.here", "guess 5");
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void five_failures_lock_the_name_even_for_the_right_password_until_the_lock_passes() {
        createUser("locked.out", PASSWORD, false);
        for (int i = 1; i <= 4; i++) {
            HttpResponse<byte[]> r = login("locked.out", "wrong guess " + i);
            assertThat(r.statusCode()).as("failure " + i).isEqualTo(401);
        }
        HttpResponse<byte[]> fifth = login("locked.out", "wrong guess 5");
        assertThat(fifth.statusCode()).isEqualTo(429);
        assertThat(fifth.headers().firstValue("Retry-After").orElseThrow()).isEqualTo(LOCK_FOR_SECONDS);
        assertThat(fifth.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");

        HttpResponse<byte[]> right = login("locked.out", PASSWORD);
        assertThat(right.statusCode()).as("locked even with the right password").isEqualTo(429);
        assertThat(detail(right)).contains("too many failed sign-ins");
        assertThat(right.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(Long.parseLong(right.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(1L, 2L);
        // Another name is not affected.
        createUser("bystander", PASSWORD, false);
        assertThat(login("bystander", PASSWORD).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofSeconds(Long.parseLong(LOCK_FOR_SECONDS)).minusMillis(1));
        assertThat(login("locked.out", PASSWORD).statusCode())
                .as("a moment before the lock ends")
                .isEqualTo(429);
        clock.advance(Duration.ofMillis(1));
        assertThat(login("locked.out", PASSWORD).statusCode())
                .as("after the lock")
                .isEqualTo(200);
    }

    @Test
    void a_success_resets_the_failure_count() {
        createUser("resetter", PASSWORD, false);
        for (int i = 1; i <= 4; i++)
            assertThat(login("resetter", "wrong " + i).statusCode()).isEqualTo(401);
        assertThat(login("resetter", PASSWORD).statusCode()).isEqualTo(200);
        for (int i = 1; i <= 4; i++)
            assertThat(login("resetter", "wrong again " + i).statusCode())
                    .as("failure " + i + " after a success")
                    .isEqualTo(401);
        assertThat(login("resetter", PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void failures_are_slowed_more_and_more() {
        createUser("slowed", PASSWORD, false);
        long first = timed(() -> login("slowed", "wrong 1"));
        long second = timed(() -> login("slowed", "wrong 2"));
        long third = timed(() -> login("slowed", "wrong 3"));
        // 10 ms, then 20, then 40 (the test setting; by default 250 ms doubling up to 1 s). Only
        // lower bounds are asserted: a slow machine makes answers later, never earlier.
        assertThat(first).isGreaterThanOrEqualTo(10);
        assertThat(second).isGreaterThanOrEqualTo(20);
        assertThat(third).isGreaterThanOrEqualTo(40);
        assertThat(login("slowed", PASSWORD).statusCode()).isEqualTo(200);
    }

    static long timed(Runnable r) {
        long start = System.nanoTime();
        r.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void the_session_cookie_works_for_reads_and_for_changes_that_carry_the_csrf_header_only() {
        createUser("browser", PASSWORD, false);
        String cookie = sessionCookie("browser", PASSWORD);
        assertThat(json(asCookie("GET", "/api/v1/me", null, cookie))
                        .path("name")
                        .asText())
                .isEqualTo("browser");

        List<String> before = identitySnapshot();
        HttpResponse<byte[]> forged = asCookie("POST", "/api/v1/tokens", "{\"name\":\"forged\"}", cookie);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(detail(forged)).contains("X-Coffer-CSRF").contains("csrfToken");
        HttpResponse<byte[]> oldStyle =
                asCookie("POST", "/api/v1/tokens", "{\"name\":\"forged\"}", cookie, "X-Coffer-CSRF", "1");
        assertThat(oldStyle.statusCode())
                .as("a constant is not the session's token")
                .isEqualTo(403);
        HttpResponse<byte[]> otherSite =
                asCookie("POST", "/api/v1/tokens", "{\"name\":\"forged\"}", cookie, "Origin", "https://evil.example");
        assertThat(otherSite.statusCode()).isEqualTo(403);
        assertThat(identitySnapshot()).as("nothing was created").isEqualTo(before);

        assertThat(asCookie(
                                "POST",
                                "/api/v1/tokens",
                                "{\"name\":\"with-header\"}",
                                cookie,
                                "X-Coffer-CSRF",
                                csrf(cookie))
                        .statusCode())
                .isEqualTo(201);
        assertThat(asCookie("POST", "/api/v1/tokens", "{\"name\":\"same-origin\"}", cookie, "Origin", server.url())
                        .statusCode())
                .as("even this server's own origin needs the token: a plain form post is refused")
                .isEqualTo(403);
        assertThat(json(asCookie("GET", "/api/v1/tokens", null, cookie))
                        .path("tokens")
                        .findValuesAsText("name"))
                .containsExactly("with-header");
    }

    @Test
    void logout_ends_the_session_and_an_expired_session_is_refused() {
        createUser("leaving", PASSWORD, false);
        String cookie = sessionCookie("leaving", PASSWORD);
        assertThat(asCookie("POST", "/api/v1/logout", null, cookie).statusCode())
                .as("logout needs the CSRF header too")
                .isEqualTo(403);
        HttpResponse<byte[]> out = asCookie("POST", "/api/v1/logout", null, cookie, "X-Coffer-CSRF", csrf(cookie));
        assertThat(out.statusCode()).isEqualTo(204);
        assertThat(out.headers().firstValue("Set-Cookie").orElseThrow())
                .startsWith("coffer_session=;")
                .contains("Max-Age=0");
        HttpResponse<byte[]> after = asCookie("GET", "/api/v1/me", null, cookie);
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(detail(after)).contains("sign in again");

        // Used every 11 hours a session never idles out (12 hours), but it ends at its maximum age (7 days).
        String second = sessionCookie("leaving", PASSWORD);
        Duration age = Duration.ZERO;
        for (Duration step = Duration.ofHours(11);
                age.plus(step).compareTo(Duration.ofDays(7)) < 0;
                age = age.plus(step)) {
            clock.advance(step);
            assertThat(asCookie("GET", "/api/v1/me", null, second).statusCode())
                    .as("in use at " + age.plus(step))
                    .isEqualTo(200);
        }
        clock.advance(Duration.ofDays(7).minus(age));
        assertThat(asCookie("GET", "/api/v1/me", null, second).statusCode())
                .as("at its maximum age")
                .isEqualTo(401);

        String third = sessionCookie("leaving", PASSWORD);
        clock.advance(Duration.ofHours(12).minusMillis(1));
        assertThat(asCookie("GET", "/api/v1/me", null, third).statusCode())
                .as("just before the idle limit")
                .isEqualTo(200);
        clock.advance(Duration.ofHours(12));
        assertThat(asCookie("GET", "/api/v1/me", null, third).statusCode())
                .as("idle too long")
                .isEqualTo(401);
    }

    @Test
    void bad_login_input_is_refused_with_a_problem() {
        List<String> before = identitySnapshot();
        for (String body : List.of(
                "{\"password\":\"whatever123\"}",
                "{\"name\":\"admin\"}",
                "{\"name\":\"\",\"password\":\"x\"}",
                "{\"name\":\"admin\",\"password\":7}",
                "{\"name\":\"admin\",\"password\":\"x\",\"extra\":1}",
                "nope",
                "")) {
            HttpResponse<byte[]> r = server.post("/api/v1/login", body, "Authorization", null);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        }
        HttpResponse<byte[]> form = server.send(
                "POST",
                "/api/v1/login",
                "{\"name\":\"admin\",\"password\":\"x\"}".getBytes(StandardCharsets.UTF_8),
                "Authorization",
                null,
                "Content-Type",
                "text/plain");
        assertThat(form.statusCode()).isEqualTo(400);
        assertThat(detail(form)).contains("application/json");
        assertThat(identitySnapshot()).isEqualTo(before);
        long counted = server.server()
                .database()
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM login_failures WHERE name = 'admin'")
                        .mapTo(Long.class)
                        .one());
        assertThat(counted).as("refused input is not an attempt").isZero();
    }

    @Test
    void password_work_past_the_hashing_bound_is_refused_with_429_and_changes_nothing() throws Exception {
        createUser("crowded", PASSWORD, false);
        List<String> before = identitySnapshot();
        CountDownLatch held = new CountDownLatch(HashGate.SHARED.size());
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService holders = Executors.newVirtualThreadPerTaskExecutor()) {
            // Every hashing slot is taken, as by as many slow sign-ins running at once.
            for (int i = 0; i < HashGate.SHARED.size(); i++) {
                holders.submit(() -> HashGate.SHARED.run(() -> {
                    held.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                }));
            }
            held.await();
            try {
                HttpResponse<byte[]> r = login("crowded", PASSWORD);
                assertThat(r.statusCode())
                        .as(new String(r.body(), StandardCharsets.UTF_8))
                        .isEqualTo(429);
                assertThat(r.headers().firstValue("Retry-After").orElseThrow()).matches("[1-9][0-9]*");
                assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
                assertThat(json(r).path("type").asText()).endsWith("/busy");
                assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();

                HttpResponse<byte[]> create =
                        server.post("/api/v1/users", "{\"name\":\"newcomer\",\"password\":" + quote(PASSWORD) + "}");
                assertThat(create.statusCode()).isEqualTo(429);
                assertThat(create.headers().firstValue("Retry-After")).isPresent();
            } finally {
                release.countDown();
            }
        }
        assertThat(identitySnapshot()).as("no session, no user").isEqualTo(before);
        long counted = server.server()
                .database()
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM login_failures WHERE name = 'crowded'")
                        .mapTo(Long.class)
                        .one());
        assertThat(counted)
                .as("a refused attempt is not counted against the name")
                .isZero();
        assertThat(login("crowded", PASSWORD).statusCode())
                .as("once the slots are free")
                .isEqualTo(200);
    }
}
