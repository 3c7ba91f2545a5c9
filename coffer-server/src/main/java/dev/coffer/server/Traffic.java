package dev.coffer.server;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.LongAdder;

/**
 * Content bytes this server received: chunk bodies (one chunk or a batch) and streamed file
 * bodies, counted as they are stored. What deduplication saves shows here as bytes that never
 * arrived; a resumed upload as parts not sent twice.
 *
 * <p>And content bytes it sent: file downloads (the range asked for), chunk reads, small files'
 * bytes inlined in manifests and listings, and archives (as sent, entry headers included),
 * counted as they are written, so a download cut off half-way counts the half that went.
 */
public final class Traffic {
    private final LongAdder contentBytesIn = new LongAdder();
    private final LongAdder contentBytesOut = new LongAdder();

    public void received(long bytes) {
        contentBytesIn.add(bytes);
    }

    /** Every content byte received since the server started. */
    public long contentBytesIn() {
        return contentBytesIn.sum();
    }

    public void sent(long bytes) {
        contentBytesOut.add(bytes);
    }

    /** Every content byte sent since the server started. */
    public long contentBytesOut() {
        return contentBytesOut.sum();
    }

    /** {@code out}, counting what is written through it as content sent. */
    public OutputStream counting(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                contentBytesOut.increment();
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len); // whole, not byte by byte as FilterOutputStream would
                contentBytesOut.add(len);
            }
        };
    }
}
