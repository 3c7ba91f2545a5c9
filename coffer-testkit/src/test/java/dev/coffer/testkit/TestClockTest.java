package dev.coffer.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestClockTest {
    static final Instant START = Instant.parse("2030-01-31T23:59:59Z");

    @Test
    void stands_still_until_advanced_and_its_zoned_views_share_the_time() {
        TestClock clock = new TestClock(START);
        Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));
        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.millis()).isEqualTo(START.toEpochMilli());
        assertThat(clock.advance(Duration.ofSeconds(1))).isEqualTo(Instant.parse("2030-02-01T00:00:00Z"));
        assertThat(paris.instant()).isEqualTo(clock.instant());
        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(clock.getZone()).isEqualTo(ZoneId.of("Z"));
    }

    @Test
    void only_moves_forward() {
        TestClock clock = new TestClock(START);
        assertThatThrownBy(() -> clock.advance(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(clock.instant()).isEqualTo(START);
    }

    @Test
    void advances_from_many_threads_all_count() throws Exception {
        TestClock clock = new TestClock(START);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int k = 0; k < 1000; k++) clock.advance(Duration.ofMillis(1));
            }));
        }
        for (Thread t : threads) t.join();
        assertThat(clock.instant()).isEqualTo(START.plusMillis(8000));
    }
}
