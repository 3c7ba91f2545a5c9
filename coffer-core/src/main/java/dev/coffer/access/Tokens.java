package dev.coffer.access;

import dev.coffer.chunk.ChunkId;
import dev.coffer.db.Database;
import dev.coffer.error.CofferException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API tokens. The database keeps only the SHA-256 of a token (tokens are 256-bit random values,
 * so a fast hash is enough); the plain token is shown once, when it is made.
 */
public final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    public static final String PREFIX = "cof_";

    private final Database db;

    public Tokens(Database db) {
        this.db = db;
    }

    public static String generate() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    public static String hash(String token) {
        var sha = ChunkId.sha256();
        return HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    /** Stores {@code token} (its hash) for {@code userId}. */
    public void add(long userId, String name, String token) {
        if (token.length() < 16) throw new CofferException.Invalid("a token must be at least 16 characters long");
        db.write(h -> h.createUpdate("INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (:u, :n, :h, :now)")
                .bind("u", userId).bind("n", name).bind("h", hash(token)).bind("now", Database.now()).execute());
    }

    /** The principal a bearer token stands for; unknown, revoked or expired tokens are refused. */
    public Principal authenticate(String token) {
        if (token == null || token.isBlank()) throw new CofferException.Unauthorized("an API token is required (Authorization: Bearer …)");
        long now = Database.now();
        return db.withHandle(h -> h.createQuery("""
                        SELECT u.id, u.name, u.is_admin FROM api_tokens t JOIN users u ON u.id = t.user_id
                        WHERE t.token_hash = :h AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > :now)""")
                .bind("h", hash(token)).bind("now", now)
                .map((rs, ctx) -> new Principal(rs.getLong(1), rs.getString(2), rs.getInt(3) != 0))
                .findOne()
                .orElseThrow(() -> new CofferException.Unauthorized("the API token is not valid")));
    }
}
