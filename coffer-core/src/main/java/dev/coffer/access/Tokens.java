package dev.coffer.access;

import dev.coffer.chunk.ChunkId;
import dev.coffer.db.Database;
import dev.coffer.error.CofferException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * API tokens: personal ones (a user's, for the CLI and scripts) and platform ones (a notebook
 * platform's, scoped to one cluster, with no user). The database keeps only the SHA-256 of a
 * token (tokens are 256-bit random values, so a fast hash is enough); the plain token is shown
 * once, when it is made. Every request looks its token up again (nothing is cached), so a
 * revocation, an expiry or a deleted user takes effect on the next request.
 */
public final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    public static final String PREFIX = "cof_";
    public static final String PLATFORM_PREFIX = "cofp_";
    public static final int MAX_NAME_LENGTH = 100;
    public static final int MAX_EXPIRY_DAYS = 3650;
    /** Last-used times are written at most this often, so busy clients do not cost a write per request. */
    static final long TOUCH_EVERY_MS = 60_000;

    private final Database db;
    private final NotebookTokens notebookTokens;

    public Tokens(Database db) {
        this.db = db;
        this.notebookTokens = new NotebookTokens(db);
    }

    public NotebookTokens notebooks() {
        return notebookTokens;
    }

    public static String generate() {
        return generate(PREFIX);
    }

    public static String generate(String prefix) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    public static String hash(String token) {
        var sha = ChunkId.sha256();
        return HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    /** A token just made: the only time its plain value is known. */
    public record Created(long id, String name, String token, Long expiresAt) {}

    /** What is shown about a token after it is made (never the token). */
    public record Info(
            long id, String name, long createdAt, Long expiresAt, Long lastUsedAt, Long revokedAt, String createdBy) {
        public boolean revoked() {
            return revokedAt != null;
        }

        public boolean expired(long now) {
            return expiresAt != null && expiresAt <= now;
        }
    }

    /** Stores {@code token} (its hash) as a personal token of {@code userId}. */
    public void add(long userId, String name, String token) {
        if (token.length() < 16) throw new CofferException.Invalid("a token must be at least 16 characters long");
        db.write(h -> h.createUpdate(
                        "INSERT INTO api_tokens (kind, user_id, name, token_hash, created_at) VALUES ('user', :u, :n, :h, :now)")
                .bind("u", userId)
                .bind("n", name)
                .bind("h", hash(token))
                .bind("now", db.now())
                .execute());
    }

    /** Checks a token name: 1–100 printable characters, unique among the owner's live tokens. */
    public static String checkName(String name) {
        if (name == null || name.isBlank())
            throw new CofferException.Invalid(
                    "a token name is required (say what it is for, e.g. 'laptop' or 'nightly-backup')");
        if (name.length() > MAX_NAME_LENGTH)
            throw new CofferException.Invalid("a token name has at most " + MAX_NAME_LENGTH + " characters");
        if (!name.equals(name.strip()) || name.codePoints().anyMatch(Character::isISOControl)) {
            throw new CofferException.Invalid(
                    "a token name must not start or end with spaces or contain control characters");
        }
        return name;
    }

    /** The expiry of a token that lives {@code days} days from now, or null (never) when {@code days} is null. */
    public Long expiryInDays(Integer days) {
        if (days == null) return null;
        if (days < 1 || days > MAX_EXPIRY_DAYS) {
            throw new CofferException.Invalid("expiresInDays must be between 1 and " + MAX_EXPIRY_DAYS
                    + ", or left out for a token that does not expire");
        }
        return db.now() + days * 86_400_000L;
    }

    /** A new personal token of {@code userId}; {@code expiresAt} null means it does not expire. */
    public Created createPersonal(long userId, String name, Long expiresAt) {
        checkName(name);
        String token = generate(PREFIX);
        return db.write(h -> {
            // Taking the user's row first makes concurrent creations for one user wait for each other.
            h.createUpdate("UPDATE users SET is_admin = is_admin WHERE id = :u")
                    .bind("u", userId)
                    .execute();
            if (liveNameTaken(h, "user_id", userId, name)) {
                throw new CofferException.Conflict(
                        "you have a token named '" + name + "' already; choose another name or revoke that one");
            }
            long id = h.createQuery("""
                            INSERT INTO api_tokens (kind, user_id, name, token_hash, created_at, expires_at)
                            VALUES ('user', :u, :n, :h, :now, :e) RETURNING id""")
                    .bind("u", userId)
                    .bind("n", name)
                    .bind("h", hash(token))
                    .bind("now", db.now())
                    .bind("e", expiresAt)
                    .mapTo(Long.class)
                    .one();
            return new Created(id, name, token, expiresAt);
        });
    }

    /** A new platform token for cluster {@code clusterId}, made by operator {@code createdBy}. */
    public Created createPlatform(long clusterId, String name, long createdBy, Long expiresAt) {
        checkName(name);
        String token = generate(PLATFORM_PREFIX);
        return db.write(h -> {
            h.createUpdate("UPDATE clusters SET name = name WHERE id = :c")
                    .bind("c", clusterId)
                    .execute();
            if (liveNameTaken(h, "cluster_id", clusterId, name)) {
                throw new CofferException.Conflict("the cluster has a platform token named '" + name
                        + "' already; choose another name or revoke that one");
            }
            long id = h.createQuery("""
                            INSERT INTO api_tokens (kind, cluster_id, created_by, name, token_hash, created_at, expires_at)
                            VALUES ('platform', :c, :by, :n, :h, :now, :e) RETURNING id""")
                    .bind("c", clusterId)
                    .bind("by", createdBy)
                    .bind("n", name)
                    .bind("h", hash(token))
                    .bind("now", db.now())
                    .bind("e", expiresAt)
                    .mapTo(Long.class)
                    .one();
            return new Created(id, name, token, expiresAt);
        });
    }

    private boolean liveNameTaken(Handle h, String ownerColumn, long owner, String name) {
        return h.createQuery("SELECT COUNT(*) FROM api_tokens WHERE " + ownerColumn + " = :o AND name = :n"
                                + " AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > :now)")
                        .bind("o", owner)
                        .bind("n", name)
                        .bind("now", db.now())
                        .mapTo(Long.class)
                        .one()
                > 0;
    }

    /** The personal tokens of {@code userId}, newest first, revoked and expired ones included. */
    public List<Info> personal(long userId) {
        return list("t.kind = 'user' AND t.user_id = :o", userId);
    }

    /** The platform tokens of cluster {@code clusterId}, newest first. */
    public List<Info> platform(long clusterId) {
        return list("t.kind = 'platform' AND t.cluster_id = :o", clusterId);
    }

    private List<Info> list(String where, long owner) {
        return db.withHandle(h -> h.createQuery(
                        "SELECT t.id, t.name, t.created_at, t.expires_at, t.last_used_at, t.revoked_at, u.name"
                                + " FROM api_tokens t LEFT JOIN users u ON u.id = t.created_by WHERE " + where
                                + " ORDER BY t.id DESC")
                .bind("o", owner)
                .map((rs, ctx) -> new Info(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getLong(3),
                        nullableLong(rs, 4),
                        nullableLong(rs, 5),
                        nullableLong(rs, 6),
                        rs.getString(7)))
                .list());
    }

    /**
     * Revokes personal token {@code tokenId}: the caller's own, or anyone's for an operator.
     * Someone else's token is answered as not found, so its existence is not revealed.
     */
    public void revokePersonal(Principal who, long tokenId) {
        if (!who.hasUser()) throw new CofferException.Forbidden("platform tokens cannot manage personal tokens");
        revoke(who.admin() ? "kind = 'user'" : "kind = 'user' AND user_id = :o", who.userId(), tokenId);
    }

    /** Revokes platform token {@code tokenId} of cluster {@code clusterId}. */
    public void revokePlatform(long clusterId, long tokenId) {
        revoke("kind = 'platform' AND cluster_id = :o", clusterId, tokenId);
    }

    private void revoke(String where, long owner, long tokenId) {
        db.write(h -> {
            Long revokedAt = h.createQuery("SELECT COALESCE(revoked_at, 0) FROM api_tokens WHERE id = :id AND " + where)
                    .bind("id", tokenId)
                    .bind("o", owner)
                    .mapTo(Long.class)
                    .findOne()
                    .orElseThrow(() -> new CofferException.NotFound("no token with id " + tokenId));
            if (revokedAt != 0) return 0;
            return h.createUpdate("UPDATE api_tokens SET revoked_at = :now WHERE id = :id")
                    .bind("now", db.now())
                    .bind("id", tokenId)
                    .execute();
        });
    }

    /** A BIGINT that may be NULL, read the same way on both databases. */
    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    /** The principal a bearer token stands for; unknown, revoked or expired tokens are refused, saying which. */
    public Principal authenticate(String token) {
        if (token == null || token.isBlank())
            throw new CofferException.Unauthorized("an API token is required (Authorization: Bearer …)");
        Optional<Principal> notebook = notebookTokens.authenticate(token);
        if (notebook.isPresent()) return notebook.get();
        long now = db.now();
        record Row(
                long id,
                String kind,
                String name,
                Long expiresAt,
                Long revokedAt,
                Long lastUsedAt,
                Long clusterId,
                long userId,
                String userName,
                boolean admin) {}
        Row row = db.withHandle(h -> h.createQuery("""
                        SELECT t.id, t.kind, t.name, t.expires_at, t.revoked_at, t.last_used_at, t.cluster_id, u.id, u.name, u.is_admin
                        FROM api_tokens t LEFT JOIN users u ON u.id = t.user_id WHERE t.token_hash = :h""")
                .bind("h", hash(token))
                .map((rs, ctx) -> new Row(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        nullableLong(rs, 4),
                        nullableLong(rs, 5),
                        nullableLong(rs, 6),
                        nullableLong(rs, 7),
                        rs.getLong(8),
                        rs.getString(9),
                        rs.getInt(10) != 0))
                .findOne()
                .orElse(null));
        if (row == null || (row.kind().equals("user") && row.userName() == null)) {
            throw new CofferException.Unauthorized("the API token is not valid");
        }
        String fix = row.kind().equals("user")
                ? "; create a new one ('coffer tokens create') or sign in again ('coffer login')"
                : "; an operator can create a new platform token for the cluster";
        if (row.revokedAt() != null) throw new CofferException.Unauthorized("the API token was revoked" + fix);
        if (row.expiresAt() != null && row.expiresAt() <= now)
            throw new CofferException.Unauthorized("the API token has expired" + fix);
        if (row.lastUsedAt() == null || now - row.lastUsedAt() >= TOUCH_EVERY_MS) {
            // Losing this write in a crash only makes "last used" a little older than the truth.
            db.writeRelaxed(h -> h.createUpdate("UPDATE api_tokens SET last_used_at = :now WHERE id = :id")
                    .bind("now", now)
                    .bind("id", row.id())
                    .execute());
        }
        return row.kind().equals("platform")
                ? Principal.platform(row.id(), row.name(), row.clusterId())
                : Principal.user(row.userId(), row.userName(), row.admin(), row.id());
    }
}
