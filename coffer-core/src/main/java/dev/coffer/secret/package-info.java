/**
 * Team secrets: values a team stores once (an S3 secret key, a database password) and that
 * Coffer uses on the team's behalf without ever showing them again.
 *
 * <dl>
 *   <dt>Master key</dt><dd>The server's 256-bit AES key ({@link dev.coffer.secret.MasterKey}):
 *   from the setting {@code secrets.key}, else generated once into {@code DATA/secrets.key}.</dd>
 *   <dt>Sealed value</dt><dd>A value encrypted with AES-GCM under the master key, with a fresh
 *   96-bit nonce and the team id and secret name as associated data, so a stored ciphertext
 *   decrypts only as the secret it was written as.</dd>
 *   <dt>Key id</dt><dd>A fingerprint of the master key stored beside each value, so a server
 *   started with another key says so instead of failing obscurely.</dd>
 * </dl>
 */
package dev.coffer.secret;
