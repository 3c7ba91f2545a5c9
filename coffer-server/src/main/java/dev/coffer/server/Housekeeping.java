package dev.coffer.server;

import dev.coffer.audit.Audit;
import dev.coffer.server.config.Retention;
import dev.coffer.user.Logins;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the records that only grow within bounds: writes the counted anonymous refusals to the
 * audit log every minute, and every hour deletes audit events past {@code audit.retention} and
 * sign-in failure counts past {@code login.failureRetention}. Several servers on one database
 * may do this at once; each deletion is idempotent.
 */
public final class Housekeeping implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);
    private final Audit audit;
    private final Logins logins;
    private final Retention retention;
    /** What is past its retention is measured on this clock; the timer itself runs on real time. */
    private final Clock clock;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "coffer-housekeeping");
        t.setDaemon(true);
        return t;
    });

    Housekeeping(Audit audit, Logins logins, Retention retention, Clock clock) {
        this.audit = audit;
        this.logins = logins;
        this.retention = retention;
        this.clock = clock;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::flushQuietly, 1, 1, TimeUnit.MINUTES);
        timer.scheduleWithFixedDelay(this::purgeQuietly, 1, 60, TimeUnit.MINUTES);
    }

    /** Writes the anonymous refusals counted so far; returns the audit rows written. */
    public int flushAuditTally() {
        return audit.flushTally();
    }

    public record Purged(long auditEvents, long loginFailures) {}

    /** Deletes what is past its retention as of {@code now} (epoch ms). */
    public Purged purge(long now) {
        long events = audit.purgeBefore(now - retention.audit().toMillis());
        long failures = logins.purgeStale(now, retention.loginFailures());
        return new Purged(events, failures);
    }

    private void flushQuietly() {
        try {
            flushAuditTally();
        } catch (RuntimeException e) {
            log.warn("could not write the counted anonymous refusals to the audit log; trying again in a minute", e);
        }
    }

    private void purgeQuietly() {
        try {
            Purged p = purge(clock.millis());
            if (p.auditEvents() + p.loginFailures() > 0) {
                log.info(
                        "deleted {} audit event(s) and {} sign-in failure count(s) past their retention",
                        p.auditEvents(),
                        p.loginFailures());
            }
        } catch (RuntimeException e) {
            log.warn(
                    "could not delete audit events or sign-in failures past their retention; trying again in an hour",
                    e);
        }
    }

    /** Stops the timer and writes what is still counted, so a clean stop loses no refusal. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushQuietly();
    }
}
