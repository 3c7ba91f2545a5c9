package dev.coffer.user;

import dev.coffer.dataset.Datasets;
import dev.coffer.db.Database;
import dev.coffer.error.CofferException;
import dev.coffer.imports.ImportJobs;
import dev.coffer.team.PrivateWorkspaces;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * Local accounts. A user has a unique name, may be a server operator ({@code admin}), and has
 * an Argon2id password hash (or none: then it signs in with API tokens only). Creating a user
 * creates their Private Workspace in the same transaction; deleting one deletes, in one
 * transaction, their tokens, sessions, memberships and Private Workspace with its datasets, so
 * every later request with their credentials is refused.
 */
public final class Users {
    public static final int MAX_NAME_LENGTH = 64;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    private final Database db;

    public Users(Database db) {
        this.db = db;
    }

    public record User(long id, String name, boolean admin, boolean hasPassword, long createdAt) {}

    /** Checks a new user name: 1–64 characters, lower-case letters, digits, '.', '_' and '-', starting with a letter or digit. */
    public static String checkName(String name) {
        if (name == null || name.isEmpty()) throw new CofferException.Invalid("a user name is required");
        if (name.length() > MAX_NAME_LENGTH) {
            throw new CofferException.Invalid("a user name has at most " + MAX_NAME_LENGTH + " characters; '"
                    + name.substring(0, 20) + "…' has " + name.length());
        }
        if (!NAME.matcher(name).matches()) {
            throw new CofferException.Invalid(
                    "user name '" + name + "' is not allowed: use lower-case letters, digits, '.', '_' and '-',"
                            + " starting with a letter or a digit (for example 'ada.lovelace')");
        }
        return name;
    }

    /** Creates a user with a password (checked, then hashed) and their Private Workspace. */
    public User create(String name, String password, boolean admin) {
        checkName(name);
        Passwords.checkAcceptable(password);
        String hash = Passwords.hash(password);
        return db.write(h -> {
            if (find(h, name).isPresent())
                throw new CofferException.Conflict("a user named '" + name + "' exists already");
            if (h.createQuery("SELECT COUNT(*) FROM teams WHERE name = :n")
                            .bind("n", PrivateWorkspaces.nameFor(name))
                            .mapTo(Long.class)
                            .one()
                    > 0) {
                throw new CofferException.Conflict("a team named '" + PrivateWorkspaces.nameFor(name)
                        + "' exists already; choose another user name");
            }
            long now = db.now();
            long id = h.createQuery(
                            "INSERT INTO users (name, is_admin, password_hash, created_at) VALUES (:n, :a, :p, :now) RETURNING id")
                    .bind("n", name)
                    .bind("a", admin ? 1 : 0)
                    .bind("p", hash)
                    .bind("now", now)
                    .mapTo(Long.class)
                    .one();
            PrivateWorkspaces.create(h, id, name, now);
            return new User(id, name, admin, true, now);
        });
    }

    public List<User> list() {
        return db.withHandle(h -> h.createQuery(
                        "SELECT id, name, is_admin, password_hash IS NOT NULL, created_at FROM users ORDER BY name")
                .map((rs, ctx) ->
                        new User(rs.getLong(1), rs.getString(2), rs.getInt(3) != 0, rs.getBoolean(4), rs.getLong(5)))
                .list());
    }

    public Optional<User> find(String name) {
        return db.withHandle(h -> find(h, name));
    }

    public User get(String name) {
        return find(name).orElseThrow(() -> new CofferException.NotFound("no user named '" + name + "'"));
    }

    private static Optional<User> find(Handle h, String name) {
        return h.createQuery(
                        "SELECT id, name, is_admin, password_hash IS NOT NULL, created_at FROM users WHERE name = :n")
                .bind("n", name)
                .map((rs, ctx) ->
                        new User(rs.getLong(1), rs.getString(2), rs.getInt(3) != 0, rs.getBoolean(4), rs.getLong(5)))
                .findOne();
    }

    /**
     * Deletes a user with everything that is theirs alone (tokens, sessions, memberships, Private
     * Workspace and its files). The last server operator cannot be deleted.
     */
    public void delete(String name) {
        db.write(h -> {
            User u = find(h, name).orElseThrow(() -> new CofferException.NotFound("no user named '" + name + "'"));
            if (u.admin()
                    && h.createQuery("SELECT COUNT(*) FROM users WHERE is_admin = 1")
                                    .mapTo(Long.class)
                                    .one()
                            <= 1) {
                throw new CofferException.Conflict(
                        "'" + name + "' is the last server operator; make another user an operator first");
            }
            // The Private Workspace's datasets give their folder nodes back before the team's rows cascade.
            PrivateWorkspaces.teamOf(h, u.id()).ifPresent(team -> Datasets.deleteAllOfTeam(h, team));
            // Their imports stop too: a job that went on would only fail at its commit, after fetching the whole file.
            ImportJobs.cancelAllBy(h, u.id(), "cancelled: the user who started it was deleted", db.now());
            return h.createUpdate("DELETE FROM users WHERE id = :id")
                    .bind("id", u.id())
                    .execute();
        });
    }

    /** The stored password hash of {@code name}, or empty when the name is unknown or has no password. */
    Optional<Credentials> credentials(String name) {
        return db.withHandle(h -> h.createQuery("SELECT id, name, is_admin, password_hash FROM users WHERE name = :n")
                .bind("n", name)
                .map((rs, ctx) -> new Credentials(rs.getLong(1), rs.getString(2), rs.getInt(3) != 0, rs.getString(4)))
                .findOne());
    }

    record Credentials(long id, String name, boolean admin, String passwordHash) {}

    /** Stores a new password for user {@code userId} (checked, then hashed). */
    void setPassword(long userId, String password) {
        Passwords.checkAcceptable(password);
        String hash = Passwords.hash(password);
        db.write(h -> {
            int changed = h.createUpdate("UPDATE users SET password_hash = :p WHERE id = :id")
                    .bind("p", hash)
                    .bind("id", userId)
                    .execute();
            if (changed == 0) throw new CofferException.NotFound("no such user");
            return changed;
        });
    }
}
