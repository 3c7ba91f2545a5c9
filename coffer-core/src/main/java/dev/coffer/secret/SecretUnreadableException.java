package dev.coffer.secret;

/**
 * A stored secret that this server cannot decrypt: it was written with another key, or its
 * stored bytes were changed or moved. The message names the key setting and the secret, never
 * a value or a key. It is a server misconfiguration, not a user mistake, so it is no
 * {@link dev.coffer.error.CofferException}.
 */
public final class SecretUnreadableException extends IllegalStateException {
    public SecretUnreadableException(String message) {
        super(message);
    }
}
