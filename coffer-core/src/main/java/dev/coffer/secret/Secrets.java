package dev.coffer.secret;

import dev.coffer.db.Database;
import dev.coffer.error.CofferException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import org.jdbi.v3.core.Handle;

/**
 * A team's secrets, encrypted at rest (see {@link SecretCipher}). Values are write-only for
 * users: {@link #put}, {@link #list} (names and times) and {@link #delete}; only server code
 * that uses a secret on the team's behalf (a data source's {@code secret:NAME}) calls
 * {@link #reveal}. No message of this class contains a value.
 */
public final class Secrets {
    public static final int MAX_VALUE_BYTES = 64 * 1024;
    public static final int MAX_NAME_LENGTH = 128;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1," + MAX_NAME_LENGTH + "}");

    private final Database db;
    private final MasterKey key;

    public Secrets(Database db, MasterKey key) {
        this.db = db;
        this.key = key;
    }

    public record Info(String name, long createdAt, long updatedAt) {}

    /** What {@link #put} did: {@code created} is false when an existing value was replaced. */
    public record Stored(Info info, boolean created) {}

    /** Checks a secret name; the refusal does not repeat the name (it may have been pasted by mistake). */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new CofferException.Invalid(
                    "a secret name is 1 to " + MAX_NAME_LENGTH + " characters from A-Z, a-z, 0-9, '_', '.' and '-'");
        }
        return name;
    }

    /** Sets the team's secret {@code name} to {@code value} (1 byte to 64 KiB of UTF-8), replacing any earlier value. */
    public Stored put(long teamId, String name, String value) {
        checkName(name);
        if (value == null)
            throw new CofferException.Invalid("field 'value' is required (the secret's value, a string)");
        byte[] plain = value.getBytes(StandardCharsets.UTF_8);
        try {
            if (plain.length == 0 || plain.length > MAX_VALUE_BYTES) {
                throw new CofferException.Invalid("a secret value must be 1 to " + MAX_VALUE_BYTES
                        + " bytes long (UTF-8); this one is " + plain.length + " bytes");
            }
            SecretCipher.Sealed sealed = SecretCipher.seal(key, teamId, name, plain);
            return db.write(h -> {
                refuseIfOtherKeysInUse(h);
                long now = db.now();
                Long createdAt = h.createQuery("SELECT created_at FROM secrets WHERE team_id = :t AND name = :n")
                        .bind("t", teamId)
                        .bind("n", name)
                        .mapTo(Long.class)
                        .findOne()
                        .orElse(null);
                h.createUpdate("""
                                INSERT INTO secrets (team_id, name, nonce, ciphertext, key_id, created_at, updated_at)
                                VALUES (:t, :n, :nonce, :c, :k, :now, :now)
                                ON CONFLICT (team_id, name) DO UPDATE SET nonce = excluded.nonce, ciphertext = excluded.ciphertext,
                                    key_id = excluded.key_id, updated_at = excluded.updated_at""")
                        .bind("t", teamId)
                        .bind("n", name)
                        .bind("nonce", sealed.nonce())
                        .bind("c", sealed.ciphertext())
                        .bind("k", sealed.keyId())
                        .bind("now", now)
                        .execute();
                return new Stored(new Info(name, createdAt == null ? now : createdAt, now), createdAt == null);
            });
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * A server with another key than the one the stored secrets use (two servers on one
     * PostgreSQL, each with its own generated key file) would split the secrets between keys
     * that no single server holds. Writing is refused until the keys agree.
     */
    private void refuseIfOtherKeysInUse(Handle h) {
        String other = h.createQuery("SELECT key_id FROM secrets WHERE key_id <> :k LIMIT 1")
                .bind("k", key.id())
                .mapTo(String.class)
                .findOne()
                .orElse(null);
        if (other != null) {
            throw new CofferException.Conflict(
                    "this server's key for team secrets (key id " + key.id() + ") is not the one the"
                            + " stored secrets were written with (key id " + other
                            + "); nothing was changed. Every server must be given"
                            + " the same key through " + MasterKey.SETTING + ": ask the operator.");
        }
    }

    /** The team's secrets by name: names and times, never values. */
    public List<Info> list(long teamId) {
        return db.withHandle(
                h -> h.createQuery("SELECT name, created_at, updated_at FROM secrets WHERE team_id = :t ORDER BY name")
                        .bind("t", teamId)
                        .map((rs, ctx) -> new Info(rs.getString(1), rs.getLong(2), rs.getLong(3)))
                        .list());
    }

    public void delete(long teamId, String name) {
        checkName(name);
        db.write(h -> {
            int deleted = h.createUpdate("DELETE FROM secrets WHERE team_id = :t AND name = :n")
                    .bind("t", teamId)
                    .bind("n", name)
                    .execute();
            if (deleted == 0) throw new CofferException.NotFound("the team has no secret named '" + name + "'");
            return deleted;
        });
    }

    private record Row(byte[] nonce, byte[] ciphertext, String keyId) {}

    /**
     * The value of the team's secret {@code name}, for server code that uses it on the team's
     * behalf. Never send it to a client.
     *
     * @throws CofferException.NotFound when the team has no such secret
     * @throws SecretUnreadableException when this server's key cannot decrypt it
     */
    public String reveal(long teamId, String name) {
        checkName(name);
        Row row = db.withHandle(h -> h.createQuery(
                        "SELECT nonce, ciphertext, key_id FROM secrets WHERE team_id = :t AND name = :n")
                .bind("t", teamId)
                .bind("n", name)
                .map((rs, ctx) -> new Row(rs.getBytes(1), rs.getBytes(2), rs.getString(3)))
                .findOne()
                .orElseThrow(() -> new CofferException.NotFound("the team has no secret named '" + name + "'")));
        if (!row.keyId().equals(key.id())) {
            throw new SecretUnreadableException(
                    "the team secret '" + name + "' was encrypted with another key (key id " + row.keyId()
                            + ") than this server's (key id " + key.id() + ", from " + key.source()
                            + "). Give every server the key the"
                            + " secrets were written with, through " + MasterKey.SETTING + ".");
        }
        byte[] plain;
        try {
            plain = SecretCipher.open(key, teamId, name, row.nonce(), row.ciphertext());
        } catch (AEADBadTagException e) {
            throw new SecretUnreadableException(
                    "the team secret '" + name + "' does not decrypt with this server's key (key id "
                            + key.id() + ", from " + key.source()
                            + "): its stored bytes were changed, or moved from another team or"
                            + " name. Check " + MasterKey.SETTING + ", or set the secret again.");
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(plain))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new SecretUnreadableException(
                    "the team secret '" + name + "' decrypted to bytes that are not UTF-8; set it again");
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** How many stored secrets were written with a key other than this server's (checked at start). */
    public long countSealedWithOtherKeys() {
        return db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM secrets WHERE key_id <> :k")
                .bind("k", key.id())
                .mapTo(Long.class)
                .one());
    }

    public MasterKey key() {
        return key;
    }
}
