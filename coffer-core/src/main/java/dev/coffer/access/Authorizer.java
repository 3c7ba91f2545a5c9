package dev.coffer.access;

import dev.coffer.db.Database;
import dev.coffer.db.Dialect;
import dev.coffer.error.CofferException;
import dev.coffer.volume.Volume;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

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
 *   <li>A notebook token reaches its notebook's files, its team's storage on the notebook's
 *       cluster and the team's datasets (read), and nothing at all while the notebook is not
 *       {@code Running} (refused when it authenticates, see {@link NotebookTokens}).
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
        db.withHandle(h -> {
            decide(h, who, volume, action, false);
            return null;
        });
    }

    /**
     * Decides {@link #check} again inside a write transaction {@code h}, just before it commits:
     * a long upload or a large batch is authorised when its request begins, and meanwhile the
     * caller's role may be lowered or removed, its notebook token revoked, or the notebook
     * stopped. This re-reads all of that in {@code h} and throws the same refusal {@link #check}
     * would, so the transaction rolls back and nothing of it is kept. On PostgreSQL the rows read
     * (membership, notebook, notebook token) are share-locked until the transaction ends, so a
     * stop or a removal that commits at the same moment waits for this commit or is seen by it;
     * on SQLite every write transaction already runs alone. Call it after the team's usage lock
     * (the order every write takes), so it never waits on a row while holding one that a notebook
     * deletion wants first.
     */
    public void recheck(Handle h, Principal who, Volume volume, Action action) {
        if (who.isNotebook()) recheckNotebookToken(h, who);
        decide(h, who, volume, action, true);
    }

    private void decide(Handle h, Principal who, Volume volume, Action action, boolean lock) {
        if (who.isNotebook()) checkNotebookScope(who, volume, action);
        Role role = role(h, who, volume.teamId(), lock)
                .orElseThrow(() -> deny(
                        who,
                        volume.teamId(),
                        action + " " + volume.kind().code,
                        new CofferException.NotFound("no such volume")));
        Role least = leastFor(action);
        if (!role.atLeast(least)) {
            throw deny(
                    who,
                    volume.teamId(),
                    action + " " + volume.kind().code,
                    new CofferException.Forbidden("your role in this team is '" + role.code() + "', which may not "
                            + verb(action) + " here (needs " + least.code() + " or more)"));
        }
        // Deleting a notebook works in any state; its files are reachable only while it runs.
        if (volume.kind() == Volume.Kind.NOTEBOOK && action != Action.MANAGE) requireRunning(h, volume, lock);
    }

    /** Decides an action on a public dataset (one that belongs to no team). */
    public void checkPublic(Principal who, Action action) {
        if (action == Action.LIST || action == Action.READ) return;
        if (!who.admin()) {
            throw deny(
                    who,
                    null,
                    action + " public dataset",
                    new CofferException.Forbidden("public datasets are changed only by server operators"));
        }
    }

    /** Decides an action on a team itself; a team the principal is not in is "not found". */
    public Role checkTeam(Principal who, long teamId, String teamName, TeamAction action) {
        if (who.isNotebook()
                && action != TeamAction.VIEW
                && action != TeamAction.SEND_CHUNKS
                && action != TeamAction.WRITE_SOURCES
                && role(who, teamId).isPresent()) {
            throw deny(
                    who,
                    teamId,
                    action.name(),
                    new CofferException.Forbidden(
                            "a notebook token only reads and writes files; use a personal token"));
        }
        Role role = role(who, teamId)
                .orElseThrow(() -> deny(
                        who, teamId, action.name(), new CofferException.NotFound("no team named '" + teamName + "'")));
        if (!role.atLeast(action.least)) {
            throw deny(
                    who,
                    teamId,
                    action.name(),
                    new CofferException.Forbidden("your role in team '" + teamName + "' is '" + role.code()
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
        db.withHandle(h -> {
            decideDataset(h, who, teamId, action, false);
            return null;
        });
    }

    /** {@link #checkDataset} again inside write transaction {@code h}; see {@link #recheck}. */
    public void recheckDataset(Handle h, Principal who, Long teamId, Action action) {
        if (who.isNotebook()) recheckNotebookToken(h, who);
        decideDataset(h, who, teamId, action, true);
    }

    private void decideDataset(Handle h, Principal who, Long teamId, Action action, boolean lock) {
        if (teamId == null) {
            if (who.isPlatform())
                throw deny(who, null, action + " public dataset", new CofferException.NotFound("no such dataset"));
            checkPublic(who, action);
            // Operator rights may be taken away while a public draft is filled: read them again.
            if (lock && action != Action.LIST && action != Action.READ && !isAdmin(h, who.userId())) {
                throw deny(
                        who,
                        null,
                        action + " public dataset",
                        new CofferException.Forbidden("public datasets are changed only by server operators"));
            }
            return;
        }
        Role role = role(h, who, teamId, lock)
                .orElseThrow(
                        () -> deny(who, teamId, action + " dataset", new CofferException.NotFound("no such dataset")));
        if (who.isNotebook() && action != Action.LIST && action != Action.READ) {
            throw deny(
                    who,
                    teamId,
                    action + " dataset",
                    new CofferException.Forbidden(
                            "a notebook token reads datasets; changing them needs a personal token"));
        }
        Role least = leastFor(action);
        if (!role.atLeast(least)) {
            throw deny(
                    who,
                    teamId,
                    action + " dataset",
                    new CofferException.Forbidden("your role in this team is '" + role.code() + "', which may not "
                            + (action == Action.MANAGE
                                    ? "delete datasets or committed versions"
                                    : verb(action) + " datasets")
                            + " (needs " + least.code() + " or more)"));
        }
    }

    /** True when {@code who} is a member of team {@code teamId} (any role). */
    public boolean canSeeTeam(Principal who, long teamId) {
        return role(who, teamId).isPresent();
    }

    /** Server-wide operations (clusters, users, public datasets, plans, gc, fsck) are for operators. */
    public void requireOperator(Principal who, String what) {
        if (!who.admin())
            throw deny(who, null, what, new CofferException.Forbidden("only server operators may " + what));
    }

    /**
     * Actions that make a user the owner of something new (creating a team) need a user: a
     * platform token has none, and a notebook token is scoped to its notebook's files.
     */
    public void requireUser(Principal who, String what) {
        if (who.isPlatform() || who.isNotebook()) {
            throw deny(
                    who,
                    null,
                    what,
                    new CofferException.Forbidden("a " + (who.isPlatform() ? "platform" : "notebook")
                            + " token may not " + what + "; use a personal token or sign in"));
        }
    }

    public Optional<Role> role(Principal who, long teamId) {
        return db.withHandle(h -> role(h, who, teamId, false));
    }

    private Optional<Role> role(Handle h, Principal who, long teamId, boolean lock) {
        // A notebook token acts for its member, in the notebook's team only.
        if (who.isNotebook() && teamId != who.notebookTeamId()) return Optional.empty();
        return h.createQuery("SELECT role FROM team_members WHERE team_id = :t AND user_id = :u" + forShare(lock))
                .bind("t", teamId)
                .bind("u", who.userId())
                .mapTo(String.class)
                .findOne()
                .map(Role::of);
    }

    /**
     * A notebook token reaches its own {@code /notebooks} and its team's storage on its own
     * cluster; any other volume is "not found" (a notebook on cluster A never sees storage on B).
     */
    private void checkNotebookScope(Principal who, Volume volume, Action action) {
        boolean own = volume.kind() == Volume.Kind.NOTEBOOK && who.notebookId().equals(volume.notebookId());
        boolean clusterStorage = volume.kind() == Volume.Kind.STORAGE
                && who.clusterId().equals(volume.clusterId())
                && volume.teamId() == who.notebookTeamId();
        if (!own && !clusterStorage)
            throw deny(
                    who,
                    volume.teamId(),
                    action + " " + volume.kind().code,
                    new CofferException.NotFound("no such volume"));
        if (action == Action.MANAGE) {
            throw deny(
                    who,
                    volume.teamId(),
                    action + " " + volume.kind().code,
                    new CofferException.Forbidden(
                            "a notebook token reads and writes files; deleting notebooks or volumes needs a personal token"));
        }
    }

    /**
     * The checks {@link NotebookTokens#authenticate} made when the request began, made again:
     * the token still exists (its notebook too), is neither revoked nor expired, and its notebook
     * is Running. Same refusals as there.
     */
    private void recheckNotebookToken(Handle h, Principal who) {
        record Row(Long revokedAt, long expiresAt, String notebook, String state) {}
        Row row = h.createQuery("""
                        SELECT t.revoked_at, t.expires_at, n.name, n.state FROM notebook_tokens t JOIN notebooks n ON n.id = t.notebook_id
                        WHERE t.id = :id""" + forShare(true))
                .bind("id", who.tokenId())
                .map((rs, ctx) -> new Row(
                        rs.getObject(1) == null ? null : rs.getLong(1),
                        rs.getLong(2),
                        rs.getString(3),
                        rs.getString(4)))
                .findOne()
                .orElseThrow(() -> new CofferException.Unauthorized("the API token is not valid"));
        NotebookTokens.refuseUnusable(row.revokedAt(), row.expiresAt(), db.now());
        NotebookTokens.requireRunning(row.notebook(), row.state());
    }

    private static boolean isAdmin(Handle h, long userId) {
        return h.createQuery("SELECT is_admin FROM users WHERE id = :u")
                        .bind("u", userId)
                        .mapTo(Integer.class)
                        .findOne()
                        .orElse(0)
                != 0;
    }

    private void requireRunning(Handle h, Volume volume, boolean lock) {
        String state = h.createQuery("SELECT state FROM notebooks WHERE id = :id" + forShare(lock))
                .bind("id", volume.notebookId())
                .mapTo(String.class)
                .findOne()
                .orElse(null);
        if (state == null) throw new CofferException.NotFound("no such volume");
        if (!state.equals("Running")) {
            throw new CofferException.Conflict(
                    "the notebook is " + state + ": its /notebooks files are shown only while it is Running"
                            + " (they are kept untouched meanwhile); start the notebook to reach them");
        }
    }

    /** Share-locks the rows read, on PostgreSQL, when deciding inside a write transaction. */
    private String forShare(boolean lock) {
        return lock && db.dialect() == Dialect.POSTGRESQL ? " FOR SHARE" : "";
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
