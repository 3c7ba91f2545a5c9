package dev.coffer.audit;

import dev.coffer.error.CofferException;
import java.util.List;

/**
 * Which events to list: every filter is optional (null), {@code since} is inclusive and
 * {@code until} exclusive (epoch milliseconds), {@code before} an event id for the next page.
 * Events come newest first.
 */
public record AuditQuery(
        Long teamId, String actor, String action, Outcome outcome, Long since, Long until, Long before, int limit) {
    public static final int MAX_LIMIT = 1000;
    public static final int DEFAULT_LIMIT = 100;

    public AuditQuery {
        if (limit < 1 || limit > MAX_LIMIT)
            throw new CofferException.Invalid("limit must be between 1 and " + MAX_LIMIT + "; got " + limit);
        if (before != null && before < 1)
            throw new CofferException.Invalid("before must be an event id (a positive number); got " + before);
        if (since != null && until != null && since >= until)
            throw new CofferException.Invalid("since must be earlier than until");
    }

    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null, null, null, null, DEFAULT_LIMIT);
    }

    /** One page of events; {@code next} is the {@code before} value of the following page, or null at the end. */
    public record Page(List<RecordedEvent> events, Long next) {}
}
