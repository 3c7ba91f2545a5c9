package dev.coffer.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.error.CofferException;
import dev.coffer.server.TestServer;
import dev.coffer.testkit.Await;
import dev.coffer.testkit.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collector's settings: a grace period too short for in-flight uploads is refused; it runs by itself. */
class GcSettingsTest {
    @TempDir
    Path data;

    CofferConfig load(Map<String, String> env) {
        return CofferConfig.load(null, env, Map.of("data", data.toString()));
    }

    @Test
    void a_grace_period_shorter_than_twice_the_touch_interval_is_refused_with_the_reason() {
        assertThatThrownBy(() -> load(Map.of("COFFER_GC_GRACE", "5m")))
                .isInstanceOf(CofferException.Invalid.class)
                .hasMessageContaining("gc.grace must be at least 20 minutes")
                .hasMessageContaining("touch interval");
        assertThat(load(Map.of("COFFER_GC_GRACE", "20m")).gcGrace()).isEqualTo(Duration.ofMinutes(20));
        assertThat(load(Map.of()).gcGrace()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void the_collector_runs_every_hour_by_default_and_can_be_turned_off() {
        assertThat(load(Map.of()).gcInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(load(Map.of("COFFER_GC_INTERVAL", "off")).gcInterval()).isZero();
        assertThatThrownBy(() -> load(Map.of("COFFER_GC_INTERVAL", "10ms")))
                .hasMessageContaining("gc.interval must be at least 1s");
        assertThatThrownBy(() -> load(Map.of("COFFER_GC_INTERVAL", "soon"))).hasMessageContaining("gc.interval");
    }

    @Test
    void a_server_collects_deleted_content_by_itself() throws Exception {
        TestClock clock = new TestClock();
        try (TestServer s = TestServer.start(data, Map.of("COFFER_GC_INTERVAL", "1s"), clock)) {
            String v = "/api/v1/teams/default/storage/default";
            byte[] bytes = new byte[300_000];
            new Random(2).nextBytes(bytes);
            assertThat(s.put(v + "/files/old.bin", bytes).statusCode()).isEqualTo(201);
            assertThat(s.put(v + "/files/kept.bin", new byte[] {1, 2, 3}).statusCode())
                    .isEqualTo(201);
            assertThat(s.send("DELETE", v + "/files/old.bin", null).statusCode())
                    .isEqualTo(204);
            // Past the hour of grace; the collector's timer (every second, real time) does the rest.
            clock.advance(Duration.ofHours(1).plusSeconds(1));
            Await.until(
                    Duration.ofSeconds(30), "the collector removed the deleted file's chunks", () -> chunks(s) == 1);
            assertThat(s.get(v + "/files/kept.bin").body()).isEqualTo(new byte[] {1, 2, 3});
        }
    }

    static long chunks(TestServer s) {
        return s.server()
                .database()
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM chunks")
                        .mapTo(Long.class)
                        .one());
    }
}
