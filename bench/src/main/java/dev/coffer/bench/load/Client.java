package dev.coffer.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.bench.BenchException;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One simulated client of the timed phase: its own token, its own random sequence, its own tally.
 * It makes one request after another, with no pause, until the deadline: a closed loop, so the
 * load is what the server can answer, and the latencies are what each client waited.
 */
abstract class Client {
    protected final StorageClient api;
    protected final SplittableRandom random;
    protected final Tally tally = new Tally();

    Client(StorageClient api, long seed) {
        this.api = api;
        this.random = new SplittableRandom(seed);
    }

    /** One request (and its checks). */
    abstract void once(long deadline) throws InterruptedException;

    /** Requests until {@code deadline} (System.nanoTime); the last one may end after it. */
    final Tally run(long deadline) throws InterruptedException {
        while (System.nanoTime() < deadline) once(deadline);
        return tally;
    }

    interface Request {
        StorageClient.Answer send() throws IOException, InterruptedException;
    }

    /**
     * Sends one request and sorts out what came back: the answer when it is a success (for the
     * caller's checks), else null, with a 429 counted as a refusal (and waited out as a polite
     * client would, up to the deadline) and anything else counted as an error.
     */
    protected final StorageClient.Answer send(RequestKind kind, String what, Request request, long deadline)
            throws InterruptedException {
        StorageClient.Answer a;
        try {
            a = request.send();
        } catch (IOException e) {
            tally.error(kind, what + ": " + e);
            return null;
        }
        if (a.refused()) {
            tally.refused(kind);
            long waitNanos = Math.min(
                    TimeUnit.SECONDS.toNanos(Math.max(1, a.retryAfterSeconds())), deadline - System.nanoTime());
            if (waitNanos > 0) TimeUnit.NANOSECONDS.sleep(waitNanos);
            return null;
        }
        if (!a.ok()) {
            tally.error(kind, what + " answered " + a.describe());
            return null;
        }
        return a;
    }

    /** A success's JSON body, or null (counted as an error) when it is not JSON. */
    protected final JsonNode json(RequestKind kind, String what, StorageClient.Answer a) {
        try {
            return a.json();
        } catch (BenchException e) {
            tally.error(kind, what + ": " + e.getMessage());
            return null;
        }
    }
}
