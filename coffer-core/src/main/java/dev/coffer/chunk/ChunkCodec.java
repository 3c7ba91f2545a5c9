package dev.coffer.chunk;

import com.github.luben.zstd.Zstd;
import java.util.Arrays;

/**
 * The stored form of a chunk: a 3-byte header, then the payload.
 *
 * <pre>
 *   byte 0  'C'  (magic)
 *   byte 1  1    (format version)
 *   byte 2  0 = plain, 1 = zstd
 *   bytes 3…     payload (the plain bytes, or their zstd frame)
 * </pre>
 *
 * Compression is decided cheaply: a chunk whose first KiB uses almost every byte value is
 * stored plain at once; otherwise a 64 KiB sample is compressed first and the whole chunk only
 * when the sample shrinks by at least 10%, so incompressible data (images, archives, random
 * bytes) keeps its ingest speed. The chunk's name stays the SHA-256 of the plain bytes.
 */
public final class ChunkCodec {
    static final byte MAGIC = 'C';
    static final byte VERSION = 1;
    static final byte PLAIN = 0;
    static final byte ZSTD = 1;
    public static final int HEADER_SIZE = 3;
    private static final int SAMPLE = 64 * 1024;
    private static final int LEVEL = 1;

    private ChunkCodec() {}

    public static byte[] encode(byte[] plain) {
        if (plain.length >= 512 && worthCompressing(plain)) {
            byte[] packed = Zstd.compress(plain, LEVEL);
            if (packed.length < plain.length * 0.9) return withHeader(ZSTD, packed);
        }
        return withHeader(PLAIN, plain);
    }

    private static boolean worthCompressing(byte[] plain) {
        if (looksRandom(plain)) return false;
        int n = Math.min(SAMPLE, plain.length);
        byte[] sample = plain.length == n ? plain : Arrays.copyOf(plain, n);
        return Zstd.compress(sample, LEVEL).length < n * 0.9;
    }

    /**
     * A first, nearly free test: random, encrypted or already compressed data uses almost every
     * byte value in its first KiB (about 250 of 256), text and most tabular data far fewer. Such
     * chunks skip even the sample compression.
     */
    static boolean looksRandom(byte[] plain) {
        int n = Math.min(1024, plain.length);
        if (n < 512) return false;
        boolean[] seen = new boolean[256];
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            int b = plain[i] & 0xff;
            if (!seen[b]) {
                seen[b] = true;
                distinct++;
            }
        }
        return distinct > 220;
    }

    private static byte[] withHeader(byte mode, byte[] payload) {
        byte[] out = new byte[HEADER_SIZE + payload.length];
        out[0] = MAGIC;
        out[1] = VERSION;
        out[2] = mode;
        System.arraycopy(payload, 0, out, HEADER_SIZE, payload.length);
        return out;
    }

    /** The plain bytes; {@code expectedSize} is the size recorded in the metadata. */
    public static byte[] decode(byte[] stored, int expectedSize) {
        if (stored.length < HEADER_SIZE || stored[0] != MAGIC) {
            throw new IllegalStateException("not a stored chunk (bad header)");
        }
        if (stored[1] != VERSION) {
            throw new IllegalStateException(
                    "stored chunk format " + stored[1] + " is newer than this Coffer understands");
        }
        byte[] payload = Arrays.copyOfRange(stored, HEADER_SIZE, stored.length);
        return switch (stored[2]) {
            case PLAIN -> payload;
            case ZSTD -> Zstd.decompress(payload, expectedSize);
            default -> throw new IllegalStateException("unknown chunk compression " + stored[2]);
        };
    }
}
