/**
 * Deduplicated content over a blob store. A file's content is a {@link Manifest}, its ordered
 * {@link ChunkRef}s, named by a digest that is also the file's ETag; each chunk is registered in
 * the database and stored in a blob of its own or inside a pack of many small ones.
 * {@link ContentStore} orders the writes so that a crash leaves at worst an unregistered blob,
 * and {@link Possession} decides which chunks a {@link ChunkScope} (a team, or the public
 * datasets) may name, so that deduplication never opens one team's bytes to another.
 */
package dev.coffer.content;
