package dev.coffer.audit;

/** An event as stored, with its id (the paging key), time and the team's current name. */
public record RecordedEvent(
        long id,
        long at,
        Actor actor,
        Long teamId,
        String teamName,
        String action,
        String target,
        Outcome outcome,
        String remoteAddr,
        String detail) {}
