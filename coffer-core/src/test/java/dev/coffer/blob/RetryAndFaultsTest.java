package dev.coffer.blob;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the two decorators promise beyond the contract: when to retry, when not, and what a crash drops. */
class RetryAndFaultsTest {
    @TempDir
    Path dir;

    private static final byte[] BYTES = "some chunk".getBytes(UTF_8);

    @Test
    void aPutOnItsWayWhenTheStoreCrashesIsNotStored() throws Exception {
        LocalBlobStore local = new LocalBlobStore(dir);
        FaultyBlobStore faulty = new FaultyBlobStore(local, 1).slowedBy(Duration.ofSeconds(2));
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> puts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String key = "chunks/aa/" + i;
                puts.add(pool.submit(() -> {
                    faulty.put(key, BYTES);
                    return null;
                }));
            }
            Thread.sleep(50); // every put is now in its delay, far from done
            faulty.crash();
            for (Future<?> put : puts) assertThatThrownBy(put::get).hasCauseInstanceOf(IOException.class);
        }
        faulty.recover();
        assertThat(faulty.droppedWrites()).isEqualTo(4);
        List<String> keys = new ArrayList<>();
        local.list("", keys::add);
        assertThat(keys).as("nothing of the dropped puts reached the store").isEmpty();
        faulty.slowedBy(Duration.ZERO).put("chunks/aa/after", BYTES);
        assertThat(local.get("chunks/aa/after")).isEqualTo(BYTES);
    }

    @Test
    void whileCrashedEveryCallFailsAndTheRetriesGiveUp() throws Exception {
        FaultyBlobStore faulty = new FaultyBlobStore(new LocalBlobStore(dir), 2);
        RetryingBlobStore retrying = new RetryingBlobStore(faulty, 3, Duration.ZERO, Duration.ZERO);
        retrying.put("chunks/bb/1", BYTES);
        faulty.crash();
        assertThatThrownBy(() -> retrying.get("chunks/bb/1"))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("the store is down");
        assertThatThrownBy(() -> retrying.put("chunks/bb/2", BYTES)).isInstanceOf(IOException.class);
        assertThat(retrying.retries()).isEqualTo(4);
        assertThat(retrying.failures()).isEqualTo(2);
        faulty.recover();
        assertThat(retrying.get("chunks/bb/1")).isEqualTo(BYTES);
        assertThat(retrying.size("chunks/bb/2"))
                .as("the refused put stored nothing")
                .isEqualTo(-1);
    }

    @Test
    void aFailedPutMayHaveStoredItsBlobButARetryMakesItWhole() throws Exception {
        LocalBlobStore local = new LocalBlobStore(dir);
        // Every first attempt fails; half of those after storing.
        FailingFirst flaky = new FailingFirst(new FaultyBlobStore(local, 3).failing(1.0));
        RetryingBlobStore retrying = new RetryingBlobStore(flaky, 2, Duration.ZERO, Duration.ZERO);
        for (int i = 0; i < 20; i++) retrying.put("chunks/cc/" + i, BYTES);
        for (int i = 0; i < 20; i++) assertThat(local.get("chunks/cc/" + i)).isEqualTo(BYTES);
        assertThat(retrying.retries()).isEqualTo(20);
    }

    @Test
    void notFoundAndBadKeysAreAnswersNotFailuresSoTheyAreNotRetried() throws Exception {
        Counting counting = new Counting(new LocalBlobStore(dir));
        RetryingBlobStore retrying = new RetryingBlobStore(counting, 5, Duration.ZERO, Duration.ZERO);
        assertThatThrownBy(() -> retrying.get("chunks/dd/missing")).isInstanceOf(BlobNotFoundException.class);
        assertThatThrownBy(() -> retrying.put("../escape", BYTES)).isInstanceOf(IllegalArgumentException.class);
        assertThat(retrying.size("chunks/dd/missing")).isEqualTo(-1);
        assertThat(counting.calls.get()).isEqualTo(3);
        assertThat(retrying.retries()).isZero();
    }

    @Test
    void aListingThatAlreadyVisitedKeysIsNotRepeated() throws Exception {
        LocalBlobStore local = new LocalBlobStore(dir);
        for (int i = 0; i < 3; i++) local.put("chunks/ee/" + i, BYTES);
        AtomicInteger passes = new AtomicInteger();
        BlobStore breaksMidway = new ForwardingBlobStore(local) {
            @Override
            public void list(String prefix, Consumer<String> visitor) throws IOException {
                passes.incrementAndGet();
                local.list(prefix, visitor);
                throw new IOException("connection reset after the last page");
            }
        };
        RetryingBlobStore retrying = new RetryingBlobStore(breaksMidway, 5, Duration.ZERO, Duration.ZERO);
        List<String> seen = new ArrayList<>();
        assertThatThrownBy(() -> retrying.list("chunks/", seen::add)).hasMessageContaining("connection reset");
        assertThat(passes).hasValue(1);
        assertThat(seen).hasSize(3).doesNotHaveDuplicates();
    }

    @Test
    void aListingThatFailedBeforeAnyKeyIsRetried() throws Exception {
        LocalBlobStore local = new LocalBlobStore(dir);
        for (int i = 0; i < 3; i++) local.put("chunks/ff/" + i, BYTES);
        RetryingBlobStore retrying = new RetryingBlobStore(
                new FailingFirst(new FaultyBlobStore(local, 4).failing(1.0)), 2, Duration.ZERO, Duration.ZERO);
        List<String> seen = new ArrayList<>();
        retrying.list("chunks/", seen::add);
        assertThat(seen).containsExactlyInAnyOrder("chunks/ff/0", "chunks/ff/1", "chunks/ff/2");
    }

    @Test
    void anInterruptedWaitStopsRetrying() throws Exception {
        FaultyBlobStore faulty = new FaultyBlobStore(new LocalBlobStore(dir), 5).failing(1.0);
        RetryingBlobStore retrying = new RetryingBlobStore(faulty, 50, Duration.ofSeconds(10), Duration.ofSeconds(10));
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = Thread.ofVirtual().start(() -> {
            started.countDown();
            try {
                retrying.get("chunks/gg/1");
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        started.await();
        Thread.sleep(100);
        t.interrupt();
        t.join(5_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedIOException.class);
        assertThat(faulty.injectedFailures()).isLessThan(50);
    }

    /** Lets the first call of each key through to a store that fails every call; later calls go to its inner store. */
    private static final class FailingFirst extends ForwardingBlobStore {
        private final FaultyBlobStore faulty;
        private final Set<String> seen = ConcurrentHashMap.newKeySet();

        FailingFirst(FaultyBlobStore faulty) {
            super(faulty.inner());
            this.faulty = faulty;
        }

        private boolean first(String key) {
            return seen.add(key);
        }

        @Override
        public void put(String key, byte[] data) throws IOException {
            if (first(key)) faulty.put(key, data);
            else super.put(key, data);
        }

        @Override
        public void list(String prefix, Consumer<String> visitor) throws IOException {
            if (first("list " + prefix)) faulty.list(prefix, visitor);
            else super.list(prefix, visitor);
        }
    }

    private static final class Counting extends ForwardingBlobStore {
        final AtomicInteger calls = new AtomicInteger();

        Counting(BlobStore inner) {
            super(inner);
        }

        @Override
        public byte[] get(String key) throws IOException {
            calls.incrementAndGet();
            return super.get(key);
        }

        @Override
        public void put(String key, byte[] data) throws IOException {
            calls.incrementAndGet();
            super.put(key, data);
        }

        @Override
        public long size(String key) throws IOException {
            calls.incrementAndGet();
            return super.size(key);
        }
    }
}
