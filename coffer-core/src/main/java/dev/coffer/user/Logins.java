package dev.coffer.user;

import dev.coffer.db.Database;
import dev.coffer.error.CofferException;
import java.time.Duration;
import org.jdbi.v3.core.Handle;

/**
 * Signing in with a name and a password, slowed and then locked after failures.
 *
 * <p>Failures are counted per name as typed, in the database (several servers may answer for
 * one name): after each failure the answer waits a little longer ({@link LoginPolicy#delayAfter}),
 * and {@link LoginPolicy#maxFailures()} failures within {@link LoginPolicy#window()} lock the
 * name for {@link LoginPolicy#lockFor()}, during which even the right password is refused. A
 * success clears the count. An attempt is counted <em>before</em> the password is checked, so
 * many attempts sent at once cannot slip past the limit while they are being checked.
 *
 * <p>Unknown names and names without a password are answered exactly like a wrong password: the
 * same message, an Argon2id check of the same cost, the same delays and the same lock, so the
 * answers do not tell which names exist.
 */
public final class Logins {
    private final Database db;
    private final Users users;
    private final LoginPolicy policy;

    public Logins(Database db, Users users, LoginPolicy policy) {
        this.db = db;
        this.users = users;
        this.policy = policy;
    }

    public LoginPolicy policy() {
        return policy;
    }

    /** What a sign-in attempt came to. */
    public sealed interface Outcome {}

    public record SignedIn(long userId, String name, boolean admin) implements Outcome {}

    /** Wrong name or password; the answer has already been delayed. */
    public record Refused() implements Outcome {}

    /** Too many failures: the name is refused for {@code retryAfter}, even with the right password. */
    public record Locked(Duration retryAfter) implements Outcome {
        /** Whole seconds, rounded up, for a {@code Retry-After} header. */
        public long retryAfterSeconds() {
            return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        }
    }

    /** The same words for every refusal, so they do not tell which names exist. */
    public static final String REFUSED = "wrong user name or password";

    public static String lockedMessage(Locked l) {
        return "too many failed sign-ins for this name: try again in " + l.retryAfterSeconds() + " s";
    }

    public Outcome attempt(String name, String password) {
        if (name == null || name.isEmpty()) throw new CofferException.Invalid("field 'name' is required");
        if (password == null || password.isEmpty()) throw new CofferException.Invalid("field 'password' is required");
        if (name.length() > 256) throw new CofferException.Invalid("field 'name' is longer than any user name");
        // The hashing slot is taken before the attempt is counted: when the server is too busy
        // to check a password, the refusal (429) leaves no trace, not even a failure count.
        Checked checked = HashGate.SHARED.run(() -> check(name, password));
        // The pause after a failure is served outside the slot, so it slows the guesser only.
        if (checked.outcome() instanceof Refused) pause(policy.delayAfter(checked.failures()));
        return checked.outcome();
    }

    /** What {@link #check} found, with the failure count that sets the pause after a refusal. */
    private record Checked(Outcome outcome, int failures) {}

    private Checked check(String name, String password) {
        long now = db.now();
        Counted counted = db.write(h -> count(h, name, now));
        if (counted.lockedUntil() > now)
            return new Checked(new Locked(Duration.ofMillis(counted.lockedUntil() - now)), 0);
        if (counted.failures() > policy.maxFailures()) return new Checked(lock(name), 0);
        Users.Credentials user = users.credentials(name).orElse(null);
        boolean ok = Passwords.matches(password, user == null ? null : user.passwordHash());
        if (ok) {
            db.write(h -> h.createUpdate("DELETE FROM login_failures WHERE name = :n")
                    .bind("n", name)
                    .execute());
            return new Checked(new SignedIn(user.id(), user.name(), user.admin()), 0);
        }
        if (counted.failures() >= policy.maxFailures()) return new Checked(lock(name), 0);
        return new Checked(new Refused(), counted.failures());
    }

    /**
     * A user changes their own password: {@code current} is checked like a sign-in (same
     * counting and lock), unless the account has no password yet (then the caller's token or
     * session is proof enough). Returns {@link SignedIn} when the new password is stored.
     */
    public Outcome changePassword(String name, String current, String next) {
        if (next == null) throw new CofferException.Invalid("field 'new' is required");
        Passwords.checkAcceptable(next);
        Users.Credentials user =
                users.credentials(name).orElseThrow(() -> new CofferException.NotFound("no user named '" + name + "'"));
        if (user.passwordHash() != null) {
            if (current == null || current.isEmpty())
                throw new CofferException.Invalid("field 'current' (your current password) is required");
            Outcome checked = attempt(name, current);
            if (!(checked instanceof SignedIn)) return checked;
        }
        users.setPassword(user.id(), next);
        return new SignedIn(user.id(), user.name(), user.admin());
    }

    private record Counted(int failures, long lockedUntil) {}

    /** Registers one attempt for {@code name} and returns the count (this one included) and any lock. */
    private Counted count(Handle h, String name, long now) {
        long windowStart = now - policy.window().toMillis();
        // Old rows go, so names tried once long ago do not pile up.
        h.createUpdate(
                        "DELETE FROM login_failures WHERE first_failure_at <= :ws AND (locked_until IS NULL OR locked_until <= :now) AND name <> :n")
                .bind("ws", windowStart)
                .bind("now", now)
                .bind("n", name)
                .execute();
        h.createUpdate(
                        "INSERT INTO login_failures (name, failures, first_failure_at) VALUES (:n, 0, :now) ON CONFLICT (name) DO NOTHING")
                .bind("n", name)
                .bind("now", now)
                .execute();
        // One statement, so concurrent attempts on PostgreSQL queue on the row and each sees the other's count.
        h.createUpdate("""
                        UPDATE login_failures SET
                          failures = CASE WHEN locked_until > :now THEN failures WHEN first_failure_at <= :ws THEN 1 ELSE failures + 1 END,
                          first_failure_at = CASE WHEN locked_until > :now THEN first_failure_at WHEN first_failure_at <= :ws THEN :now ELSE first_failure_at END
                        WHERE name = :n""")
                .bind("n", name)
                .bind("now", now)
                .bind("ws", windowStart)
                .execute();
        return h.createQuery("SELECT failures, COALESCE(locked_until, 0) FROM login_failures WHERE name = :n")
                .bind("n", name)
                .map((rs, ctx) -> new Counted(rs.getInt(1), rs.getLong(2)))
                .one();
    }

    /**
     * Forgets failure counts whose first failure is older than {@code retention} (and than the
     * counting window), except for names still locked: every name ever tried, with random names
     * from anyone, would otherwise stay in the table. Returns the rows deleted.
     */
    public int purgeStale(long now, Duration retention) {
        long keep = Math.max(retention.toMillis(), policy.window().toMillis());
        return db.write(h -> h.createUpdate(
                        "DELETE FROM login_failures WHERE first_failure_at < :cutoff AND (locked_until IS NULL OR locked_until <= :now)")
                .bind("cutoff", now - keep)
                .bind("now", now)
                .execute());
    }

    /** Locks {@code name}; the count starts again from zero when the lock ends. */
    private Locked lock(String name) {
        long now = db.now();
        long until = now + policy.lockFor().toMillis();
        db.write(h -> h.createUpdate(
                        "UPDATE login_failures SET locked_until = :until, failures = 0, first_failure_at = :now WHERE name = :n")
                .bind("until", until)
                .bind("now", now)
                .bind("n", name)
                .execute());
        return new Locked(policy.lockFor());
    }

    private static void pause(Duration d) {
        if (d.isZero()) return;
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
