package dev.coffer.blob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.blob.MeteredBlobStore.Op;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole contract through the metering decorator: it must change nothing a caller sees, and
 * it must report every call that reached the store exactly once, under the right operation,
 * whatever the call did (answered, found nothing, refused a key, ran on eight threads at once).
 */
class MeteredStoreContractTest extends BlobStoreContract {
    @TempDir
    Path dir;

    /** Calls that reached the store below the decorator, by operation. */
    private final Map<Op, LongAdder> reached = new ConcurrentHashMap<>();
    /** Calls the decorator reported, by operation. */
    private final Map<Op, LongAdder> reported = new ConcurrentHashMap<>();

    @Override
    protected BlobStore newStore() throws Exception {
        BlobStore counted = new ForwardingBlobStore(new LocalBlobStore(dir.resolve("store"))) {
            private void count(Op op) {
                reached.computeIfAbsent(op, k -> new LongAdder()).increment();
            }

            @Override
            public void put(String key, byte[] data) throws IOException {
                count(Op.PUT);
                super.put(key, data);
            }

            @Override
            public byte[] get(String key) throws IOException {
                count(Op.GET);
                return super.get(key);
            }

            @Override
            public byte[] getRange(String key, long offset, int length) throws IOException {
                count(Op.GET_RANGE);
                return super.getRange(key, offset, length);
            }

            @Override
            public InputStream open(String key) throws IOException {
                count(Op.OPEN);
                return super.open(key);
            }

            @Override
            public long size(String key) throws IOException {
                count(Op.SIZE);
                return super.size(key);
            }

            @Override
            public void delete(String key) throws IOException {
                count(Op.DELETE);
                super.delete(key);
            }

            @Override
            public void list(String prefix, Consumer<String> visitor) throws IOException {
                count(Op.LIST);
                super.list(prefix, visitor);
            }

            @Override
            public void checkReachable() throws IOException {
                count(Op.CHECK_REACHABLE);
                super.checkReachable();
            }
        };
        return new MeteredBlobStore(counted, (op, outcome, nanos) -> {
            assertThat(nanos).isNotNegative();
            reported.computeIfAbsent(op, k -> new LongAdder()).increment();
        });
    }

    @AfterEach
    void everyCallThatReachedTheStoreWasReportedOnce() {
        Map<Op, Long> below = new TreeMap<>();
        reached.forEach((op, n) -> below.put(op, n.sum()));
        Map<Op, Long> seen = new TreeMap<>();
        reported.forEach((op, n) -> seen.put(op, n.sum()));
        assertThat(seen).isEqualTo(below);
    }
}
