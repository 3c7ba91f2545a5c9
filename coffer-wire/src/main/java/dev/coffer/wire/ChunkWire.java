package dev.coffer.wire;

import java.util.List;

/** The chunk side of the upload protocol; chunks are named by the hex SHA-256 of their bytes. */
public final class ChunkWire {
    private ChunkWire() {}

    /** Which of these chunks must be sent (at most 10,000 at once). */
    public record MissingRequest(List<String> chunks) {}

    public record MissingChunks(List<String> missing) {}

    /** {@code stored} is false when the chunk was there already. */
    public record StoredChunk(String id, boolean stored) {}

    /** {@code stored}: how many of the {@code received} chunks were new. */
    public record StoredBatch(int received, int stored) {}
}
