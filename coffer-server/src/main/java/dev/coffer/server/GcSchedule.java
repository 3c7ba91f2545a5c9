package dev.coffer.server;

import dev.coffer.gc.GarbageCollector;
import dev.coffer.server.metrics.ServerMetrics;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the garbage collector every {@code gc.interval} (default an hour; {@code off} leaves it to
 * {@code coffer admin gc}), so deleted content really leaves the store without an operator.
 * Several servers may collect at once: every batch re-checks its conditions in its own
 * transaction, so a second collector finds nothing left to do rather than doing harm.
 */
final class GcSchedule implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GcSchedule.class);
    private final GarbageCollector gc;
    private final Duration grace;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "coffer-gc");
        t.setDaemon(true);
        return t;
    });

    private final ServerMetrics metrics;

    GcSchedule(GarbageCollector gc, Duration grace, ServerMetrics metrics) {
        this.gc = gc;
        this.grace = grace;
        this.metrics = metrics;
    }

    void start(Duration interval) {
        if (interval.isZero()) return;
        long ms = interval.toMillis();
        timer.scheduleWithFixedDelay(this::collect, ms, ms, TimeUnit.MILLISECONDS);
    }

    void collect() {
        try {
            GarbageCollector.Result r = gc.execute(grace);
            metrics.gcRun(r.chunksRemoved(), r.bytesFreed());
            if (r.contentsRemoved() + r.chunksRemoved() > 0) {
                log.info(
                        "garbage collection removed {} content(s), {} chunk(s), {} bytes",
                        r.contentsRemoved(),
                        r.chunksRemoved(),
                        r.bytesFreed());
            }
        } catch (Exception e) {
            metrics.gcFailed();
            log.warn("garbage collection failed; trying again at the next interval", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
