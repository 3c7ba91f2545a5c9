package dev.coffer.content;

import dev.coffer.chunk.ChunkId;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * A file's content as its ordered chunks. Its digest (SHA-256 over the binary chunk hashes, in
 * order) names the content: identical files have identical manifests and share one stored row.
 * The digest doubles as the file's ETag.
 */
public record Manifest(List<ChunkRef> chunks) {
    public Manifest {
        chunks = List.copyOf(chunks);
    }

    public long size() {
        long total = 0;
        for (ChunkRef c : chunks) total += c.size();
        return total;
    }

    public String digest() {
        MessageDigest sha = ChunkId.sha256();
        for (ChunkRef c : chunks) sha.update(c.id().bytes());
        return HexFormat.of().formatHex(sha.digest());
    }
}
