/**
 * Where content bytes live. {@link BlobStore}'s comment is the contract every store keeps (keys,
 * atomic and durable puts, what "not found" means, listing), checked by one shared test suite;
 * {@link LocalBlobStore} keeps blobs as files under a folder, {@link S3BlobStore} as objects under
 * a prefix of an S3 bucket ({@link S3Settings}). A store knows keys and bytes only: what a key
 * holds (a chunk, a pack) is the {@code content} package's business.
 */
package dev.coffer.blob;
