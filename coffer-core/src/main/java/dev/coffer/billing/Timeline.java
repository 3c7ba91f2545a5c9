package dev.coffer.billing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A team's usage and plan as step functions of time: the levels in force at the start of a
 * period and the changes after it. A change at instant {@code t} holds from {@code t} on; of
 * several changes at one instant the last one listed wins. Changes at or before the start of
 * the period being billed are folded into the starting level, so a whole history may be given.
 *
 * @param usageAtStart bytes used at the start
 * @param planAtStart  plan name in force at the start
 * @param usage        changes of usage, by time
 * @param plans        changes of plan, by time
 */
public record Timeline(long usageAtStart, String planAtStart, List<UsageChange> usage, List<PlanChange> plans) {

    /** The team's usage is {@code usageBytes} from {@code at} on. */
    public record UsageChange(long at, long usageBytes) {}

    /** The team is on {@code plan} from {@code at} on. */
    public record PlanChange(long at, String plan) {}

    public Timeline {
        // A stable sort keeps the order of changes at the same instant: the last one wins.
        usage = usage.stream().sorted(Comparator.comparingLong(UsageChange::at)).toList();
        plans = plans.stream().sorted(Comparator.comparingLong(PlanChange::at)).toList();
    }

    public static Builder starting(long usageBytes, String plan) {
        return new Builder(usageBytes, plan);
    }

    /** For writing timelines by hand (tests, tools). */
    public static final class Builder {
        private final long usageAtStart;
        private final String planAtStart;
        private final List<UsageChange> usage = new ArrayList<>();
        private final List<PlanChange> plans = new ArrayList<>();

        private Builder(long usageAtStart, String planAtStart) {
            this.usageAtStart = usageAtStart;
            this.planAtStart = planAtStart;
        }

        public Builder usage(long at, long usageBytes) {
            usage.add(new UsageChange(at, usageBytes));
            return this;
        }

        public Builder plan(long at, String plan) {
            plans.add(new PlanChange(at, plan));
            return this;
        }

        public Timeline build() {
            return new Timeline(usageAtStart, planAtStart, usage, plans);
        }
    }
}
