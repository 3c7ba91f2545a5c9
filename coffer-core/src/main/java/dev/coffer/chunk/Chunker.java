package dev.coffer.chunk;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Cuts a stream into FastCDC chunks, holding at most two maximum-size chunks in memory whatever
 * the size of the stream. The buffer starts small and grows only as far as the stream needs, so
 * thousands of small files don't each cost an 8 MiB allocation. Not thread-safe: one reader
 * drives it.
 */
public final class Chunker {
    private final InputStream in;
    private static final int FULL = 2 * FastCdc.MAX_SIZE;
    private byte[] buf = new byte[64 * 1024];
    private int start;
    private int end;
    private boolean eof;

    public Chunker(InputStream in) {
        this.in = in;
    }

    /** The next chunk's bytes, or {@code null} at the end of the stream. */
    public byte[] next() throws IOException {
        fill();
        int available = end - start;
        if (available == 0) return null;
        int len = FastCdc.cut(buf, start, available);
        byte[] chunk = Arrays.copyOfRange(buf, start, start + len);
        start += len;
        return chunk;
    }

    private void fill() throws IOException {
        if (eof || end - start >= FastCdc.MAX_SIZE) return;
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        while (end < FULL) {
            if (end == buf.length) buf = Arrays.copyOf(buf, Math.min(FULL, buf.length * 4));
            int n = in.read(buf, end, buf.length - end);
            if (n < 0) {
                eof = true;
                return;
            }
            end += n;
        }
    }
}
