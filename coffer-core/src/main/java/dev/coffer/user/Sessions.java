package dev.coffer.user;

import dev.coffer.access.Principal;
import dev.coffer.access.Tokens;
import dev.coffer.db.Database;
import dev.coffer.error.CofferException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Web sessions. A session's secret is 256 random bits, handed to the browser once (as a
 * cookie) and kept only as its SHA-256. It ends after {@link LoginPolicy#sessionIdle()} without
 * a request, {@link LoginPolicy#sessionMaxAge()} after sign-in, at sign-out, or when its user is
 * deleted; nothing is cached, so each of these takes effect on the next request.
 */
public final class Sessions {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Seen-times are written at most this often, so busy pages do not cost a write each. */
    static final long TOUCH_EVERY_MS = 60_000;

    private final Database db;
    private final LoginPolicy policy;

    public Sessions(Database db, LoginPolicy policy) {
        this.db = db;
        this.policy = policy;
    }

    /** A new session: its secret (for the cookie, shown only here) and when it ends at the latest. */
    public record Started(String secret, long expiresAt) {}

    /** A session's user, and the session's id (to end it, or to keep it when ending the others). */
    public record Current(Principal principal, long sessionId) {}

    public Started start(long userId) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        long now = db.now();
        long expires = now + policy.sessionMaxAge().toMillis();
        db.write(h -> {
            // Ended sessions are dropped here, so the table holds about the live ones.
            h.createUpdate("DELETE FROM sessions WHERE expires_at <= :now OR last_seen_at <= :idle")
                    .bind("now", now)
                    .bind("idle", now - policy.sessionIdle().toMillis())
                    .execute();
            return h.createUpdate(
                            "INSERT INTO sessions (user_id, token_hash, created_at, last_seen_at, expires_at) VALUES (:u, :h, :now, :now, :e)")
                    .bind("u", userId)
                    .bind("h", Tokens.hash(secret))
                    .bind("now", now)
                    .bind("e", expires)
                    .execute();
        });
        return new Started(secret, expires);
    }

    /** The user of a live session; an unknown, idle or expired session is refused with a message saying to sign in again. */
    public Current authenticate(String secret) {
        long now = db.now();
        record Row(long id, long lastSeen, long expires, long userId, String name, boolean admin) {}
        Row row = db.withHandle(h -> h.createQuery("""
                        SELECT s.id, s.last_seen_at, s.expires_at, u.id, u.name, u.is_admin
                        FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = :h""")
                .bind("h", Tokens.hash(secret))
                .map((rs, ctx) -> new Row(
                        rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getString(5), rs.getInt(6) != 0))
                .findOne()
                .orElse(null));
        if (row == null
                || row.expires() <= now
                || row.lastSeen() <= now - policy.sessionIdle().toMillis()) {
            throw new CofferException.Unauthorized("your session has ended; sign in again");
        }
        if (now - row.lastSeen() >= TOUCH_EVERY_MS) {
            // Losing this write in a crash only makes the session look idle a minute early.
            db.writeRelaxed(h -> h.createUpdate(
                            "UPDATE sessions SET last_seen_at = :now WHERE id = :id AND last_seen_at < :now")
                    .bind("now", now)
                    .bind("id", row.id())
                    .execute());
        }
        return new Current(Principal.user(row.userId(), row.name(), row.admin(), null), row.id());
    }

    /** Ends the session with this secret, if it exists. */
    public void end(String secret) {
        db.write(h -> h.createUpdate("DELETE FROM sessions WHERE token_hash = :h")
                .bind("h", Tokens.hash(secret))
                .execute());
    }

    /** Ends every session of {@code userId} except {@code keepSessionId} (null: all), e.g. after a password change. */
    public int endOthers(long userId, Long keepSessionId) {
        return db.write(h -> h.createUpdate("DELETE FROM sessions WHERE user_id = :u AND id <> :keep")
                .bind("u", userId)
                .bind("keep", keepSessionId == null ? -1L : keepSessionId)
                .execute());
    }
}
