package dev.coffer.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {
    @Test
    void returns_the_first_value_accepted() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        assertThat(Await.until(Duration.ofSeconds(10), calls::incrementAndGet, n -> n >= 3))
                .isEqualTo(3);
    }

    @Test
    void a_condition_that_never_holds_fails_naming_what_was_last_seen() {
        assertThatThrownBy(() -> Await.until(Duration.ofMillis(100), () -> "not yet", "done"::equals))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("last seen: not yet");
        assertThatThrownBy(() -> Await.until(Duration.ofMillis(100), "the impossible", () -> false))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the impossible");
    }

    @Test
    void steady_returns_once_the_value_stops_changing() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        // Changes for its first five looks, then stays at 5.
        int settled = Await.steady(
                Duration.ofSeconds(10), Duration.ofMillis(100), () -> Math.min(calls.incrementAndGet(), 5));
        assertThat(settled).isEqualTo(5);
        assertThat(calls.get()).isGreaterThan(5);
    }

    @Test
    void steady_fails_for_a_value_that_keeps_changing() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> Await.steady(Duration.ofMillis(200), Duration.ofMillis(100), calls::incrementAndGet))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("still changing");
    }
}
