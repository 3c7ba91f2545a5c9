package dev.coffer.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.error.CofferException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class HashGateTest {
    @Test
    void a_256_mib_heap_hashes_a_few_passwords_at_once_and_never_fewer_than_one() {
        assertThat(HashGate.slotsFor(256L << 20)).isEqualTo(3);
        assertThat(HashGate.slotsFor(32L << 20)).isEqualTo(1);
        assertThat(HashGate.slotsFor(64L << 30)).isEqualTo(HashGate.MAX_SLOTS);
    }

    @Test
    void a_caller_past_the_bound_is_refused_after_a_short_wait_and_a_holder_may_enter_again() throws Exception {
        HashGate gate = new HashGate(1, Duration.ofMillis(100));
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var holder = pool.submit(() -> gate.run(() -> gate.run(() -> {
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "nested";
            })));
            held.await();
            assertThatThrownBy(() -> gate.run(() -> "late"))
                    .isInstanceOfSatisfying(
                            CofferException.Busy.class,
                            b -> assertThat(b.retryAfterSeconds()).isPositive());
            release.countDown();
            assertThat(holder.get()).isEqualTo("nested");
        }
        assertThat(gate.run(() -> "free again")).isEqualTo("free again");
    }
}
