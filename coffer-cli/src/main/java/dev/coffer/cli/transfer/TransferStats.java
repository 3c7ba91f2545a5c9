package dev.coffer.cli.transfer;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of one CLI transfer, shared by its worker threads; reported by {@code --json}. */
public final class TransferStats {
    public final AtomicLong files = new AtomicLong();
    public final AtomicLong bytes = new AtomicLong();
    public final AtomicLong chunks = new AtomicLong();
    public final AtomicLong chunksSent = new AtomicLong();
    public final AtomicLong bytesSent = new AtomicLong();
    public final AtomicLong bytesReceived = new AtomicLong();
    public final AtomicLong skipped = new AtomicLong();
    /** Files the destination already held with the same content: only their time was set. */
    public final AtomicLong retimed = new AtomicLong();
}
