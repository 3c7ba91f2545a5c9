package dev.coffer.secret;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM for secret values. Each value gets a fresh random 96-bit nonce (never reused
 * under one key: 2^-32 collision odds only after billions of values). The associated data binds
 * a ciphertext to its team and name: copied to another team or renamed in the database, it no
 * longer decrypts.
 */
final class SecretCipher {
    static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String FORMAT = "coffer-secret-v1";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretCipher() {}

    record Sealed(byte[] nonce, byte[] ciphertext, String keyId) {}

    static Sealed seal(MasterKey key, long teamId, String name, byte[] plain) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(associatedData(teamId, name));
            return new Sealed(nonce, c.doFinal(plain), key.id());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    }

    /** The plain value; {@link AEADBadTagException} when the key, team, name or bytes do not match. */
    static byte[] open(MasterKey key, long teamId, String name, byte[] nonce, byte[] ciphertext)
            throws AEADBadTagException {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(associatedData(teamId, name));
            return c.doFinal(ciphertext);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    }

    /** Format tag, team id and name, each NUL-terminated: no two (team, name) pairs give the same bytes. */
    static byte[] associatedData(long teamId, String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String part : new String[] {FORMAT, Long.toString(teamId), name}) {
            out.writeBytes(part.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return out.toByteArray();
    }
}
