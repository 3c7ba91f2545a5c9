package dev.coffer.content;

import dev.coffer.chunk.ChunkId;

/** One entry of a manifest: a chunk and the number of plain bytes it holds. */
public record ChunkRef(ChunkId id, int size) {
    public ChunkRef {
        if (size < 0) throw new IllegalArgumentException("chunk size must not be negative");
    }
}
