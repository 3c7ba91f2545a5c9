package dev.coffer.team;

import dev.coffer.access.Principal;
import dev.coffer.access.Tokens;
import dev.coffer.db.Database;
import dev.coffer.db.Dialect;
import dev.coffer.error.CofferException;
import dev.coffer.tree.VolumeTree;
import dev.coffer.usage.TeamUsage;
import dev.coffer.volume.Volume;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Teams, clusters and notebooks, and the volumes they own. Volumes are created on first use: a
 * team's storage on a cluster exists as soon as someone touches it.
 */
public final class Teams {
    public static final String DEFAULT = "default";

    private final Database db;
    private final TeamUsage usage;

    public Teams(Database db, TeamUsage usage) {
        this.db = db;
        this.usage = usage;
    }

    public record Bootstrap(boolean created, String adminName) {}

    /** Like {@link #bootstrap(String, String)}, for an admin who signs in with tokens only. */
    public Bootstrap bootstrap(String adminToken) {
        return bootstrap(adminToken, null);
    }

    /**
     * On an empty database: creates the admin user (with its Private Workspace), the team and the
     * cluster named {@code default}, stores {@code adminToken} as the admin's API token and, when
     * not null, {@code adminPasswordHash} (an Argon2id hash) as the admin's password. Does nothing
     * when users exist already (a restart, or a second server on the same database).
     */
    /** The PostgreSQL advisory lock that first-start set-ups take (any fixed number, used for nothing else). */
    private static final long BOOTSTRAP_LOCK = 0x436f66666572L; // "Coffer"

    public Bootstrap bootstrap(String adminToken, String adminPasswordHash) {
        return db.write(h -> {
            // Several servers started at once on an empty PostgreSQL: one sets it up, the others
            // wait here and then find its users. (SQLite has one writer: nothing to wait for.)
            if (db.dialect() == Dialect.POSTGRESQL)
                h.createQuery("SELECT pg_advisory_xact_lock(:key)::text")
                        .bind("key", BOOTSTRAP_LOCK)
                        .mapTo(String.class)
                        .one();
            if (h.createQuery("SELECT COUNT(*) FROM users").mapTo(Long.class).one() > 0)
                return new Bootstrap(false, "admin");
            long now = db.now();
            long user = h.createQuery(
                            "INSERT INTO users (name, is_admin, password_hash, created_at) VALUES ('admin', 1, :p, :now) RETURNING id")
                    .bind("p", adminPasswordHash)
                    .bind("now", now)
                    .mapTo(Long.class)
                    .one();
            PrivateWorkspaces.create(h, user, "admin", now);
            long team = h.createQuery("INSERT INTO teams (name, created_at) VALUES (:n, :now) RETURNING id")
                    .bind("n", DEFAULT)
                    .bind("now", now)
                    .mapTo(Long.class)
                    .one();
            h.createUpdate("INSERT INTO team_members (team_id, user_id, role) VALUES (:t, :u, 'owner')")
                    .bind("t", team)
                    .bind("u", user)
                    .execute();
            h.createUpdate("INSERT INTO clusters (name, created_at) VALUES (:n, :now)")
                    .bind("n", DEFAULT)
                    .bind("now", now)
                    .execute();
            h.createUpdate(
                            "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (:u, 'first-start', :h, :now)")
                    .bind("u", user)
                    .bind("h", Tokens.hash(adminToken))
                    .bind("now", now)
                    .execute();
            return new Bootstrap(true, "admin");
        });
    }

    public record Team(long id, String name) {}

    public record Cluster(long id, String name) {}

    public record Notebook(long id, long teamId, String name, String cluster, String state) {}

    public Team team(String name) {
        return db.withHandle(h -> h.createQuery("SELECT id, name FROM teams WHERE name = :n")
                .bind("n", name)
                .map((rs, ctx) -> new Team(rs.getLong(1), rs.getString(2)))
                .findOne()
                .orElseThrow(() -> new CofferException.NotFound("no team named '" + name + "'")));
    }

    /** Creates a team with {@code ownerUserId} as its first owner. */
    public Team createTeam(String name, long ownerUserId) {
        checkTeamName(name);
        return db.write(h -> {
            if (h.createQuery("SELECT COUNT(*) FROM teams WHERE name = :n")
                            .bind("n", name)
                            .mapTo(Long.class)
                            .one()
                    > 0) {
                throw new CofferException.Conflict("a team named '" + name + "' exists already");
            }
            long id = h.createQuery("INSERT INTO teams (name, created_at) VALUES (:n, :now) RETURNING id")
                    .bind("n", name)
                    .bind("now", db.now())
                    .mapTo(Long.class)
                    .one();
            h.createUpdate("INSERT INTO team_members (team_id, user_id, role) VALUES (:t, :u, 'owner')")
                    .bind("t", id)
                    .bind("u", ownerUserId)
                    .execute();
            return new Team(id, name);
        });
    }

