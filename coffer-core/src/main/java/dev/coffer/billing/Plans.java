package dev.coffer.billing;

import dev.coffer.db.Database;
import dev.coffer.error.CofferException;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Which plan each team is on. A change takes effect from the instant given and is kept as an
 * event, so bills for any period can be recomputed. A team that was never given a plan is on the
 * catalog's default plan.
 */
public final class Plans {
    private final Database db;
    private final PlanCatalog catalog;

    public Plans(Database db, PlanCatalog catalog) {
        this.db = db;
        this.catalog = catalog;
    }

    public PlanCatalog catalog() {
        return catalog;
    }

    /** A team's current plan and since when it has been on it ({@code since} 0: never set, the default). */
    public record Assignment(Plan plan, long since) {}

    /**
     * Puts the team on {@code planName} from {@code at} on: updates its current plan and records
     * the change, in one transaction. Setting the plan the team is on already changes nothing.
     *
     * @throws CofferException.Invalid  when no plan has that name
     * @throws CofferException.NotFound when the team does not exist
     */
    public Assignment setPlan(long teamId, String planName, long at) {
        Plan plan = catalog.plan(planName);
        return db.write(h -> {
            requireTeam(h, teamId);
            Optional<Assignment> current = assignment(h, teamId);
            if (current.isPresent() && current.get().plan().name().equals(plan.name())) return current.get();
            return new Assignment(plan, record(h, teamId, plan.name(), at));
        });
    }

    /**
     * Gives a new team the default plan from {@code at} on, inside the caller's transaction (the
     * one creating the team), so its plan history starts with the team. Does nothing for a team
     * that has a plan already.
     */
    public Plan startOnDefaultPlan(Handle h, long teamId, long at) {
        Optional<Assignment> current = assignment(h, teamId);
        if (current.isPresent()) return current.get().plan();
        record(h, teamId, catalog.defaultPlan().name(), at);
        return catalog.defaultPlan();
    }

    public Plan planOf(long teamId) {
        return assignmentOf(teamId).plan();
    }

    /** The team's current plan, read inside the caller's transaction (quota checks). */
    public Plan planOf(Handle h, long teamId) {
        return assignment(h, teamId).map(Assignment::plan).orElse(catalog.defaultPlan());
    }

    public Assignment assignmentOf(long teamId) {
        return db.withHandle(h -> {
            requireTeam(h, teamId);
            return assignment(h, teamId).orElse(new Assignment(catalog.defaultPlan(), 0));
        });
    }

    /** Writes the current plan and the event; returns the event's time (never before the team's latest). */
    private static long record(Handle h, long teamId, String plan, long at) {
        long latest = h.createQuery("SELECT COALESCE(MAX(at), :at) FROM plan_events WHERE team_id = :t")
                .bind("t", teamId)
                .bind("at", at)
                .mapTo(Long.class)
                .one();
        long effective = Math.max(at, latest);
        h.createUpdate("""
                        INSERT INTO plan_events (team_id, at, plan) VALUES (:t, :at, :p)
                        ON CONFLICT (team_id, at) DO UPDATE SET plan = excluded.plan""")
                .bind("t", teamId)
                .bind("at", effective)
                .bind("p", plan)
                .execute();
        h.createUpdate("""
                        INSERT INTO team_plans (team_id, plan, since) VALUES (:t, :p, :at)
                        ON CONFLICT (team_id) DO UPDATE SET plan = excluded.plan, since = excluded.since""")
                .bind("t", teamId)
                .bind("at", effective)
                .bind("p", plan)
                .execute();
        return effective;
    }

    private Optional<Assignment> assignment(Handle h, long teamId) {
        return h.createQuery("SELECT plan, since FROM team_plans WHERE team_id = :t")
                .bind("t", teamId)
                .map((rs, ctx) -> new Assignment(planNamed(rs.getString(1)), rs.getLong(2)))
                .findOne();
    }

    private Plan planNamed(String name) {
        return catalog.find(name)
                .orElseThrow(() -> new CofferException.Invalid(
                        "the team is on plan '" + name + "', which the configuration no longer defines;" + " add plans."
                                + name + ".included (and its other settings) back, or move the team to another plan"));
    }

    static void requireTeam(Handle h, long teamId) {
        if (h.createQuery("SELECT COUNT(*) FROM teams WHERE id = :t")
                        .bind("t", teamId)
                        .mapTo(Long.class)
                        .one()
                == 0) {
            throw new CofferException.NotFound("no team with id " + teamId);
        }
    }
}
