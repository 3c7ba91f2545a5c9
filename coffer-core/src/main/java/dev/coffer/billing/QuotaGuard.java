package dev.coffer.billing;

import dev.coffer.content.ContentStore;
import dev.coffer.error.CofferException;
import dev.coffer.usage.TeamUsage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Handle;

/**
 * The hard stop of plans with a hard limit (Free): a change that would take a team's usage past
 * what its plan includes is refused inside its own transaction, so nothing of it is kept. Usage
 * changes of one team take turns (see {@link TeamUsage}), so racing writers cannot pass the limit
 * together. Changes that lower usage, or keep it where it is, are always allowed, even above the
 * limit (after a downgrade a team must be able to delete). Paid plans never refuse: they bill.
 */
public final class QuotaGuard implements TeamUsage.UsageListener {
    private final Plans plans;

    public QuotaGuard(Plans plans) {
        this.plans = plans;
    }

    @Override
    public void changed(Handle h, long teamId, long before, long after, long at) {
        if (after <= before) return;
        Plan plan = plans.planOf(h, teamId);
        if (!plan.hardLimit() || plan.unlimited() || after <= plan.includedBytes()) return;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("plan", plan.name());
        details.put("limitBytes", plan.includedBytes());
        details.put("usageBytes", before);
        details.put("wouldUseBytes", after);
        throw new CofferException.QuotaExceeded(
                "this change would take the team's storage to " + human(after)
                        + ", past the " + human(plan.includedBytes()) + " its " + plan.displayName()
                        + " plan includes (in use now: "
                        + human(before)
                        + "); nothing of it was kept. Free space by deleting files, notebooks or dataset versions"
                        + " (the Storage view shows what each frees), or move the team to a paid plan",
                details);
    }

    /**
     * Before new bytes of team {@code teamId} are stored: on a plan with a hard limit, the bytes
     * the team sent lately without committing them (its reservation) and these may not exceed
     * what the plan includes. Without this a team could fill the store with bytes it never
     * commits. What it holds is not counted here: an upload may replace a larger file, and the
     * commit, which knows, remains the exact check.
     */
    public void admitUpload(Handle h, long teamId, long newBytes, LongSupplier pending) {
        Plan plan = plans.planOf(h, teamId);
        if (!plan.hardLimit() || plan.unlimited()) return;
        if (newBytes <= plan.includedBytes()) {
            long reserved = pending.getAsLong();
            if (reserved + newBytes <= plan.includedBytes()) return;
            refuseUpload(plan, h, teamId, newBytes, reserved);
        }
        refuseUpload(plan, h, teamId, newBytes, 0);
    }

    private static void refuseUpload(Plan plan, Handle h, long teamId, long newBytes, long reserved) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("plan", plan.name());
        details.put("limitBytes", plan.includedBytes());
        details.put("usageBytes", TeamUsage.bytes(h, teamId));
        details.put("uncommittedBytes", reserved);
        details.put("uploadBytes", newBytes);
        throw new CofferException.QuotaExceeded(
                "this upload of " + human(newBytes) + " does not fit in the "
                        + human(plan.includedBytes()) + " the team's " + plan.displayName()
                        + " plan includes (sent in the last "
                        + ContentStore.RESERVATION_MS / 60_000 + " minutes but not committed: " + human(reserved)
                        + "); nothing of it was kept. Commit or finish what is in flight, free space by deleting files, notebooks"
                        + " or dataset versions, or move the team to a paid plan",
                details);
    }

    /** A size for people (decimal units, two decimals); the exact bytes are in the problem's details. */
    static String human(long bytes) {
        String[] units = {"TB", "GB", "MB", "KB"};
        long[] sizes = {1_000_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L};
        for (int i = 0; i < units.length; i++) {
            if (bytes >= sizes[i]) {
                return BigDecimal.valueOf(bytes)
                                .divide(BigDecimal.valueOf(sizes[i]), 2, RoundingMode.HALF_UP)
                                .stripTrailingZeros()
                                .toPlainString()
                        + " " + units[i];
            }
        }
        return bytes + " bytes";
    }
}