    /** Team names are folder-safe names; a leading '~' is kept for Private Workspaces. */
    static void checkTeamName(String name) {
        if (name != null) PrivateWorkspaces.refuseReservedName(name);
        Names.check("team", name);
    }

    /**
     * Deletes a team with its notebooks, volumes and files in one transaction (the rows cascade);
     * the space is reclaimed by the garbage collector. A Private Workspace goes only with its user.
     */
    public void deleteTeam(long teamId) {
        db.write(h -> {
            if (Members.isPersonal(h, teamId))
                throw new CofferException.Conflict("a Private Workspace is deleted only with its user");
            long datasets = h.createQuery("SELECT COUNT(*) FROM datasets WHERE team_id = :t")
                    .bind("t", teamId)
                    .mapTo(Long.class)
                    .one();
            if (datasets > 0)
                throw new CofferException.Conflict("the team still has " + datasets + " dataset(s): delete them first");
            return h.createUpdate("DELETE FROM teams WHERE id = :t")
                    .bind("t", teamId)
                    .execute();
        });
    }

    /** Deletes the team's whole {@code /storage} on a cluster with every file in it. */
    public void deleteStorage(long teamId, String clusterName) {
        db.write(h -> {
            usage.lock(h, teamId);
            long cluster = clusterId(h, clusterName);
            Optional<Long> volume = h.createQuery(
                            "SELECT id FROM volumes WHERE kind = 'storage' AND team_id = :t AND cluster_id = :c")
                    .bind("t", teamId)
                    .bind("c", cluster)
                    .mapTo(Long.class)
                    .findOne();
            if (volume.isEmpty()) return 0;
            usage.apply(h, TeamUsage.volumeReferences(h, teamId, volume.get(), -1));
            return h.createUpdate("DELETE FROM volumes WHERE id = :v")
                    .bind("v", volume.get())
                    .execute();
        });
    }

    public List<Team> teamsOf(Principal who) {
        return db.withHandle(h -> h.createQuery(
                        who.admin()
                                ? "SELECT id, name FROM teams ORDER BY name"
                                : "SELECT t.id, t.name FROM teams t JOIN team_members m ON m.team_id = t.id WHERE m.user_id = :u ORDER BY t.name")
                .bind("u", who.userId())
                .map((rs, ctx) -> new Team(rs.getLong(1), rs.getString(2)))
                .list());
    }

    public List<Cluster> clusters() {
        return db.withHandle(h -> h.createQuery("SELECT id, name FROM clusters ORDER BY name")
                .map((rs, ctx) -> new Cluster(rs.getLong(1), rs.getString(2)))
                .list());
    }

    public Cluster createCluster(String name) {
        Names.check("cluster", name);
        return db.write(h -> {
            if (h.createQuery("SELECT COUNT(*) FROM clusters WHERE name = :n")
                            .bind("n", name)
                            .mapTo(Long.class)
                            .one()
                    > 0) {
                throw new CofferException.Conflict("a cluster named '" + name + "' exists already");
            }
            long id = h.createQuery("INSERT INTO clusters (name, created_at) VALUES (:n, :now) RETURNING id")
                    .bind("n", name)
                    .bind("now", db.now())
                    .mapTo(Long.class)
                    .one();
            return new Cluster(id, name);
        });
    }

    /** The team's {@code /storage} on {@code clusterName}, created on first use. */
    public Volume storage(long teamId, String clusterName) {
        Optional<Volume> found = db.withHandle(h -> findStorage(h, teamId, clusterName));
        if (found.isPresent()) return found.get();
        return db.write(h -> {
            Optional<Volume> again = findStorage(h, teamId, clusterName);
            if (again.isPresent()) return again.get();
            long cluster = clusterId(h, clusterName);
            long now = db.now();
            // Two first uses at once (several servers on PostgreSQL): one creates it, the other finds it.
            Optional<Long> id = h.createQuery("""
                            INSERT INTO volumes (kind, team_id, cluster_id, created_at) VALUES ('storage', :t, :c, :now)
                            ON CONFLICT (team_id, cluster_id) WHERE kind = 'storage' DO NOTHING RETURNING id""")
                    .bind("t", teamId)
                    .bind("c", cluster)
                    .bind("now", now)
                    .mapTo(Long.class)
                    .findOne();
            if (id.isEmpty()) return findStorage(h, teamId, clusterName).orElseThrow();
            VolumeTree.createRoot(h, id.get(), now);
            return new Volume(id.get(), Volume.Kind.STORAGE, teamId, cluster, null);
        });
    }

