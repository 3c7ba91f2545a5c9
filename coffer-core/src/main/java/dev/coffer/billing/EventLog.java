package dev.coffer.billing;

import dev.coffer.billing.Timeline.PlanChange;
import dev.coffer.billing.Timeline.UsageChange;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Reads a team's usage and plan events for a period. The cost grows with the events inside the
 * period, not with the team's whole history: the levels in force at the start come from the
 * latest event at or before it, one lookup each on the {@code (team_id, at)} keys.
 */
final class EventLog {
    private EventLog() {}

    /** The team's timeline over {@code [from, to)}; a team with no plan event before is on {@code defaultPlan}. */
    static Timeline timeline(Handle h, long teamId, long from, long to, String defaultPlan) {
        String planAtStart = h.createQuery("""
                        SELECT plan FROM plan_events WHERE team_id = :t AND at <= :from ORDER BY at DESC LIMIT 1""")
                .bind("t", teamId)
                .bind("from", from)
                .mapTo(String.class)
                .findOne()
                .orElse(defaultPlan);
        List<PlanChange> plans = h.createQuery("""
                        SELECT at, plan FROM plan_events WHERE team_id = :t AND at > :from AND at < :to ORDER BY at""")
                .bind("t", teamId)
                .bind("from", from)
                .bind("to", to)
                .map((rs, ctx) -> new PlanChange(rs.getLong(1), rs.getString(2)))
                .list();
        return new Timeline(usageAt(h, teamId, from), planAtStart, usageChanges(h, teamId, from, to), plans);
    }

    /** The team's usage at instant {@code at} (0 before its first event). */
    static long usageAt(Handle h, long teamId, long at) {
        return h.createQuery("""
                        SELECT usage_bytes FROM usage_events WHERE team_id = :t AND at <= :at ORDER BY at DESC LIMIT 1""")
                .bind("t", teamId)
                .bind("at", at)
                .mapTo(Long.class)
                .findOne()
                .orElse(0L);
    }

    /** Usage changes in {@code (from, to)}, by time. */
    static List<UsageChange> usageChanges(Handle h, long teamId, long from, long to) {
        return h.createQuery("""
                        SELECT at, usage_bytes FROM usage_events WHERE team_id = :t AND at > :from AND at < :to ORDER BY at""")
                .bind("t", teamId)
                .bind("from", from)
                .bind("to", to)
                .map((rs, ctx) -> new UsageChange(rs.getLong(1), rs.getLong(2)))
                .list();
    }
}
