package dev.coffer.dataset;

import dev.coffer.chunk.ChunkId;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * Where a folder's entries are cut into nodes, and how a node is named. Both are part of the
 * stored format (docs/design/dataset-versions.md): the same entries always give the same nodes
 * and hashes, whatever the history, so versions share what they have in common.
 *
 * <p>Cut rule, per level: a node ends after an entry when it holds {@code max} entries, or when
 * it holds at least {@code min} and the first 8 bytes of SHA-256(level, name) taken as an
 * unsigned number are divisible by {@code fanout}. The rule depends on names only (plus the
 * count since the last cut), so an edit changes the node it falls in and, rarely, the next one.
 */
final class TreeShape {
    /** About 40 entries a node: a change rewrites ~40 rows per level instead of the whole folder. */
    static final TreeShape DEFAULT = new TreeShape(32);

    private static final byte[] DOMAIN = "coffer-dataset-node-v1\n".getBytes(StandardCharsets.US_ASCII);

    private static final ThreadLocal<MessageDigest> NAME_DIGEST = ThreadLocal.withInitial(ChunkId::sha256);

    final int fanout;
    final int min;
    final int max;

    TreeShape(int fanout) {
        if (fanout < 2) throw new IllegalArgumentException("fanout must be at least 2");
        this.fanout = fanout;
        this.min = Math.max(2, fanout / 4);
        this.max = fanout * 8;
    }

    boolean endsNode(int level, String name, int count) {
        if (count >= max) return true;
        if (count < min) return false;
        // One digest object per thread: this runs once per entry of every folder built or
        // checked (100,000 times for a client checking a 100,000-file version), and looking up
        // a new one each time cost more than hashing the name.
        MessageDigest sha = NAME_DIGEST.get();
        sha.update((byte) level);
        byte[] d = sha.digest(name.getBytes(StandardCharsets.UTF_8));
        long v = 0;
        for (int i = 0; i < 8; i++) v = (v << 8) | (d[i] & 0xff);
        return Long.remainderUnsigned(v, fanout) == 0;
    }

    /**
     * A node's hash: SHA-256 over "coffer-dataset-node-v1\n", the level (int32), the entry count
     * (int32) and each entry in name order: its kind (one ASCII byte), the UTF-8 name (int32
     * length + bytes), then for a file its content digest (32 bytes), size and mtime (int64
     * each), for a folder or part the child node's hash (32 bytes). Big-endian throughout.
     */
    static String hash(int level, List<TreeEntry> entries) {
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream(64 + entries.size() * 96);
            DataOutputStream out = new DataOutputStream(buf);
            out.write(DOMAIN);
            out.writeInt(level);
            out.writeInt(entries.size());
            HexFormat hex = HexFormat.of();
            for (TreeEntry e : entries) {
                out.writeByte(e.kind());
                byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
                out.writeInt(name.length);
                out.write(name);
                if (e.isFile()) {
                    out.write(hex.parseHex(e.digest()));
                    out.writeLong(e.size());
                    out.writeLong(e.mtime());
                    // Only when given, so trees written before modes were kept hash as they did.
                    if (e.mode() != 0) {
                        out.writeByte('m');
                        out.writeInt(e.mode());
                    }
                } else if (e.isLink()) {
                    byte[] target = e.target().getBytes(StandardCharsets.UTF_8);
                    out.writeInt(target.length);
                    out.write(target);
                    out.writeLong(e.mtime());
                } else {
                    out.write(hex.parseHex(e.child()));
                    // A folder's time only when known, so trees written before it was kept hash as they did.
                    if (e.kind() == TreeEntry.FOLDER && e.mtime() != 0) {
                        out.writeByte('t');
                        out.writeLong(e.mtime());
                    }
                }
            }
            out.flush();
            return hex.formatHex(ChunkId.sha256().digest(buf.toByteArray()));
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
    }

    static final String EMPTY = hash(0, List.of());
}
