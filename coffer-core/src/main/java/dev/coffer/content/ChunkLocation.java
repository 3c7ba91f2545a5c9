package dev.coffer.content;

import dev.coffer.blob.BlobStore;
import dev.coffer.chunk.ChunkCodec;
import dev.coffer.chunk.ChunkId;
import java.io.IOException;

/**
 * Where a registered chunk's stored bytes are: its own blob, a range of a pack blob, or (small
 * chunks stored one at a time) its row itself, {@code inline}.
 */
public record ChunkLocation(ChunkId id, int size, int storedSize, String pack, long packOffset, byte[] inline) {

    public ChunkLocation(ChunkId id, int size, int storedSize, String pack, long packOffset) {
        this(id, size, storedSize, pack, packOffset, null);
    }

    /** True when the bytes are in the chunk's row, with no blob. */
    public boolean isInline() {
        return inline != null;
    }

    /** The blob key of pack {@code packId}. */
    public static String packKey(String packId) {
        return Pack.key(packId);
    }

    public String blobKey() {
        return pack == null ? id.blobKey() : Pack.key(pack);
    }

    /**
     * The chunk's plain bytes, read from the store, decoded and checked against the chunk's name:
     * a byte flipped in the store is an error here, never data served to a reader.
     */
    public byte[] read(BlobStore blobs) throws IOException {
        byte[] stored = inline != null
                ? inline
                : pack == null ? blobs.get(id.blobKey()) : blobs.getRange(Pack.key(pack), packOffset, storedSize);
        byte[] plain = ChunkCodec.decode(stored, size);
        if (!ChunkId.of(plain).equals(id)) {
            // An I/O error, not a client error: the store holds damaged bytes.
            throw new IOException(
                    "stored chunk " + id + " is damaged: its bytes do not match its name (run coffer admin fsck)");
        }
        return plain;
    }
}
