package dev.coffer.billing;

import dev.coffer.billing.Timeline.UsageChange;
import dev.coffer.db.Database;
import dev.coffer.error.CofferException;
import java.util.ArrayList;
import java.util.List;

/**
 * A team's usage over time, sampled from the usage events: what the Utilization view draws.
 * One read of the events in the range (plus the level before it), then one pass; the cost is
 * linear in events and points.
 */
public final class Utilization {
    public static final long HOUR = 3_600_000L;
    /** More points than any chart shows; a longer range wants a larger step. */
    public static final int MAX_POINTS = 10_000;

    public static final long MIN_STEP = 1_000L;

    private final Database db;

    public Utilization(Database db) {
        this.db = db;
    }

    /**
     * A point at the start of a step.
     *
     * @param usageBytes usage at {@code at}
     * @param maxBytes   the highest usage within {@code [at, at + step)}
     */
    public record Point(long at, long usageBytes, long maxBytes) {}

    /**
     * Points at {@code from}, {@code from + step}, … before {@code to}.
     *
     * @throws CofferException.Invalid for an empty range, a step under a second, or more than
     *                                 {@link #MAX_POINTS} points
     */
    public List<Point> series(long teamId, long from, long to, long stepMillis) {
        if (to <= from) throw new CofferException.Invalid("the range is empty: 'to' must be after 'from'");
        if (stepMillis < MIN_STEP) throw new CofferException.Invalid("the step must be at least one second (1000 ms)");
        long count = (to - from + stepMillis - 1) / stepMillis;
        if (count > MAX_POINTS) {
            throw new CofferException.Invalid(
                    "the range holds " + count + " steps, more than " + MAX_POINTS + ": choose a step of at least "
                            + ((to - from + MAX_POINTS - 1) / MAX_POINTS) + " ms or a shorter range");
        }
        return db.read(h -> {
            Plans.requireTeam(h, teamId);
            long level = EventLog.usageAt(h, teamId, from);
            List<UsageChange> changes = EventLog.usageChanges(h, teamId, from, to);
            List<Point> points = new ArrayList<>((int) count);
            int next = 0;
            for (long at = from; at < to; at += stepMillis) {
                while (next < changes.size() && changes.get(next).at() <= at)
                    level = changes.get(next++).usageBytes();
                long stepEnd = Math.min(to, at + stepMillis);
                long start = level;
                long max = level;
                while (next < changes.size() && changes.get(next).at() < stepEnd) {
                    level = changes.get(next++).usageBytes();
                    max = Math.max(max, level);
                }
                points.add(new Point(at, start, max));
            }
            return points;
        });
    }
}
