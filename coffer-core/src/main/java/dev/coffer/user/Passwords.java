package dev.coffer.user;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import dev.coffer.error.CofferException;
import java.util.UUID;

/**
 * Password hashing with Argon2id (OWASP's baseline: 19 MiB of memory, 2 passes, 1 lane, a
 * 16-byte random salt, a 32-byte hash). The stored form is the PHC string, which names its own
 * parameters, so hashes made with other parameters keep verifying if these are raised later.
 * The password itself is never stored, logged or put in a message. Every hash and check goes
 * through {@link HashGate}, which bounds how many run at once.
 */
public final class Passwords {
    public static final int MIN_LENGTH = 10;
    /** Long enough for any passphrase or generated password; bounds the work per attempt. */
    public static final int MAX_LENGTH = 1024;

    private static final Argon2Function ARGON2ID = Argon2Function.getInstance(19456, 2, 1, 32, Argon2.ID, 19);
    /**
     * A hash of a random value that no password matches: checked in place of a real hash when a
     * name is unknown, so such an answer costs the same time as a wrong password.
     */
    private static final String NO_MATCH = Password.hash(UUID.randomUUID() + "-no-such-user")
            .addRandomSalt(16)
            .with(ARGON2ID)
            .getResult();

    private Passwords() {}

    /** Refuses a password that is too short or too long, with a message that says what to do. */
    public static void checkAcceptable(String password) {
        if (password == null) throw new CofferException.Invalid("a password is required");
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            throw new CofferException.Invalid("the password is too short: use at least " + MIN_LENGTH
                    + " characters (a few words make a good one)");
        }
        if (length > MAX_LENGTH)
            throw new CofferException.Invalid("the password is too long: use at most " + MAX_LENGTH + " characters");
    }

    /** The Argon2id PHC string of an acceptable password. */
    public static String hash(String password) {
        return HashGate.SHARED.run(
                () -> Password.hash(password).addRandomSalt(16).with(ARGON2ID).getResult());
    }

    /** True when {@code password} matches {@code storedHash}; a null hash (no password set) costs the same and matches nothing. */
    public static boolean matches(String password, String storedHash) {
        String against = storedHash == null ? NO_MATCH : storedHash;
        if (password == null || password.length() > MAX_LENGTH * 2) return false;
        boolean ok = HashGate.SHARED.run(
                () -> Password.check(password, against).with(Argon2Function.getInstanceFromHash(against)));
        return ok && storedHash != null;
    }
}
