package dev.coffer.cli.mount;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.cryptomator.jfuse.api.FileInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an open tells the kernel beside its handle, which the binding has no setters for: the bits
 * of libfuse 3's {@code struct fuse_file_info} after {@code flags} (offset 4; the same from
 * libfuse 3.10 to 3.17), set in the native struct behind the {@link FileInfo}. When that struct
 * cannot be reached, opens go on without them: every open drops the file's cached pages and every
 * close asks for a flush, which is slower but never wrong.
 */
final class OpenFlags {
    private static final Logger LOG = LoggerFactory.getLogger("dev.coffer.mount");
    private static final long BITS_OFFSET = 4;
    /** {@code keep_cache}: the pages the kernel holds of this file are still its content. */
    private static final int KEEP_CACHE = 1 << 2;
    /** {@code noflush}: a close needs no FLUSH request (the open only reads: nothing to send). */
    private static final int NO_FLUSH = 1 << 7;

    private static volatile boolean available = true;

    private OpenFlags() {}

    /** Marks {@code fi}: keep the cached pages ({@code keepCache}), skip the flush at close ({@code noFlush}). */
    static void set(FileInfo fi, boolean keepCache, boolean noFlush) {
        int bits = (keepCache ? KEEP_CACHE : 0) | (noFlush ? NO_FLUSH : 0);
        if (bits == 0 || !available || fi == null) return;
        try {
            MemorySegment s = NativeStructs.of(fi);
            s.set(
                    ValueLayout.JAVA_INT_UNALIGNED,
                    BITS_OFFSET,
                    s.get(ValueLayout.JAVA_INT_UNALIGNED, BITS_OFFSET) | bits);
        } catch (ReflectiveOperationException | RuntimeException e) {
            available = false;
            LOG.warn(
                    "opens cannot keep cached pages or skip flushes: this FUSE binding's file info cannot be reached ({})",
                    e.toString());
        }
    }
}
