package dev.coffer.cli.mount;

import dev.coffer.cli.client.ApiClient;
import dev.coffer.wire.BillingWire;
import org.cryptomator.jfuse.api.Statvfs;

/**
 * What {@code df} shows for the mount: the team's plan, not a disk. A hard-limited plan shows its
 * size with the team's usage taken; a plan that bills overage shows a terabyte beyond what is
 * included, so tools that check free space before writing do not stop at the included size.
 */
final class FreeSpace {
    private static final long BLOCK = 4096;
    private static final long BEYOND_INCLUDED = 1L << 40;

    private final ApiClient api;
    private final String team;

    FreeSpace(ApiClient api, String team) {
        this.api = api;
        this.team = team;
    }

    void fill(Statvfs statvfs) {
        BillingWire.Utilization u =
                api.get("/api/v1/teams/" + ApiClient.encodeName(team) + "/utilization", BillingWire.Utilization.class);
        long used = u.usageBytes();
        long included = u.includedBytes() == null ? 0 : u.includedBytes();
        long total = u.includedBytes() != null && u.plan().hardLimit()
                ? Math.max(included, used)
                : Math.max(included, used) + BEYOND_INCLUDED;
        statvfs.setBsize(BLOCK);
        statvfs.setFrsize(BLOCK);
        statvfs.setBlocks(total / BLOCK);
        statvfs.setBfree((total - used) / BLOCK);
        statvfs.setBavail((total - used) / BLOCK);
        statvfs.setNameMax(255);
    }
}
