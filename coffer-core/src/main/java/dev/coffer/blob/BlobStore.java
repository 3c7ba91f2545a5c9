package dev.coffer.blob;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Where content bytes live: a flat namespace of immutable blobs named by keys such as
 * {@code chunks/ab/ab12…}. Coffer writes each key once (content addressing), so a store never
 * needs to merge or append.
 *
 * <p>The contract every implementation MUST keep (checked by {@code BlobStoreContract}):
 * <ul>
 *   <li><b>Keys</b> are relative, made of {@code [a-z0-9._/-]}, never start with {@code /} and
 *       never contain {@code ..}; an implementation MAY refuse anything else with
 *       {@link IllegalArgumentException}.</li>
 *   <li><b>put is atomic and durable</b>: when {@link #put} returns, the whole blob is stored and
 *       survives a crash of the process or the machine; a reader never sees a partial blob,
 *       before or after a crash. Putting an existing key replaces it atomically (callers only do
 *       that with identical bytes).</li>
 *   <li><b>Not found</b>: {@link #get} and {@link #getRange} of a missing key throw
 *       {@link BlobNotFoundException}; {@link #size} returns -1; {@link #delete} of a missing key
 *       is not an error (idempotent).</li>
 *   <li><b>Ranges</b>: {@link #getRange} returns exactly {@code length} bytes starting at
 *       {@code offset}; a range past the end throws {@link IllegalArgumentException}.</li>
 *   <li><b>Listing</b> visits every key under a prefix exactly once, in no promised order, and is
 *       safe to run while other keys are put or deleted (those may or may not be visited).</li>
 *   <li>All methods are safe to call from many threads at once.</li>
 * </ul>
 */
public interface BlobStore extends AutoCloseable {

    /** Stores {@code data} under {@code key}; durable and complete when this returns. */
    void put(String key, byte[] data) throws IOException;

    /** The whole blob. Blobs are small (a chunk or a pack), so a byte array is the right shape. */
    byte[] get(String key) throws IOException;

    /** {@code length} bytes of the blob from {@code offset}. */
    byte[] getRange(String key, long offset, int length) throws IOException;

    /** Opens a stream over the whole blob (for fsck and archives); the caller closes it. */
    InputStream open(String key) throws IOException;

    /** The blob's size in bytes, or -1 when there is no such blob. */
    long size(String key) throws IOException;

    /** Removes the blob; removing a missing blob is not an error. */
    void delete(String key) throws IOException;

    /** Calls {@code visitor} with every key that starts with {@code prefix}. */
    void list(String prefix, Consumer<String> visitor) throws IOException;

    /** Cheap check that the store is reachable (used by {@code /readyz}). */
    void checkReachable() throws IOException;

    /** A short description for logs and the start-up banner, never containing credentials. */
    String describe();

    @Override
    void close();
}
