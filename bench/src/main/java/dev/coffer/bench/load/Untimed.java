package dev.coffer.bench.load;

import dev.coffer.bench.BenchException;
import java.io.IOException;

/**
 * A request outside the timed phase (seeding, making tokens, reading back): a 429 is waited out
 * as its Retry-After says, anything else but success stops the scenario, since what comes after
 * would measure or check a server that is not in the state the scenario set up.
 */
final class Untimed {
    private static final int ATTEMPTS = 30;

    private Untimed() {}

    interface Call {
        StorageClient.Answer call() throws IOException, InterruptedException;
    }

    static StorageClient.Answer call(String what, Call call) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            StorageClient.Answer a;
            try {
                a = call.call();
            } catch (IOException e) {
                throw new BenchException(what + ": " + e, e);
            }
            if (a.ok()) return a;
            if (!a.refused() || attempt == ATTEMPTS) throw new BenchException(what + " answered " + a.describe());
            Thread.sleep(Math.max(1, a.retryAfterSeconds()) * 1000);
        }
    }
}
