package dev.coffer.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.error.CofferException;
import dev.coffer.server.TestServer;
import dev.coffer.server.config.CofferConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** COFFER_ADMIN_PASSWORD on first start, and the sign-in settings as the server reads them. */
class FirstStartPasswordTest {
    @TempDir
    Path data;

    @Test
    void the_first_admin_signs_in_with_the_password_given_at_first_start() throws Exception {
        try (TestServer s = TestServer.start(data, Map.of("COFFER_ADMIN_PASSWORD", "first start secret"))) {
            HttpResponse<byte[]> r = s.post(
                    "/api/v1/login", "{\"name\":\"admin\",\"password\":\"first start secret\"}", "Authorization", null);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(new String(r.body())).contains("\"admin\":true");
        }
    }

    @Test
    void a_first_start_password_that_is_too_short_stops_the_start_with_a_clear_message() {
        assertThatThrownBy(() -> TestServer.start(data, Map.of("COFFER_ADMIN_PASSWORD", "short")))
                .isInstanceOf(CofferException.Invalid.class)
                .hasMessageContaining("COFFER_ADMIN_PASSWORD")
                .hasMessageContaining("at least 10 characters");
    }

    @Test
    void sign_in_settings_are_read_with_their_defaults_and_bad_values_are_refused() {
        CofferConfig defaults = CofferConfig.load(null, Map.of("COFFER_DATA", data.toString()), Map.of());
        assertThat(defaults.login().maxFailures()).isEqualTo(5);
        assertThat(defaults.login().lockFor()).isEqualTo(Duration.ofMinutes(15));
        assertThat(defaults.login().window()).isEqualTo(Duration.ofMinutes(15));
        assertThat(defaults.login().sessionIdle()).isEqualTo(Duration.ofHours(12));
        assertThat(defaults.login().sessionMaxAge()).isEqualTo(Duration.ofDays(7));
        assertThat(defaults.adminPassword()).isNull();

        CofferConfig set = CofferConfig.load(
                null,
                Map.of(
                        "COFFER_DATA",
                        data.toString(),
                        "COFFER_LOGIN_MAX_FAILURES",
                        "3",
                        "COFFER_LOGIN_LOCK_FOR",
                        "2s",
                        "COFFER_LOGIN_DELAY",
                        "50ms",
                        "COFFER_SESSION_IDLE",
                        "30m"),
                Map.of());
        assertThat(set.login().maxFailures()).isEqualTo(3);
        assertThat(set.login().lockFor()).isEqualTo(Duration.ofSeconds(2));
        assertThat(set.login().delay()).isEqualTo(Duration.ofMillis(50));
        assertThat(set.login().sessionIdle()).isEqualTo(Duration.ofMinutes(30));

        assertThatThrownBy(() -> CofferConfig.load(
                        null, Map.of("COFFER_DATA", data.toString(), "COFFER_LOGIN_LOCK_FOR", "soon"), Map.of()))
                .hasMessageContaining("login.lockFor")
                .hasMessageContaining("duration");
        assertThatThrownBy(() -> CofferConfig.load(
                        null, Map.of("COFFER_DATA", data.toString(), "COFFER_LOGIN_MAX_FAILURES", "0"), Map.of()))
                .hasMessageContaining("login.maxFailures");
    }
}
