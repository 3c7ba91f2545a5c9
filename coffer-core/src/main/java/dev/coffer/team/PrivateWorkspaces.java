package dev.coffer.team;

import dev.coffer.db.Database;
import dev.coffer.error.CofferException;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Private Workspaces: every user has one team of their own, named {@code ~NAME}, with the user
 * as its only member ({@code owner}). The row is marked with {@code teams.personal_user_id}, so
 * it goes when the user goes. Ordinary team names may not start with {@value #PREFIX} (see
 * {@link #refuseReservedName}), so the two never clash; user names cannot contain it either.
 */
public final class PrivateWorkspaces {
    public static final String PREFIX = "~";

    private final Database db;

    public PrivateWorkspaces(Database db) {
        this.db = db;
    }

    /** The name of {@code userName}'s Private Workspace. */
    public static String nameFor(String userName) {
        return PREFIX + userName;
    }

    /** True when {@code teamName} has the form reserved for Private Workspaces. */
    public static boolean isReservedName(String teamName) {
        return teamName.startsWith(PREFIX);
    }

    /** For whoever creates or renames ordinary teams: refuses the Private Workspace form. */
    public static void refuseReservedName(String teamName) {
        if (isReservedName(teamName)) {
            throw new CofferException.Invalid("team names starting with '" + PREFIX
                    + "' are reserved for Private Workspaces (every user has one, named " + PREFIX
                    + "USER); choose another name");
        }
    }

    /**
     * Creates the Private Workspace of a new user inside the caller's transaction, made at
     * {@code now}; returns its team id.
     */
    public static long create(Handle h, long userId, String userName, long now) {
        long team = h.createQuery(
                        "INSERT INTO teams (name, created_at, personal_user_id) VALUES (:n, :now, :u) RETURNING id")
                .bind("n", nameFor(userName))
                .bind("now", now)
                .bind("u", userId)
                .mapTo(Long.class)
                .one();
        h.createUpdate("INSERT INTO team_members (team_id, user_id, role) VALUES (:t, :u, 'owner')")
                .bind("t", team)
                .bind("u", userId)
                .execute();
        return team;
    }

    /** The team id of user {@code userId}'s Private Workspace, inside the caller's transaction. */
    public static Optional<Long> teamOf(Handle h, long userId) {
        return h.createQuery("SELECT id FROM teams WHERE personal_user_id = :u")
                .bind("u", userId)
                .mapTo(Long.class)
                .findOne();
    }

    /** True when team {@code teamId} is someone's Private Workspace (member management must keep it a team of one). */
    public boolean isPersonal(long teamId) {
        return db.withHandle(h -> isPersonal(h, teamId));
    }

    public static boolean isPersonal(Handle h, long teamId) {
        return h.createQuery("SELECT COUNT(*) FROM teams WHERE id = :t AND personal_user_id IS NOT NULL")
                        .bind("t", teamId)
                        .mapTo(Long.class)
                        .one()
                > 0;
    }

    /** The user whose Private Workspace team {@code teamId} is, if it is one. */
    public Optional<Long> ownerOf(long teamId) {
        return db.withHandle(
                h -> h.createQuery("SELECT personal_user_id FROM teams WHERE id = :t AND personal_user_id IS NOT NULL")
                        .bind("t", teamId)
                        .mapTo(Long.class)
                        .findOne());
    }

    /** The Private Workspace of user {@code userId}. */
    public Optional<Teams.Team> of(long userId) {
        return db.withHandle(h -> h.createQuery("SELECT id, name FROM teams WHERE personal_user_id = :u")
                .bind("u", userId)
                .map((rs, ctx) -> new Teams.Team(rs.getLong(1), rs.getString(2)))
                .findOne());
    }
}