    private static Optional<Volume> findStorage(Handle h, long teamId, String clusterName) {
        return h.createQuery("""
                        SELECT v.id, v.cluster_id FROM volumes v JOIN clusters c ON c.id = v.cluster_id
                        WHERE v.kind = 'storage' AND v.team_id = :t AND c.name = :c""")
                .bind("t", teamId)
                .bind("c", clusterName)
                .map((rs, ctx) -> new Volume(rs.getLong(1), Volume.Kind.STORAGE, teamId, rs.getLong(2), null))
                .findOne();
    }

    private static long clusterId(Handle h, String name) {
        return h.createQuery("SELECT id FROM clusters WHERE name = :n")
                .bind("n", name)
                .mapTo(Long.class)
                .findOne()
                .orElseThrow(() -> new CofferException.NotFound("no cluster named '" + name + "'"));
    }

    /** Creates a notebook (state Running) with its {@code /notebooks} volume. */
    public Notebook createNotebook(long teamId, String name, String clusterName) {
        Names.check("notebook", name);
        return db.write(h -> {
            long cluster = clusterId(h, clusterName);
            if (h.createQuery("SELECT COUNT(*) FROM notebooks WHERE team_id = :t AND name = :n")
                            .bind("t", teamId)
                            .bind("n", name)
                            .mapTo(Long.class)
                            .one()
                    > 0) {
                throw new CofferException.Conflict("the team has a notebook named '" + name + "' already");
            }
            long now = db.now();
            long id = h.createQuery(
                            "INSERT INTO notebooks (team_id, cluster_id, name, state, created_at) VALUES (:t, :c, :n, 'Running', :now) RETURNING id")
                    .bind("t", teamId)
                    .bind("c", cluster)
                    .bind("n", name)
                    .bind("now", now)
                    .mapTo(Long.class)
                    .one();
            long volume = h.createQuery(
                            "INSERT INTO volumes (kind, team_id, cluster_id, notebook_id, created_at) VALUES ('notebook', :t, :c, :nb, :now) RETURNING id")
                    .bind("t", teamId)
                    .bind("c", cluster)
                    .bind("nb", id)
                    .bind("now", now)
                    .mapTo(Long.class)
                    .one();
            VolumeTree.createRoot(h, volume, now);
            return new Notebook(id, teamId, name, clusterName, "Running");
        });
    }

    public List<Notebook> notebooks(long teamId) {
        return db.withHandle(h -> h.createQuery("""
                        SELECT n.id, n.name, c.name, n.state FROM notebooks n JOIN clusters c ON c.id = n.cluster_id
                        WHERE n.team_id = :t ORDER BY n.name""")
                .bind("t", teamId)
                .map((rs, ctx) ->
                        new Notebook(rs.getLong(1), teamId, rs.getString(2), rs.getString(3), rs.getString(4)))
                .list());
    }

    /** The states a notebook platform reports; files are shown only while {@code Running}. */
    public static final List<String> NOTEBOOK_STATES =
            Arrays.stream(NotebookState.values()).map(s -> s.code).toList();

    /**
     * Records the state a notebook platform reports for the team's notebook {@code name}, if the
     * move is one {@link NotebookState} allows (a conflict naming the current state and the legal
     * next ones otherwise, and nothing changes). Reporting the current state again changes
     * nothing and succeeds, so a platform may retry a report whose answer it lost.
     */
    public Notebook setNotebookState(long teamId, String name, String state) {
        NotebookState to = NotebookState.of(state);
        return db.write(h -> {
            // The row lock makes two reports for one notebook take turns: each sees the state the other left.
            String current = h.createQuery("SELECT state FROM notebooks WHERE team_id = :t AND name = :n"
                            + (db.dialect() == Dialect.POSTGRESQL ? " FOR UPDATE" : ""))
                    .bind("t", teamId)
                    .bind("n", name)
                    .mapTo(String.class)
                    .findOne()
                    .orElseThrow(() -> new CofferException.NotFound("no notebook named '" + name + "'"));
            NotebookState.of(current).requireMoveTo(to, name);
            h.createUpdate("UPDATE notebooks SET state = :s WHERE team_id = :t AND name = :n")
                    .bind("s", to.code)
                    .bind("t", teamId)
                    .bind("n", name)
                    .execute();
            return h.createQuery("""
                            SELECT n.id, n.name, c.name, n.state FROM notebooks n JOIN clusters c ON c.id = n.cluster_id
                            WHERE n.team_id = :t AND n.name = :n""")
                    .bind("t", teamId)
                    .bind("n", name)
                    .map((rs, ctx) ->
                            new Notebook(rs.getLong(1), teamId, rs.getString(2), rs.getString(3), rs.getString(4)))
                    .one();
        });
    }

