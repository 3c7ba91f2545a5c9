package dev.coffer.team;

import dev.coffer.error.CofferException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The life of a notebook as its platform reports it, and the moves between states that a report
 * may make (docs/design/identity.md, "Notebook states"). Files and notebook tokens work only while
 * a notebook is {@link #RUNNING}, so the table guards the way into that state: it is reached only
 * from {@link #STARTING}, which is reached only from {@link #STOPPED}. Every way out of Running is
 * open, because a notebook that stops unannounced (its machine died) must lose access at once
 * rather than wait for a report the table would otherwise demand first.
 */
public enum NotebookState {
    STOPPED("Stopped"),
    STARTING("Starting"),
    RUNNING("Running"),
    STOPPING("Stopping");

    public final String code;

    NotebookState(String code) {
        this.code = code;
    }

    /** The states a report may move a notebook to from this one (the same state is a no-op, not a move). */
    public Set<NotebookState> next() {
        return switch (this) {
            case STOPPED -> EnumSet.of(STARTING);
            case STARTING -> EnumSet.of(RUNNING, STOPPING, STOPPED);
            case RUNNING -> EnumSet.of(STOPPING, STOPPED);
            case STOPPING -> EnumSet.of(STOPPED);
        };
    }

    public List<String> nextCodes() {
        return next().stream().map(s -> s.code).toList();
    }

    /**
     * Refuses a move the table does not allow, naming the current state and the legal next ones
     * (also as {@code state} and {@code allowed} in the problem details, for platforms that retry).
     */
    public void requireMoveTo(NotebookState to, String notebook) {
        if (to == this || next().contains(to)) return;
        throw new CofferException.Conflict(
                "notebook '" + notebook + "' is " + code + "; from " + code + " it can move only to "
                        + String.join(" or ", nextCodes()) + ", not to " + to.code,
                Map.of("state", code, "allowed", nextCodes()));
    }

    public static NotebookState of(String code) {
        for (NotebookState s : values()) if (s.code.equals(code)) return s;
        throw new CofferException.Invalid("state must be one of "
                + String.join(", ", Arrays.stream(values()).map(s -> s.code).toList()) + "; got '" + code + "'");
    }
}
