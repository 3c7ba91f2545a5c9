package dev.coffer.blob;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.blob.MeteredBlobStore.Op;
import dev.coffer.blob.MeteredBlobStore.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the metering decorator reports of each call: which one, how it ended, how long it took. */
class MeteredBlobStoreTest {
    @TempDir
    Path dir;

    record Call(Op op, Outcome outcome, long nanos) {
        String shown() {
            return op.label + " " + outcome.label;
        }
    }

    private final List<Call> calls = new ArrayList<>();

    private MeteredBlobStore metered(BlobStore inner) {
        return new MeteredBlobStore(inner, (op, outcome, nanos) -> {
            synchronized (calls) {
                calls.add(new Call(op, outcome, nanos));
            }
        });
    }

    private List<String> shown() {
        return calls.stream().map(Call::shown).toList();
    }

    @Test
    void answersAreOkMissingBlobsAreNotFoundAndEverythingElseIsAnError() throws Exception {
        BlobStore store = metered(new LocalBlobStore(dir));
        byte[] bytes = "a chunk".getBytes(UTF_8);
        store.put("chunks/ab/here", bytes);
        assertThat(store.get("chunks/ab/here")).isEqualTo(bytes);
        assertThat(store.getRange("chunks/ab/here", 2, 3)).isEqualTo("chu".getBytes(UTF_8));
        try (InputStream in = store.open("chunks/ab/here")) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
        assertThat(store.size("chunks/ab/here")).isEqualTo(bytes.length);
        List<String> keys = new ArrayList<>();
        store.list("chunks/", keys::add);
        assertThat(keys).containsExactly("chunks/ab/here");
        store.checkReachable();
        store.delete("chunks/ab/here");
        assertThat(shown())
                .containsExactly(
                        "put ok",
                        "get ok",
                        "getRange ok",
                        "open ok",
                        "size ok",
                        "list ok",
                        "checkReachable ok",
                        "delete ok");

        calls.clear();
        assertThatThrownBy(() -> store.get("chunks/ab/here")).isInstanceOf(BlobNotFoundException.class);
        assertThatThrownBy(() -> store.getRange("chunks/ab/here", 0, 1)).isInstanceOf(BlobNotFoundException.class);
        assertThatThrownBy(() -> store.open("chunks/ab/here")).isInstanceOf(BlobNotFoundException.class);
        assertThat(store.size("chunks/ab/here")).isEqualTo(-1);
        store.delete("chunks/ab/here"); // idempotent: the store cannot tell, and neither can we
        assertThat(shown())
                .containsExactly(
                        "get not_found", "getRange not_found", "open not_found", "size not_found", "delete ok");

        calls.clear();
        assertThatThrownBy(() -> store.put("../escape", bytes)).isInstanceOf(IllegalArgumentException.class);
        store.put("packs/p", bytes);
        assertThatThrownBy(() -> store.getRange("packs/p", 5, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThat(shown()).containsExactly("put error", "put ok", "getRange error");
    }

    @Test
    void theCallersErrorIsTheStoresOwnUnchanged() throws Exception {
        IOException down = new IOException("bucket unreachable");
        BlobStore store = metered(new ForwardingBlobStore(new LocalBlobStore(dir)) {
            @Override
            public byte[] get(String key) throws IOException {
                throw down;
            }
        });
        assertThatThrownBy(() -> store.get("chunks/ab/x")).isSameAs(down);
        assertThat(shown()).containsExactly("get error");
    }

    @Test
    void insideTheRetryingStoreEveryAttemptIsACall() throws Exception {
        AtomicInteger failuresLeft = new AtomicInteger(2);
        BlobStore flaky = new ForwardingBlobStore(new LocalBlobStore(dir)) {
            @Override
            public void put(String key, byte[] data) throws IOException {
                if (failuresLeft.getAndDecrement() > 0) throw new IOException("503 slow down");
                super.put(key, data);
            }
        };
        RetryingBlobStore retrying = new RetryingBlobStore(metered(flaky), 5, Duration.ZERO, Duration.ZERO);
        retrying.put("chunks/ab/x", new byte[] {1});
        assertThat(retrying.retries()).isEqualTo(2);
        assertThat(shown()).containsExactly("put error", "put error", "put ok");
    }

    @Test
    void theTimeCoversTheWholeCall() throws Exception {
        Duration pause = Duration.ofMillis(30);
        BlobStore store = metered(new ForwardingBlobStore(new LocalBlobStore(dir)) {
            @Override
            public long size(String key) throws IOException {
                try {
                    Thread.sleep(pause); // sleeps at least this long, so the bound below always holds
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return super.size(key);
            }
        });
        store.size("chunks/ab/x");
        assertThat(calls).singleElement().satisfies(c -> assertThat(c.nanos()).isGreaterThanOrEqualTo(pause.toNanos()));
    }
}
