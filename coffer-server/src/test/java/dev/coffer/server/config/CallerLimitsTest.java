package dev.coffer.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.error.CofferException;
import dev.coffer.server.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-token limits: requests and bytes per second, answered 429 with Retry-After, each token on its own. */
class CallerLimitsTest {
    static final String S = "/api/v1/teams/default/storage/default";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    @Test
    void a_token_past_its_request_rate_gets_429_with_retry_after_and_changes_nothing() throws Exception {
        try (TestServer s =
                TestServer.start(data, Map.of("COFFER_LIMITS_REQUESTS_PER_SECOND", "5", "COFFER_LIMITS_BURST", "1s"))) {
            String other = s.addUser("other.user");
            // The burst: five requests at once.
            for (int i = 0; i < 5; i++)
                assertThat(s.get("/api/v1/me").statusCode()).isEqualTo(200);
            HttpResponse<byte[]> refused = s.put(S + "/files/refused.txt", "not stored".getBytes());
            assertThat(refused.statusCode()).isEqualTo(429);
            long retryAfter =
                    Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
            assertThat(retryAfter).isBetween(1L, 2L);
            JsonNode problem = JSON.readTree(refused.body());
            assertThat(problem.path("type").asText()).endsWith("/busy");
            assertThat(problem.path("detail").asText()).contains("5 requests per second (limits.requestsPerSecond)");
            assertThat(problem.path("retryAfter").asLong()).isEqualTo(retryAfter);

            // Another token is not held back by the first one's requests.
            assertThat(s.as(other, "GET", "/api/v1/me", null).statusCode()).isEqualTo(200);

            Thread.sleep(Duration.ofSeconds(retryAfter).toMillis() + 100);
            assertThat(s.get(S + "/files/refused.txt").statusCode())
                    .as("the refused upload stored nothing")
                    .isEqualTo(404);
            String metrics = new String(s.get("/metrics").body());
            assertThat(metrics).containsPattern("(?m)^coffer_limits_refused_total(\\{[^}]*})? 1\\.0$");
        }
    }

    @Test
    void a_transfer_past_the_byte_rate_finishes_and_the_next_request_waits_for_the_debt() throws Exception {
        try (TestServer s = TestServer.start(
                data,
                Map.of(
                        "COFFER_LIMITS_BYTES_PER_SECOND", "1MB",
                        "COFFER_LIMITS_BURST", "1s",
                        "COFFER_LIMITS_REQUESTS_PER_SECOND", "0"))) {
            byte[] big = new byte[4_000_000];
            new Random(3).nextBytes(big);
            HttpResponse<byte[]> put = s.put(S + "/files/big.bin", big);
            assertThat(put.statusCode()).as("a transfer is never cut half-way").isEqualTo(201);

            HttpResponse<byte[]> next = s.get(S + "/files/big.bin");
            assertThat(next.statusCode()).isEqualTo(429);
            long retryAfter =
                    Long.parseLong(next.headers().firstValue("Retry-After").orElseThrow());
            // 4 MB sent against 1 MB of burst: about 3 s of debt (less the time the upload took).
            assertThat(retryAfter).isBetween(1L, 4L);
            assertThat(new String(next.body())).contains("1000000 bytes per second (limits.bytesPerSecond)");

            String other = s.addUser("reader");
            assertThat(s.as(other, "GET", "/api/v1/me", null).statusCode()).isEqualTo(200);

            Thread.sleep(Duration.ofSeconds(retryAfter).toMillis() + 200);
            HttpResponse<byte[]> later = s.get(S + "/files/big.bin");
            assertThat(later.statusCode()).isEqualTo(200);
            assertThat(later.body()).isEqualTo(big);
            // The download put the token in debt again.
            assertThat(s.get("/api/v1/me").statusCode()).isEqualTo(429);
        }
    }

    @Test
    void limits_are_on_for_requests_by_default_and_bad_values_are_refused_by_name() {
        CallerLimits d = load(Map.of()).limits();
        assertThat(d.requestsPerSecond()).isEqualTo(1000);
        assertThat(d.bytesPerSecond()).isZero();
        assertThat(d.burst()).isEqualTo(Duration.ofSeconds(10));
        assertThat(load(Map.of("COFFER_LIMITS_BYTES_PER_SECOND", "50MB"))
                        .limits()
                        .bytesPerSecond())
                .isEqualTo(50_000_000);
        assertThatThrownBy(() -> load(Map.of("COFFER_LIMITS_REQUESTS_PER_SECOND", "-1")))
                .isInstanceOf(CofferException.Invalid.class)
                .hasMessageContaining("limits.requestsPerSecond is 0 (no limit) or a positive number");
        assertThatThrownBy(() -> load(Map.of("COFFER_LIMITS_BYTES_PER_SECOND", "fast")))
                .isInstanceOf(CofferException.Invalid.class)
                .hasMessageContaining("limits.bytesPerSecond must be a size");
        assertThatThrownBy(() -> load(Map.of("COFFER_LIMITS_BURST", "0s")))
                .isInstanceOf(CofferException.Invalid.class)
                .hasMessageContaining("limits.burst must be longer than zero");
    }

    private CofferConfig load(Map<String, String> env) {
        return CofferConfig.load(null, env, Map.of("data", data.toString()));
    }
}
