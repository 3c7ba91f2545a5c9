package dev.coffer.blob;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@link BlobStore} contract as executable checks; every implementation's test extends this
 * class. Each test gets a new, empty store from {@link #newStore()}. Assertions compare bytes, not
 * just sizes, because a store that truncates or mixes up blobs must fail here.
 */
abstract class BlobStoreContract {
    protected BlobStore store;

    /** A new store with no blobs, which the test owns and closes. */
    protected abstract BlobStore newStore() throws Exception;

    /** Strings that {@link BlobStore#describe()} must never contain (the store's secrets). */
    protected List<String> secrets() {
        return List.of();
    }

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) store.close();
    }

    /** Seeded, so a failure replays with the same bytes. */
    protected static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Compares big arrays by first difference, so a failure message stays short. */
    protected static void assertSameBytes(byte[] actual, byte[] expected) {
        assertThat(actual).as("length").hasSize(expected.length);
        assertThat(Arrays.mismatch(actual, expected))
                .as("index of the first differing byte")
                .isEqualTo(-1);
    }

    protected List<String> listed(String prefix) throws IOException {
        List<String> keys = new ArrayList<>();
        store.list(prefix, keys::add);
        return keys;
    }

    @Test
    void putThenGetReturnsTheSameBytes() throws Exception {
        byte[] data = "hello, coffer".getBytes(UTF_8);
        store.put("chunks/ab/ab01", data);
        assertThat(store.get("chunks/ab/ab01")).isEqualTo(data);
        assertThat(store.size("chunks/ab/ab01")).isEqualTo(data.length);
    }

    @Test
    void storesAnEmptyBlob() throws Exception {
        store.put("chunks/00/empty", new byte[0]);
        assertThat(store.get("chunks/00/empty")).isEmpty();
        assertThat(store.size("chunks/00/empty")).isZero();
        try (InputStream in = store.open("chunks/00/empty")) {
            assertThat(in.readAllBytes()).isEmpty();
        }
        assertThat(listed("chunks/")).containsExactly("chunks/00/empty");
    }

    @Test
    void storesAFiveMebibyteBlob() throws Exception {
        byte[] data = randomBytes(5 * 1024 * 1024, 5);
        store.put("packs/5m", data);
        assertSameBytes(store.get("packs/5m"), data);
        assertThat(store.size("packs/5m")).isEqualTo(data.length);
    }

    @Test
    void overwriteReplacesTheWholeBlob() throws Exception {
        store.put("chunks/ab/key", randomBytes(10_000, 1));
        byte[] second = randomBytes(300, 2); // shorter, so leftover tail bytes would show
        store.put("chunks/ab/key", second);
        assertThat(store.get("chunks/ab/key")).isEqualTo(second);
        assertThat(store.size("chunks/ab/key")).isEqualTo(300);
        assertThat(listed("")).containsExactly("chunks/ab/key");
    }

    @Test
    void missingBlobIsNotFound() throws Exception {
        store.put("chunks/ab/present", new byte[] {1});
        assertThatThrownBy(() -> store.get("chunks/ab/missing")).isInstanceOf(BlobNotFoundException.class);
        assertThatThrownBy(() -> store.getRange("chunks/ab/missing", 0, 1)).isInstanceOf(BlobNotFoundException.class);
        assertThatThrownBy(() -> store.getRange("chunks/ab/missing", 0, 0)).isInstanceOf(BlobNotFoundException.class);
        assertThatThrownBy(() -> store.open("chunks/ab/missing").close()).isInstanceOf(IOException.class);
        assertThat(store.size("chunks/ab/missing")).isEqualTo(-1);
        assertThat(store.size("never/seen")).isEqualTo(-1);
    }

    @Test
    void deleteRemovesAndIsIdempotent() throws Exception {
        assertThatCode(() -> store.delete("chunks/ab/never")).doesNotThrowAnyException();
        byte[] keep = randomBytes(64, 3);
        store.put("chunks/ab/gone", randomBytes(64, 4));
        store.put("chunks/ab/kept", keep);

        store.delete("chunks/ab/gone");

        assertThat(store.size("chunks/ab/gone")).isEqualTo(-1);
        assertThatThrownBy(() -> store.get("chunks/ab/gone")).isInstanceOf(BlobNotFoundException.class);
        assertThat(listed("chunks/")).containsExactly("chunks/ab/kept");
        assertThat(store.get("chunks/ab/kept")).isEqualTo(keep);
        assertThatCode(() -> store.delete("chunks/ab/gone")).doesNotThrowAnyException();
    }

    @Test
    void getRangeReturnsExactlyTheAskedBytes() throws Exception {
        byte[] data = randomBytes(1000, 6);
        store.put("packs/p1", data);
        assertThat(store.getRange("packs/p1", 0, 10)).isEqualTo(Arrays.copyOfRange(data, 0, 10));
        assertThat(store.getRange("packs/p1", 500, 123)).isEqualTo(Arrays.copyOfRange(data, 500, 623));
        assertThat(store.getRange("packs/p1", 990, 10)).isEqualTo(Arrays.copyOfRange(data, 990, 1000));
        assertThat(store.getRange("packs/p1", 999, 1)).isEqualTo(new byte[] {data[999]});
        assertThat(store.getRange("packs/p1", 0, 1000)).isEqualTo(data);
        assertThat(store.getRange("packs/p1", 1000, 0)).isEmpty();
        assertThat(store.getRange("packs/p1", 17, 0)).isEmpty();
    }

    @Test
    void getRangePastTheEndIsRefused() throws Exception {
        store.put("packs/p2", randomBytes(1000, 7));
        store.put("packs/empty", new byte[0]);
        assertThatThrownBy(() -> store.getRange("packs/p2", 995, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.getRange("packs/p2", 1000, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.getRange("packs/p2", 5000, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.getRange("packs/p2", 1001, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.getRange("packs/p2", -1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.getRange("packs/p2", 0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.getRange("packs/empty", 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void openStreamsTheWholeBlob() throws Exception {
        byte[] data = randomBytes(300 * 1024 + 7, 8);
        store.put("packs/stream", data);
        try (InputStream in = store.open("packs/stream")) {
            assertSameBytes(in.readAllBytes(), data);
        }
    }

    @Test
    void listVisitsExactlyTheKeysUnderThePrefix() throws Exception {
        for (String k : List.of("chunks/ab/1", "chunks/ab/2", "chunks/cd/3", "chunksx/ab/4", "packs/5", "chunks.txt")) {
            store.put(k, k.getBytes(UTF_8));
        }
        // containsExactlyInAnyOrder on a list also catches a key visited twice.
        assertThat(listed("chunks/")).containsExactlyInAnyOrder("chunks/ab/1", "chunks/ab/2", "chunks/cd/3");
        assertThat(listed("chunks/ab/")).containsExactlyInAnyOrder("chunks/ab/1", "chunks/ab/2");
        assertThat(listed("chunksx/")).containsExactly("chunksx/ab/4");
        assertThat(listed("packs/")).containsExactly("packs/5");
        assertThat(listed("nothing/")).isEmpty();
        // A prefix is a string prefix, not a folder: without the slash "chunks" also matches "chunksx".
        assertThat(listed("chunks"))
                .containsExactlyInAnyOrder("chunks/ab/1", "chunks/ab/2", "chunks/cd/3", "chunksx/ab/4", "chunks.txt");
        assertThat(listed(""))
                .containsExactlyInAnyOrder(
                        "chunks/ab/1", "chunks/ab/2", "chunks/cd/3", "chunksx/ab/4", "packs/5", "chunks.txt");
        // Listed names are keys the store accepts back.
        for (String k : listed("")) assertThat(store.get(k)).isEqualTo(k.getBytes(UTF_8));
    }

    @Test
    void listOfAnEmptyStoreVisitsNothing() throws Exception {
        assertThat(listed("")).isEmpty();
        assertThat(listed("chunks/")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/../b", "/abs", "A", "chunks/AB/1", "a//b", "", "a/", "a b", "a\\b", ".."})
    void invalidKeysAreRefused(String key) {
        assertThatThrownBy(() -> store.put(key, new byte[] {1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.get(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.getRange(key, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.open(key).close()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.size(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.delete(key)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentPutsOfDistinctKeysAllReadBack() throws Exception {
        int threads = 8;
        int keys = 64;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    go.await(); // start together, so the puts really overlap
                    for (int i = first; i < keys; i += threads) {
                        store.put(String.format("chunks/%02x/key%02d", i % 4, i), randomBytes(1000 + i * 37, i));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) f.get();
        }
        for (int i = 0; i < keys; i++) {
            assertThat(store.get(String.format("chunks/%02x/key%02d", i % 4, i)))
                    .as("key %d", i)
                    .isEqualTo(randomBytes(1000 + i * 37, i));
        }
        assertThat(listed("chunks/")).hasSize(keys).doesNotHaveDuplicates();
    }

    @Test
    void checkReachablePasses() {
        assertThatCode(() -> store.checkReachable()).doesNotThrowAnyException();
    }

    @Test
    void describeSaysWhereWithoutSecrets() {
        String description = store.describe();
        assertThat(description).isNotBlank();
        for (String secret : secrets()) assertThat(description).doesNotContain(secret);
    }
}
