package dev.coffer.wire;

import java.util.List;

/** The audit log. */
public final class AuditWire {
    private AuditWire() {}

    /** How a recorded request ended. */
    public enum Outcome implements Coded {
        OK,
        DENIED,
        FAILED;

        @Override
        public String toString() {
            return code();
        }
    }

    /**
     * One event: {@code at} in epoch milliseconds and {@code time} the same as ISO-8601;
     * {@code actorKind} is user or anonymous; {@code team} is the team's current name.
     */
    public record AuditEvent(
            long id,
            long at,
            String time,
            String actorKind,
            @Nullable Long actorId,
            @Nullable String actor,
            @Nullable Long teamId,
            @Nullable String team,
            String action,
            @Nullable String target,
            Outcome outcome,
            @Nullable String remoteAddr,
            @Nullable String detail) {}

    /** Newest first; {@code next} is the {@code before} of the next page, null on the last. */
    public record AuditPage(
            List<AuditEvent> events, @Nullable Long next) {}
}
