package dev.coffer.blob;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole contract through a store that fails one call in ten (half of the failing puts after
 * storing), with the retrying decorator in front: what the server sees of a flaky bucket. Every
 * contract check must pass unchanged, and faults must really have been injected and retried.
 */
class FaultyStoreContractTest extends BlobStoreContract {
    @TempDir
    Path dir;

    private FaultyBlobStore faulty;
    private RetryingBlobStore retrying;

    @Override
    protected BlobStore newStore() throws Exception {
        faulty = new FaultyBlobStore(new LocalBlobStore(dir.resolve("store")), 20261207L).failing(0.10);
        retrying = new RetryingBlobStore(faulty, 12, Duration.ofMillis(1), Duration.ofMillis(4));
        return retrying;
    }

    @AfterEach
    void everyInjectedFailureWasRetriedAway() {
        assertThat(retrying.failures())
                .as("calls that reached the caller as errors")
                .isZero();
        assertThat(retrying.retries()).as("retries").isEqualTo(faulty.injectedFailures());
    }
}