    /** The notebook with id {@code notebookId}, with its team's name: what a notebook token stands for. */
    public record PlacedNotebook(String team, Notebook notebook) {}

    public PlacedNotebook notebookById(long notebookId) {
        return db.withHandle(h -> h.createQuery("""
                        SELECT t.name, n.team_id, n.name, c.name, n.state FROM notebooks n
                        JOIN clusters c ON c.id = n.cluster_id JOIN teams t ON t.id = n.team_id WHERE n.id = :id""")
                .bind("id", notebookId)
                .map((rs, ctx) -> new PlacedNotebook(
                        rs.getString(1),
                        new Notebook(notebookId, rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5))))
                .findOne()
                .orElseThrow(() -> new CofferException.NotFound("no such notebook")));
    }

    /** The state of the notebook with id {@code notebookId}. */
    public String notebookState(long notebookId) {
        return db.withHandle(h -> h.createQuery("SELECT state FROM notebooks WHERE id = :id")
                .bind("id", notebookId)
                .mapTo(String.class)
                .findOne()
                .orElseThrow(() -> new CofferException.NotFound("no such notebook")));
    }

    /**
     * Deletes a notebook with its {@code /notebooks} volume and every file in it (the rows cascade
     * in one transaction); the space is reclaimed by the garbage collector.
     */
    public void deleteNotebook(long teamId, String name) {
        db.write(h -> {
            usage.lock(h, teamId);
            Optional<Long> volume = h.createQuery("""
                            SELECT v.id FROM volumes v JOIN notebooks n ON n.id = v.notebook_id
                            WHERE v.kind = 'notebook' AND n.team_id = :t AND n.name = :n""")
                    .bind("t", teamId)
                    .bind("n", name)
                    .mapTo(Long.class)
                    .findOne();
            if (volume.isEmpty()) throw new CofferException.NotFound("no notebook named '" + name + "'");
            usage.apply(h, TeamUsage.volumeReferences(h, teamId, volume.get(), -1));
            return h.createUpdate("DELETE FROM notebooks WHERE team_id = :t AND name = :n")
                    .bind("t", teamId)
                    .bind("n", name)
                    .execute();
        });
    }

    /** A volume by its id (for work that outlives a request, such as imports). */
    public Volume volume(long id) {
        return db.withHandle(h -> h.createQuery(
                        "SELECT id, kind, team_id, cluster_id, notebook_id FROM volumes WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> new Volume(
                        rs.getLong(1),
                        Volume.Kind.of(rs.getString(2)),
                        rs.getLong(3),
                        rs.getLong(4),
                        rs.getObject(5) == null ? null : rs.getLong(5)))
                .findOne()
                .orElseThrow(() -> new CofferException.NotFound("the volume no longer exists")));
    }

    /** The principal of user {@code id}, for work started by them that runs later (imports). */
    public Principal principalOf(long userId) {
        return db.withHandle(h -> h.createQuery("SELECT id, name, is_admin FROM users WHERE id = :id")
                .bind("id", userId)
                .map((rs, ctx) -> new Principal(rs.getLong(1), rs.getString(2), rs.getInt(3) != 0))
                .findOne()
                .orElseThrow(() -> new CofferException.NotFound("the user who started this no longer exists")));
    }

    /** The {@code /notebooks} volume of the team's notebook {@code name}. */
    public Volume notebookVolume(long teamId, String name) {
        return db.withHandle(h -> h.createQuery("""
                        SELECT v.id, v.cluster_id, v.notebook_id FROM volumes v JOIN notebooks n ON n.id = v.notebook_id
                        WHERE v.kind = 'notebook' AND n.team_id = :t AND n.name = :n""")
                .bind("t", teamId)
                .bind("n", name)
                .map((rs, ctx) -> new Volume(rs.getLong(1), Volume.Kind.NOTEBOOK, teamId, rs.getLong(2), rs.getLong(3)))
                .findOne()
                .orElseThrow(() -> new CofferException.NotFound("no notebook named '" + name + "'")));
    }
}
