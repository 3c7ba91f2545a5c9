package dev.coffer.cli.local;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

/**
 * One {@code statx(2)} call through the Foreign Function &amp; Memory API, for the local walk.
 *
 * <p>Why not NIO: {@code Files.readAttributes(p, "unix:ino,ctime,...")} is the only NIO way to
 * get the inode and ctime the index trusts, and it builds a map of boxed values and {@code
 * FileTime}s per call; over 100,000 files in a JVM that has not compiled that code yet, it is
 * most of a push's walk. Here a call fills a reused buffer and reads five numbers out of it.
 *
 * <p>The {@code struct statx} layout is fixed by the kernel ABI and the same on every
 * architecture (unlike {@code struct stat}), so the offsets below hold everywhere. When glibc
 * lacks {@code statx} (not Linux, glibc before 2.28, native access not enabled) {@link #available()}
 * is false and callers use NIO; a call that fails (e.g. a name NIO could not give us as bytes
 * safely) also answers null so that the caller can fall back for that one entry.
 */
final class Statx {
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int STATX_BASIC_STATS = 0x7ff;
    private static final int STATX_TYPE = 0x1,
            STATX_MODE = 0x2,
            STATX_INO = 0x100,
            STATX_SIZE = 0x200,
            STATX_MTIME = 0x40,
            STATX_CTIME = 0x80;
    private static final int NEEDED = STATX_TYPE | STATX_MODE | STATX_INO | STATX_SIZE | STATX_MTIME | STATX_CTIME;
    private static final long SIZE = 256;
    private static final long MASK = 0, MODE = 28, INO = 32, FILE_SIZE = 40, CTIME = 96, MTIME = 112;
    private static final int S_IFMT = 0xF000, S_IFREG = 0x8000, S_IFDIR = 0x4000, S_IFLNK = 0xA000;
    /** Longest path handed to the kernel here (PATH_MAX); longer ones go through NIO. */
    private static final int PATH_MAX = 4096;

    private static final MethodHandle STATX = find();

    /** {@link LocalTree.Stat#kind()}: what an entry is. */
    static final int REGULAR = 1, DIRECTORY = 2, OTHER = 3, LINK = 4;

    // Freed by the garbage collector with this object: a walk keeps one per thread.
    private final MemorySegment buf = Arena.ofAuto().allocate(SIZE, 8);
    private final MemorySegment path = Arena.ofAuto().allocate(PATH_MAX + 1);

    private static MethodHandle find() {
        return LibC.find(
                "statx",
                FunctionDescriptor.of(
                        ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT,
                        ValueLayout.ADDRESS,
                        ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT,
                        ValueLayout.ADDRESS));
    }

    /** Whether statx can be called in this JVM; when false, use NIO. */
    static boolean available() {
        return STATX != null;
    }

    /** A caller's own buffers: one per thread (not thread-safe). */
    Statx() {
        if (STATX == null) throw new IllegalStateException("statx is not available");
    }

    /**
     * Stats {@code absolute} without following a final symbolic link; null when this call cannot
     * answer (a non-ASCII or over-long path, or any error: the caller asks NIO, which reports it).
     */
    LocalTree.Stat stat(String absolute) {
        // Only ASCII is passed on: it has the same bytes in every file-name encoding, so the
        // kernel sees exactly the name NIO listed. A name with any other character encodes to
        // more UTF-8 bytes than it has chars, and takes the NIO path.
        byte[] bytes = absolute.getBytes(StandardCharsets.UTF_8);
        int n = bytes.length;
        if (n != absolute.length() || n > PATH_MAX || absolute.indexOf(0) >= 0) return null;
        MemorySegment.copy(bytes, 0, path, ValueLayout.JAVA_BYTE, 0, n);
        path.set(ValueLayout.JAVA_BYTE, n, (byte) 0);
        int rc;
        try {
            rc = (int) STATX.invokeExact(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, buf);
        } catch (Throwable e) {
            return null;
        }
        if (rc != 0 || (buf.get(ValueLayout.JAVA_INT, MASK) & NEEDED) != NEEDED) return null;
        int mode = Short.toUnsignedInt(buf.get(ValueLayout.JAVA_SHORT, MODE));
        int type = mode & S_IFMT;
        int kind = type == S_IFREG ? REGULAR : type == S_IFDIR ? DIRECTORY : type == S_IFLNK ? LINK : OTHER;
        return new LocalTree.Stat(
                kind,
                buf.get(ValueLayout.JAVA_LONG, FILE_SIZE),
                nanos(MTIME),
                buf.get(ValueLayout.JAVA_LONG, INO),
                nanos(CTIME),
                mode);
    }

    private long nanos(long at) {
        return buf.get(ValueLayout.JAVA_LONG, at) * 1_000_000_000L
                + Integer.toUnsignedLong(buf.get(ValueLayout.JAVA_INT, at + 8));
    }
}
