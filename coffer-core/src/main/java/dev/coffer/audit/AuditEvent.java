package dev.coffer.audit;

/**
 * One event to record. {@code teamId} is null when the action concerns no team;
 * {@code target} is the concrete object (a path such as
 * {@code /teams/default/storage/default/files/a.txt}); {@code detail} is a short, secret-free
 * note (such as the HTTP status).
 */
public record AuditEvent(
        Actor actor, Long teamId, String action, String target, Outcome outcome, String remoteAddr, String detail) {}
