package dev.coffer.access;

import dev.coffer.db.Database;
import dev.coffer.error.CofferException;
import dev.coffer.volume.Volume;

/**
 * The one place that decides access: every API route (and later every mount) asks it with
 * (principal, volume, action). Another team's volumes are answered as not found, so their
 * existence is not revealed.
 *
 * <p>Foundation rules: server admins may do everything; a member of the owning team may do
 * everything with its volumes. Roles (owner, admin, member, viewer) refine this later, here.
 * Whoever asks, a notebook's {@code /notebooks} volume is shown only while the notebook is
 * {@code Running}; otherwise the answer is a conflict saying so, and the files stay untouched.
 */
public final class Authorizer {
    private final Database db;

    public Authorizer(Database db) {
        this.db = db;
    }

    public void check(Principal who, Volume volume, Action action) {
        if (!who.admin()) requireMember(who, volume);
        if (volume.kind() == Volume.Kind.NOTEBOOK) {
            String state = db.withHandle(h -> h.createQuery("SELECT state FROM notebooks WHERE id = :id")
                    .bind("id", volume.notebookId()).mapTo(String.class).findOne().orElse(null));
            if (state == null) throw new CofferException.NotFound("no such volume");
            if (!state.equals("Running")) {
                throw new CofferException.Conflict("the notebook is " + state + ": its /notebooks files are shown only while it is Running"
                        + " (they are kept untouched meanwhile); start the notebook to reach them");
            }
        }
    }

    private void requireMember(Principal who, Volume volume) {
        String role = db.withHandle(h -> h.createQuery("SELECT role FROM team_members WHERE team_id = :t AND user_id = :u")
                .bind("t", volume.teamId()).bind("u", who.userId()).mapTo(String.class).findOne().orElse(null));
        if (role == null) throw new CofferException.NotFound("no such volume");
    }

    /**
     * Decides access to datasets, in one place: {@code teamId} owns the dataset, null for a
     * public one. Server admins may do everything. Public datasets are listed and read by every
     * signed-in user and written only by admins. A team's datasets are for the team's members;
     * to anyone else they do not exist (not found).
     */
    public void checkDataset(Principal who, Long teamId, Action action) {
        if (who.admin()) return;
        if (teamId == null) {
            if (action == Action.LIST || action == Action.READ) return;
            throw new CofferException.Forbidden("public datasets are changed only by server operators");
        }
        if (!canSeeTeam(who, teamId)) throw new CofferException.NotFound("no such dataset");
    }

    /** True when {@code who} may act inside team {@code teamId} at all. */
    public boolean canSeeTeam(Principal who, long teamId) {
        if (who.admin()) return true;
        return db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM team_members WHERE team_id = :t AND user_id = :u")
                .bind("t", teamId).bind("u", who.userId()).mapTo(Long.class).one()) > 0;
    }
}
