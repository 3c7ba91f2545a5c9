package dev.coffer.team;

import dev.coffer.access.Role;
import dev.coffer.db.Database;
import dev.coffer.error.CofferException;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Who belongs to a team, with which role. Rules kept here, whoever asks: a Private Workspace
 * never has a second member; a team always keeps at least one owner; only owners grant, change
 * or take away the owner role. Each change is one transaction and takes effect on the next
 * request (roles are never cached), tokens included.
 */
public final class Members {
    private final Database db;

    public Members(Database db) {
        this.db = db;
    }

    public record Member(String user, Role role) {}

    public List<Member> list(long teamId) {
        return db.withHandle(h -> h.createQuery("""
                        SELECT u.name, m.role FROM team_members m JOIN users u ON u.id = m.user_id
                        WHERE m.team_id = :t ORDER BY u.name""")
                .bind("t", teamId)
                .map((rs, ctx) -> new Member(rs.getString(1), Role.of(rs.getString(2))))
                .list());
    }

    /** Adds {@code userName} with {@code role}; {@code actor} is the role of whoever asks. */
    public Member add(long teamId, String userName, Role role, Role actor) {
        requireMayGrant(actor, role);
        return db.write(h -> {
            requireShared(h, teamId);
            long user = userId(h, userName);
            if (roleOf(h, teamId, user) != null)
                throw new CofferException.Conflict(
                        userName + " is a member of this team already; change their role instead");
            h.createUpdate("INSERT INTO team_members (team_id, user_id, role) VALUES (:t, :u, :r)")
                    .bind("t", teamId)
                    .bind("u", user)
                    .bind("r", role.code())
                    .execute();
            return new Member(userName, role);
        });
    }

    public Member setRole(long teamId, String userName, Role role, Role actor) {
        requireMayGrant(actor, role);
        return db.write(h -> {
            long user = userId(h, userName);
            Role current = roleOf(h, teamId, user);
            if (current == null) throw new CofferException.NotFound(userName + " is not a member of this team");
            if (current == Role.OWNER && actor != Role.OWNER)
                throw new CofferException.Forbidden("only owners change an owner's role");
            if (current == Role.OWNER && role != Role.OWNER) requireAnotherOwner(h, teamId);
            if (isPersonal(h, teamId) && role != Role.OWNER) {
                throw new CofferException.Conflict("a Private Workspace always belongs to its one owner");
            }
            h.createUpdate("UPDATE team_members SET role = :r WHERE team_id = :t AND user_id = :u")
                    .bind("r", role.code())
                    .bind("t", teamId)
                    .bind("u", user)
                    .execute();
            return new Member(userName, role);
        });
    }

    /** Removes a member; {@code self} is true when members remove themselves (leaving a team). */
    public void remove(long teamId, String userName, Role actor, boolean self) {
        db.write(h -> {
            long user = userId(h, userName);
            Role current = roleOf(h, teamId, user);
            if (current == null) throw new CofferException.NotFound(userName + " is not a member of this team");
            if (!self && !actor.atLeast(Role.ADMIN))
                throw new CofferException.Forbidden("only admins and owners remove members");
            if (current == Role.OWNER && actor != Role.OWNER)
                throw new CofferException.Forbidden("only owners remove an owner");
            if (current == Role.OWNER) requireAnotherOwner(h, teamId);
            return h.createUpdate("DELETE FROM team_members WHERE team_id = :t AND user_id = :u")
                    .bind("t", teamId)
                    .bind("u", user)
                    .execute();
        });
    }

    private static void requireMayGrant(Role actor, Role role) {
        if (role == Role.OWNER && actor != Role.OWNER)
            throw new CofferException.Forbidden("only owners make someone an owner");
    }

    private static void requireShared(Handle h, long teamId) {
        if (isPersonal(h, teamId)) {
            throw new CofferException.Conflict(
                    "this team is a Private Workspace: it has exactly one member and its storage is never shared;"
                            + " create a team to work with others");
        }
    }

    static boolean isPersonal(Handle h, long teamId) {
        return PrivateWorkspaces.isPersonal(h, teamId);
    }

    private static void requireAnotherOwner(Handle h, long teamId) {
        long owners = h.createQuery("SELECT COUNT(*) FROM team_members WHERE team_id = :t AND role = 'owner'")
                .bind("t", teamId)
                .mapTo(Long.class)
                .one();
        if (owners <= 1)
            throw new CofferException.Conflict("a team keeps at least one owner: make someone else an owner first");
    }

    private static Role roleOf(Handle h, long teamId, long userId) {
        return h.createQuery("SELECT role FROM team_members WHERE team_id = :t AND user_id = :u")
                .bind("t", teamId)
                .bind("u", userId)
                .mapTo(String.class)
                .findOne()
                .map(Role::of)
                .orElse(null);
    }

    private static long userId(Handle h, String name) {
        return h.createQuery("SELECT id FROM users WHERE name = :n")
                .bind("n", name)
                .mapTo(Long.class)
                .findOne()
                .orElseThrow(() -> new CofferException.NotFound("no user named '" + name + "'"));
    }
}
