package dev.coffer.server;

import dev.coffer.billing.Months;
import dev.coffer.billing.Statements;
import dev.coffer.server.metrics.ServerMetrics;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Freezes every team's statement for the month that ended, at start and then every hour, so a
 * month's bill stops changing soon after the month closes. Closing is idempotent, and several
 * servers may do it at once (a statement frozen by one is left alone by the others).
 */
final class MonthCloser implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MonthCloser.class);
    private final Statements statements;
    /** Which month "last month" is: the hourly timer is real time, the month comes from the clock. */
    private final Clock clock;

    private final ServerMetrics metrics;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "coffer-month-closer");
        t.setDaemon(true);
        return t;
    });

    MonthCloser(Statements statements, Clock clock, ServerMetrics metrics) {
        this.statements = statements;
        this.clock = clock;
        this.metrics = metrics;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::closeLastMonth, 0, 1, TimeUnit.HOURS);
    }

    void closeLastMonth() {
        try {
            Statements.CloseResult r =
                    statements.close(Months.of(clock.millis()).minusMonths(1));
            metrics.monthClosed(r.frozen());
            if (r.frozen() > 0) log.info("froze {} statement(s) for {}", r.frozen(), r.month());
        } catch (RuntimeException e) {
            metrics.monthCloseFailed();
            log.warn("could not close last month's statements; trying again in an hour", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
