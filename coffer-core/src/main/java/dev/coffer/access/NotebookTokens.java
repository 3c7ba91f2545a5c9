package dev.coffer.access;

import dev.coffer.db.Database;
import dev.coffer.error.CofferException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Tokens for one notebook ({@code cofn_…}): a member makes one for a notebook of the team and the
 * notebook platform hands it to the notebook, where the mount uses it. See {@link Principal.Kind#NOTEBOOK}.
 *
 * <p>A notebook token lives in the notebook's environment, where every piece of code the user
 * runs can read it, so it is bounded three ways: it always expires (default
 * {@link #DEFAULT_HOURS} hours, at most {@link #MAX_HOURS}); it can be listed and revoked by the
 * team; and it is refused for every request while its notebook is not {@code Running}, so a
 * copy taken from a notebook is useless once the notebook stops. It is not revoked by a stop:
 * the same token works again when the notebook runs again, as long as it has not expired.
 */
public final class NotebookTokens {
    public static final String PREFIX = "cofn_";
    public static final int DEFAULT_HOURS = 7 * 24;
    public static final int MAX_HOURS = 90 * 24;

    private final Database db;

    public NotebookTokens(Database db) {
        this.db = db;
    }

    public record Created(long id, String token, long expiresAt) {}

    /** What is shown about a notebook token (never the token itself). */
    public record Info(long id, long createdAt, long expiresAt, Long lastUsedAt, Long revokedAt, String createdBy) {
        public boolean revoked() {
            return revokedAt != null;
        }

        public boolean expired(long now) {
            return expiresAt <= now;
        }
    }

    /**
     * The expiry of a token that lives {@code hours} hours or {@code days} days from now (at most
     * one of them given); the default lifetime when neither is.
     */
    public long expiry(Integer hours, Integer days) {
        if (hours != null && days != null)
            throw new CofferException.Invalid("give expiresInHours or expiresInDays, not both");
        long lifetime = days != null ? days * 24L : hours != null ? hours : DEFAULT_HOURS;
        if (lifetime < 1 || lifetime > MAX_HOURS) {
            throw new CofferException.Invalid("a notebook token lives between 1 hour and " + MAX_HOURS / 24
                    + " days; leave the lifetime out for " + DEFAULT_HOURS / 24 + " days");
        }
        return db.now() + lifetime * 3_600_000L;
    }

    public Created create(long notebookId, long userId, long expiresAt) {
        String token = Tokens.generate(PREFIX);
        long id = db.write(h -> h.createQuery("""
                        INSERT INTO notebook_tokens (notebook_id, user_id, token_hash, created_at, expires_at)
                        VALUES (:n, :u, :h, :now, :e) RETURNING id""")
                .bind("n", notebookId)
                .bind("u", userId)
                .bind("h", Tokens.hash(token))
                .bind("now", db.now())
                .bind("e", expiresAt)
                .mapTo(Long.class)
                .one());
        return new Created(id, token, expiresAt);
    }

    /** The tokens of a notebook, newest first, revoked and expired ones included. */
    public List<Info> list(long notebookId) {
        return db.withHandle(h -> h.createQuery("""
                        SELECT t.id, t.created_at, t.expires_at, t.last_used_at, t.revoked_at, u.name
                        FROM notebook_tokens t JOIN users u ON u.id = t.user_id WHERE t.notebook_id = :n ORDER BY t.id DESC""")
                .bind("n", notebookId)
                .map((rs, ctx) -> new Info(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getLong(3),
                        nullableLong(rs, 4),
                        nullableLong(rs, 5),
                        rs.getString(6)))
                .list());
    }

    /** Who made token {@code tokenId} of notebook {@code notebookId}; "not found" when it is not that notebook's. */
    public long maker(long notebookId, long tokenId) {
        return db.withHandle(h -> h.createQuery(
                        "SELECT user_id FROM notebook_tokens WHERE id = :id AND notebook_id = :n")
                .bind("id", tokenId)
                .bind("n", notebookId)
                .mapTo(Long.class)
                .findOne()
                .orElseThrow(() -> new CofferException.NotFound("the notebook has no token with id " + tokenId)));
    }

    /** Revokes token {@code tokenId} of notebook {@code notebookId}; revoking it again changes nothing. */
    public void revoke(long notebookId, long tokenId) {
        db.write(h -> {
            maker(notebookId, tokenId);
            return h.createUpdate(
                            "UPDATE notebook_tokens SET revoked_at = :now WHERE id = :id AND notebook_id = :n AND revoked_at IS NULL")
                    .bind("now", db.now())
                    .bind("id", tokenId)
                    .bind("n", notebookId)
                    .execute();
        });
    }

    /**
     * The principal of a notebook token, or empty when the token is not one. Unknown, revoked and
     * expired tokens are "unauthorized" (the token itself is no good); a valid token of a notebook
     * that is not Running is "forbidden" (the token is fine, the notebook is not reachable now).
     */
    public Optional<Principal> authenticate(String token) {
        if (!token.startsWith(PREFIX)) return Optional.empty();
        long now = db.now();
        record Row(
                long id,
                long notebookId,
                long clusterId,
                long userId,
                String userName,
                Long revokedAt,
                long expiresAt,
                Long lastUsedAt,
                String notebook,
                String state,
                long teamId) {}
        Row row = db.withHandle(h -> h.createQuery("""
                        SELECT t.id, n.id, n.cluster_id, u.id, u.name, t.revoked_at, t.expires_at, t.last_used_at, n.name, n.state,
                          n.team_id
                        FROM notebook_tokens t JOIN notebooks n ON n.id = t.notebook_id JOIN users u ON u.id = t.user_id
                        WHERE t.token_hash = :h""")
                .bind("h", Tokens.hash(token))
                .map((rs, ctx) -> new Row(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getLong(3),
                        rs.getLong(4),
                        rs.getString(5),
                        nullableLong(rs, 6),
                        rs.getLong(7),
                        nullableLong(rs, 8),
                        rs.getString(9),
                        rs.getString(10),
                        rs.getLong(11)))
                .findOne()
                .orElse(null));
        if (row == null) throw new CofferException.Unauthorized("the API token is not valid");
        refuseUnusable(row.revokedAt(), row.expiresAt(), now);
        requireRunning(row.notebook(), row.state());
        if (row.lastUsedAt() == null || now - row.lastUsedAt() >= Tokens.TOUCH_EVERY_MS) {
            // Losing this write in a crash only makes "last used" a little older than the truth.
            db.writeRelaxed(h -> h.createUpdate("UPDATE notebook_tokens SET last_used_at = :now WHERE id = :id")
                    .bind("now", now)
                    .bind("id", row.id())
                    .execute());
        }
        return Optional.of(Principal.notebook(
                row.id(), row.userId(), row.userName(), row.notebookId(), row.clusterId(), row.teamId()));
    }

    static void refuseUnusable(Long revokedAt, long expiresAt, long now) {
        if (revokedAt != null)
            throw new CofferException.Unauthorized("the notebook token was revoked; make a new one for the notebook");
        if (expiresAt <= now) {
            throw new CofferException.Unauthorized(
                    "the notebook token has expired; make a new one ('coffer notebooks token NAME')");
        }
    }

    /** The refusal of every request of a notebook token while its notebook is not Running. */
    static void requireRunning(String notebook, String state) {
        if (!"Running".equals(state)) {
            throw new CofferException.Forbidden("notebook '" + notebook + "' is " + state
                    + ": its notebook tokens are refused until it is Running again");
        }
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
