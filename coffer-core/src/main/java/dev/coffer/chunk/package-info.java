/**
 * Chunks, the unit of deduplication. {@link FastCdc} finds content-defined cut points (256 KiB to
 * 4 MiB, about 1 MiB on average) and {@link Chunker} applies it to a stream with bounded memory;
 * a chunk is named by the SHA-256 of its plain bytes ({@link ChunkId}) and stored in the
 * {@link ChunkCodec} format, zstd-compressed only when that pays. The cut points are a
 * compatibility promise: changing them re-chunks every file and defeats deduplication against
 * what is stored. See docs/design/content-store.md.
 */
package dev.coffer.chunk;
