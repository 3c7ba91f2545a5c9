package dev.coffer.access;

import dev.coffer.db.Database;
import dev.coffer.error.CofferException;
import dev.coffer.volume.Volume;
import java.util.Optional;

/**
 * The one place that decides access: every API route (and every mount) asks it with
 * (principal, team role, volume or team, action). The rules, also listed in docs/user-guide.md:
 *
 * <ul>
 *   <li>A team's volumes ({@code /notebooks}, {@code /storage}, team datasets): viewers list and
 *       read; members also write and delete; admins and owners also manage (delete a notebook,
 *       a whole storage volume, a dataset or a committed version).
 *   <li>Someone who is not a member of the team is answered "not found", whatever they ask, so the
 *       existence of another team's objects is not revealed. That holds for server operators too:
 *       they run the server (clusters, users, public datasets, plans), they do not read teams' data.
 *   <li>Public datasets: every signed-in user lists and reads them; only operators change them.
 *   <li>Whoever asks, a notebook's {@code /notebooks} is shown only while the notebook is
 *       {@code Running}; otherwise the answer is a conflict saying so and the files stay untouched.
 * </ul>
 *
 * Roles are read on every decision (nothing is cached), so removing a member or changing a role
 * takes effect on the next request, tokens included.
 */
public final class Authorizer {
    /** Told about every refusal, for the audit log. */
    @FunctionalInterface
    public interface DenialListener {
        void denied(Principal who, Long teamId, String what);
    }

    private final Database db;
    private volatile DenialListener denials = (who, team, what) -> {};

    public Authorizer(Database db) {
        this.db = db;
    }

    public void onDenied(DenialListener listener) {
        this.denials = listener;
    }

    /** Decides an action on a team's volume; throws NotFound, Forbidden or Conflict when refused. */
    public void check(Principal who, Volume volume, Action action) {
        if (who.isNotebook()) checkNotebookScope(who, volume, action);
        Role role = role(who, volume.teamId())
                .orElseThrow(() -> deny(who, volume.teamId(), action + " " + volume.kind().code, new CofferException.NotFound("no such volume")));
        Role least = leastFor(action);
        if (!role.atLeast(least)) {
            throw deny(who, volume.teamId(), action + " " + volume.kind().code, new CofferException.Forbidden(
                    "your role in this team is '" + role.code() + "', which may not " + verb(action) + " here (needs " + least.code() + " or more)"));
        }
        // Deleting a notebook works in any state; its files are reachable only while it runs.
        if (volume.kind() == Volume.Kind.NOTEBOOK && action != Action.MANAGE) requireRunning(volume);
    }

    /** Decides an action on a public dataset (one that belongs to no team). */
    public void checkPublic(Principal who, Action action) {
        if (action == Action.LIST || action == Action.READ) return;
        if (!who.admin()) {
            throw deny(who, null, action + " public dataset",
                    new CofferException.Forbidden("public datasets are changed only by server operators"));
        }
    }

    /** Decides an action on a team itself; a team the principal is not in is "not found". */
    public Role checkTeam(Principal who, long teamId, String teamName, TeamAction action) {
        if (who.isNotebook() && action != TeamAction.VIEW && action != TeamAction.SEND_CHUNKS && role(who, teamId).isPresent()) {
            throw deny(who, teamId, action.name(), new CofferException.Forbidden("a notebook token only reads and writes files; use a personal token"));
        }
        Role role = role(who, teamId)
                .orElseThrow(() -> deny(who, teamId, action.name(), new CofferException.NotFound("no team named '" + teamName + "'")));
        if (!role.atLeast(action.least)) {
            throw deny(who, teamId, action.name(), new CofferException.Forbidden("your role in team '" + teamName + "' is '" + role.code()
                    + "'; this needs " + action.least.code() + " or more"));
        }
        return role;
    }

