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

    /** True when {@code who} may act inside team {@code teamId} at all. */
    public boolean canSeeTeam(Principal who, long teamId) {
        if (who.admin()) return true;
        return db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM team_members WHERE team_id = :t AND user_id = :u")
                .bind("t", teamId).bind("u", who.userId()).mapTo(Long.class).one()) > 0;
    }
}
