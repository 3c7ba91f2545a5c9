package dev.coffer.audit;

import dev.coffer.access.Principal;
import dev.coffer.db.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * The audit log. The HTTP edge records every change and every refused request in one place;
 * other callers record through {@link #record(Handle, AuditEvent)} inside their own
 * transaction (the event commits or rolls back with their change), or through
 * {@link #denied} when they hide an object from someone by answering "not found".
 *
 * <p>Refusals of anonymous callers are counted rather than recorded one by one
 * ({@link #tallyAnonymous}), and events older than the retention are purged ({@link #purgeBefore}).
 *
 * <p>Callers never pass request bodies, query strings or headers: events must stay free of
 * secrets. Over-long texts are cut to a fixed length so a hostile request cannot bloat the log.
 */
public final class Audit {
    static final int MAX_TEXT = 1024;
    private static final int PURGE_BATCH = 5_000;
    private final Database db;
    private final AnonymousTally tally = new AnonymousTally();

    public Audit(Database db) {
        this.db = db;
    }

    /** Records {@code event} in a transaction of its own. */
    public void record(AuditEvent event) {
        db.useWrite(h -> record(h, event));
    }

    /** Records {@code event} in the caller's transaction. */
    public void record(Handle h, AuditEvent event) {
        h.createUpdate("""
                        INSERT INTO audit_events (at, actor_kind, actor_id, actor_name, team_id, action, target, outcome, remote_addr, detail)
                        VALUES (:at, :kind, :actorId, :actorName, :team, :action, :target, :outcome, :addr, :detail)""")
                .bind("at", db.now())
                .bind("kind", event.actor().kind())
                .bind("actorId", event.actor().id())
                .bind("actorName", cut(event.actor().name()))
                .bind("team", event.teamId())
                .bind("action", cut(event.action()))
                .bind("target", cut(event.target() == null ? "" : event.target()))
                .bind("outcome", event.outcome().label())
                .bind("addr", cut(event.remoteAddr()))
                .bind("detail", cut(event.detail()))
                .execute();
    }

    /**
     * Counts a refusal of an anonymous caller (no valid token or session) instead of recording
     * it at once; {@link #flushTally} writes the counts, one row per address, action and
     * {@code detail} (the status), so a flood of anonymous requests cannot flood the log.
     */
    public void tallyAnonymous(String action, Outcome outcome, String remoteAddr, String detail) {
        tally.add(cut(action), outcome, cut(remoteAddr), cut(detail), db.now());
    }

    /** Writes the anonymous refusals counted since the last flush, in one transaction; returns the rows written. */
    public int flushTally() {
        List<AuditEvent> events = tally.drain();
        if (events.isEmpty()) return 0;
        db.useWrite(h -> {
            for (AuditEvent e : events) record(h, e);
        });
        return events.size();
    }

    /** Deletes the events recorded before {@code cutoff} (epoch ms), a few thousand per transaction; returns how many went. */
    public long purgeBefore(long cutoff) {
        long total = 0;
        while (true) {
            int n = db.write(h -> h.createUpdate(
                            "DELETE FROM audit_events WHERE id IN (SELECT id FROM audit_events WHERE at < :cutoff ORDER BY id LIMIT :batch)")
                    .bind("cutoff", cutoff)
                    .bind("batch", PURGE_BATCH)
                    .execute());
            total += n;
            if (n < PURGE_BATCH) return total;
        }
    }

    /**
     * Records that {@code who} was refused {@code action} on {@code target}: for access checks
     * that answer "not found" to hide another team's objects, where no HTTP status tells.
     */
    public void denied(Principal who, Long teamId, String action, String target, String remoteAddr) {
        record(new AuditEvent(
                Actor.of(who), teamId, action, target, Outcome.DENIED, remoteAddr, "hidden as not found"));
    }

    /** One page of events matching {@code q}, newest first. */
    public AuditQuery.Page list(AuditQuery q) {
        StringBuilder sql = new StringBuilder("""
                SELECT e.id, e.at, e.actor_kind, e.actor_id, e.actor_name, e.team_id, t.name, e.action, e.target, e.outcome,
                       e.remote_addr, e.detail
                FROM audit_events e LEFT JOIN teams t ON t.id = e.team_id WHERE 1 = 1""");
        Map<String, Object> binds = new LinkedHashMap<>();
        filter(sql, binds, "e.team_id = :team", "team", q.teamId());
        filter(sql, binds, "e.actor_name = :actor", "actor", q.actor());
        filter(sql, binds, "e.action = :action", "action", q.action());
        filter(
                sql,
                binds,
                "e.outcome = :outcome",
                "outcome",
                q.outcome() == null ? null : q.outcome().label());
        filter(sql, binds, "e.at >= :since", "since", q.since());
        filter(sql, binds, "e.at < :until", "until", q.until());
        filter(sql, binds, "e.id < :before", "before", q.before());
        sql.append(" ORDER BY e.id DESC LIMIT :limit");
        List<RecordedEvent> rows = db.withHandle(h -> {
            Query query = h.createQuery(sql.toString()).bind("limit", q.limit() + 1);
            binds.forEach(query::bind);
            return query.map((rs, ctx) -> new RecordedEvent(
                            rs.getLong(1),
                            rs.getLong(2),
                            new Actor(rs.getString(3), nullableLong(rs, 4), rs.getString(5)),
                            nullableLong(rs, 6),
                            rs.getString(7),
                            rs.getString(8),
                            rs.getString(9),
                            Outcome.parse(rs.getString(10)),
                            rs.getString(11),
                            rs.getString(12)))
                    .list();
        });
        if (rows.size() <= q.limit()) return new AuditQuery.Page(rows, null);
        List<RecordedEvent> page = new ArrayList<>(rows.subList(0, q.limit()));
        return new AuditQuery.Page(page, page.getLast().id());
    }

    private static void filter(
            StringBuilder sql, Map<String, Object> binds, String condition, String name, Object value) {
        if (value == null) return;
        sql.append(" AND ").append(condition);
        binds.put(name, value);
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static String cut(String s) {
        return s == null || s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT);
    }
}
