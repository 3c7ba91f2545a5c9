package dev.coffer.chunk;

/**
 * Content-defined chunking with FastCDC (gear rolling hash, normalized chunking).
 *
 * <p>Cut points depend only on the bytes, so inserting a byte in the middle of a file changes the
 * chunk that holds it and leaves the following boundaries where they were: an edit stores only a
 * few new chunks. The cut points are a compatibility promise: changing the gear table, the masks
 * or the bounds re-chunks every file differently and defeats deduplication against old content.
 * {@code FastCdcTest} pins them for seeded data.
 *
 * <p>Bounds (documented in docs/design/content-store.md): minimum 256 KiB, normal (average) 1 MiB,
 * maximum 4 MiB. Below the normal size a cut needs 22 zero bits in the hash (harder), above it 18
 * (easier), which pulls chunk sizes towards the average.
 */
public final class FastCdc {
    public static final int MIN_SIZE = 256 * 1024;
    public static final int AVG_SIZE = 1024 * 1024;
    public static final int MAX_SIZE = 4 * 1024 * 1024;

    /** The mask bits sit at the top of the 64-bit hash: those bits depend on the last 64 bytes. */
    private static final long MASK_HARD = topBits(22);

    private static final long MASK_EASY = topBits(18);
    static final long[] GEAR = gearTable(0x436f666665724344L);

    private FastCdc() {}

    /**
     * The length of the next chunk in {@code data[offset, offset+available)}. The caller passes at
     * least {@link #MAX_SIZE} bytes unless the input ends sooner, in which case the last chunk is
     * whatever remains.
     */
    public static int cut(byte[] data, int offset, int available) {
        if (available <= MIN_SIZE) return available;
        int normal = Math.min(AVG_SIZE, available);
        int max = Math.min(MAX_SIZE, available);
        long hash = 0;
        int i = offset + MIN_SIZE;
        int normalEnd = offset + normal;
        int maxEnd = offset + max;
        for (; i < normalEnd; i++) {
            hash = (hash << 1) + GEAR[data[i] & 0xff];
            if ((hash & MASK_HARD) == 0) return i + 1 - offset;
        }
        for (; i < maxEnd; i++) {
            hash = (hash << 1) + GEAR[data[i] & 0xff];
            if ((hash & MASK_EASY) == 0) return i + 1 - offset;
        }
        return max;
    }

    private static long topBits(int n) {
        return -1L << (64 - n);
    }

    /** 256 pseudo-random 64-bit values from SplitMix64 with a fixed seed: reproducible everywhere. */
    private static long[] gearTable(long seed) {
        long[] table = new long[256];
        long state = seed;
        for (int i = 0; i < table.length; i++) {
            state += 0x9E3779B97F4A7C15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            table[i] = z ^ (z >>> 31);
        }
        return table;
    }
}
