package dev.coffer.cli.mount;

import dev.coffer.cli.client.ApiClient;
import dev.coffer.wire.BillingWire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How much a team may still store, as far as the write-back needs to know: on a plan that bills
 * overage, always enough; on a hard-limited plan, the room the server last reported (asked again
 * at most every {@link #REFRESH_NANOS}) less what was sent since, with a margin. When the room is
 * unknown (the question failed) nothing is taken for write-back: a close then sends its file
 * itself and answers what the server says.
 */
final class PlanRoom {
    private static final Logger LOG = LoggerFactory.getLogger("dev.coffer.mount");
    private static final long REFRESH_NANOS = 2_000_000_000L;
    /** Kept free of write-back: other writers of the team (other mounts, the CLI) use the plan too. */
    private static final long MARGIN = 1L << 20;

    private final ApiClient api;
    private final String team;
    private long askedAt;
    private boolean tried;
    private boolean asked;
    private boolean unlimited;
    private long room;
    private long spentSince;

    PlanRoom(ApiClient api, String team) {
        this.api = api;
        this.team = team;
    }

    /** Whether {@code bytes} more (everything waiting included) fit in the plan. */
    synchronized boolean holds(long bytes) {
        if (!tried || System.nanoTime() - askedAt > REFRESH_NANOS) ask();
        if (!asked) return false;
        return unlimited || spentSince + bytes <= room - MARGIN;
    }

    /** Bytes the write-back committed since the plan was last asked about. */
    synchronized void spent(long bytes) {
        spentSince += bytes;
    }

    private void ask() {
        tried = true;
        askedAt = System.nanoTime();
        try {
            BillingWire.Utilization u = api.get(
                    "/api/v1/teams/" + ApiClient.encodeName(team) + "/utilization", BillingWire.Utilization.class);
            unlimited = u.includedBytes() == null || !u.plan().hardLimit();
            room = unlimited ? Long.MAX_VALUE : u.includedBytes() - u.usageBytes();
            spentSince = 0;
            asked = true;
        } catch (RuntimeException e) {
            LOG.warn(
                    "write-back: could not ask the team's plan ({}); closes send their files themselves",
                    e.getMessage());
            asked = false;
        }
    }
}
