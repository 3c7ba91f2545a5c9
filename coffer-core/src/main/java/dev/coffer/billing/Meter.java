package dev.coffer.billing;

import org.jdbi.v3.core.Handle;

/**
 * Records a team's usage level after each change, for billing.
 *
 * <p>Call it inside the transaction that changed the usage, so the event exists exactly when the
 * change does. It is one statement: an insert, or, when the team's latest event is at the same
 * millisecond, an update of it (the level after the last change of that millisecond is what
 * counts). Times never go backwards per team: an event older than the team's latest one (the
 * clocks of two servers disagree) is recorded at the latest one's time, so the last change
 * committed is always the level in force. The caller's transaction must serialise the team's
 * usage changes (it updates the team's usage counter), which keeps that reading consistent.
 */
public final class Meter {
    private Meter() {}

    public static void recordUsage(Handle h, long teamId, long usageBytes, long atMillis) {
        if (usageBytes < 0) throw new IllegalArgumentException("usage cannot be negative: " + usageBytes);
        h.createUpdate("""
                        INSERT INTO usage_events (team_id, at, usage_bytes)
                        SELECT :t, CASE WHEN MAX(at) > :at THEN MAX(at) ELSE :at END, :u
                        FROM usage_events WHERE team_id = :t
                        ON CONFLICT (team_id, at) DO UPDATE SET usage_bytes = excluded.usage_bytes""")
                .bind("t", teamId)
                .bind("at", atMillis)
                .bind("u", usageBytes)
                .execute();
    }
}