    /**
     * Decides access to datasets: {@code teamId} owns the dataset, null for a public one. A team's
     * datasets follow the team's roles like its volumes (viewers list and read, members write
     * drafts, admins delete datasets and committed versions); to anyone else they do not exist.
     * Notebook tokens read datasets of their team (mounts show them read-only). Public datasets
     * are listed and read by every signed-in user and changed only by operators.
     */
    public void checkDataset(Principal who, Long teamId, Action action) {
        if (teamId == null) {
            if (who.isPlatform()) throw deny(who, null, action + " public dataset", new CofferException.NotFound("no such dataset"));
            checkPublic(who, action);
            return;
        }
        Role role = role(who, teamId).orElseThrow(() -> deny(who, teamId, action + " dataset", new CofferException.NotFound("no such dataset")));
        if (who.isNotebook() && action != Action.LIST && action != Action.READ) {
            throw deny(who, teamId, action + " dataset", new CofferException.Forbidden("a notebook token reads datasets; changing them needs a personal token"));
        }
        Role least = leastFor(action);
        if (!role.atLeast(least)) {
            throw deny(who, teamId, action + " dataset", new CofferException.Forbidden(
                    "your role in this team is '" + role.code() + "', which may not "
                            + (action == Action.MANAGE ? "delete datasets or committed versions" : verb(action) + " datasets") + " (needs " + least.code() + " or more)"));
        }
    }

    /** True when {@code who} is a member of team {@code teamId} (any role). */
    public boolean canSeeTeam(Principal who, long teamId) {
        return role(who, teamId).isPresent();
    }

    /** Server-wide operations (clusters, users, public datasets, plans, gc, fsck) are for operators. */
    public void requireOperator(Principal who, String what) {
        if (!who.admin()) throw deny(who, null, what, new CofferException.Forbidden("only server operators may " + what));
    }

    public Optional<Role> role(Principal who, long teamId) {
        // A notebook token acts for its member, in the notebook's team only.
        if (who.isNotebook() && teamId != notebookTeam(who)) return Optional.empty();
        return db.withHandle(h -> h.createQuery("SELECT role FROM team_members WHERE team_id = :t AND user_id = :u")
                .bind("t", teamId).bind("u", who.userId()).mapTo(String.class).findOne().map(Role::of));
    }

    /**
     * A notebook token reaches its own {@code /notebooks} and its team's storage on its own
     * cluster; any other volume is "not found" (a notebook on cluster A never sees storage on B).
     */
    private void checkNotebookScope(Principal who, Volume volume, Action action) {
        boolean own = volume.kind() == Volume.Kind.NOTEBOOK && who.notebookId().equals(volume.notebookId());
        boolean clusterStorage = volume.kind() == Volume.Kind.STORAGE && who.clusterId().equals(volume.clusterId())
                && volume.teamId() == notebookTeam(who);
        if (!own && !clusterStorage) throw deny(who, volume.teamId(), action + " " + volume.kind().code, new CofferException.NotFound("no such volume"));
        if (action == Action.MANAGE) {
            throw deny(who, volume.teamId(), action + " " + volume.kind().code,
                    new CofferException.Forbidden("a notebook token reads and writes files; deleting notebooks or volumes needs a personal token"));
        }
    }

    private long notebookTeam(Principal who) {
        return db.withHandle(h -> h.createQuery("SELECT team_id FROM notebooks WHERE id = :n").bind("n", who.notebookId())
                .mapTo(Long.class).findOne().orElse(-1L));
    }

    private void requireRunning(Volume volume) {
        String state = db.withHandle(h -> h.createQuery("SELECT state FROM notebooks WHERE id = :id")
                .bind("id", volume.notebookId()).mapTo(String.class).findOne().orElse(null));
        if (state == null) throw new CofferException.NotFound("no such volume");
        if (!state.equals("Running")) {
            throw new CofferException.Conflict("the notebook is " + state + ": its /notebooks files are shown only while it is Running"
                    + " (they are kept untouched meanwhile); start the notebook to reach them");
        }
    }

    private CofferException deny(Principal who, Long teamId, String what, CofferException answer) {
        try {
            denials.denied(who, teamId, what);
        } catch (RuntimeException e) {
            // The audit trail must not turn a refusal into a different answer.
        }
        return answer;
    }

    private static Role leastFor(Action action) {
        return switch (action) {
            case LIST, READ -> Role.VIEWER;
            case WRITE, DELETE -> Role.MEMBER;
            case MANAGE -> Role.ADMIN;
        };
    }

    private static String verb(Action action) {
        return switch (action) {
            case LIST -> "list";
            case READ -> "read";
            case WRITE -> "write";
            case DELETE -> "delete";
            case MANAGE -> "manage volumes";
        };
    }
}
