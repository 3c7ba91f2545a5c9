package dev.coffer.server;

import java.util.concurrent.atomic.LongAdder;

/**
 * Content bytes this server received: chunk bodies (one chunk or a batch) and streamed file
 * bodies, counted as they are stored. What deduplication saves shows here as bytes that never
 * arrived; a resumed upload as parts not sent twice.
 */
public final class Traffic {
    private final LongAdder contentBytesIn = new LongAdder();

    public void received(long bytes) {
        contentBytesIn.add(bytes);
    }

    /** Every content byte received since the server started. */
    public long contentBytesIn() {
        return contentBytesIn.sum();
    }
}
