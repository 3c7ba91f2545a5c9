package dev.coffer.server.http;

import dev.coffer.error.CofferException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads uploaded chunk bytes into memory without letting a slow client hold memory it has not
 * sent: the buffer starts small and doubles as bytes arrive, and each size it grows to is first
 * taken from the request's {@link MemoryBudget.Lease}. A client that announces 4 MiB and then
 * trickles holds 64 KiB, not 4 MiB, until the pace check cuts it off.
 */
final class ChunkBodies {
    static final int FIRST_BUFFER = 64 * 1024;

    private ChunkBodies() {}

    /** Exactly {@code length} bytes of {@code in}; a body that ends sooner is refused as invalid. */
    static byte[] readExactly(InputStream in, int length, MemoryBudget.Lease lease) throws IOException {
        byte[] buf = new byte[0];
        int filled = 0;
        while (filled < length) {
            if (filled == buf.length) {
                int next = (int) Math.min(length, Math.max(FIRST_BUFFER, buf.length * 2L));
                lease.reserve(next);
                byte[] grown = Arrays.copyOf(buf, next);
                lease.release(buf.length);
                buf = grown;
            }
            int n = in.read(buf, filled, buf.length - filled);
            if (n < 0)
                throw new CofferException.Invalid("the body ends after " + filled + " bytes but should hold " + length);
            filled += n;
        }
        return buf;
    }
}
