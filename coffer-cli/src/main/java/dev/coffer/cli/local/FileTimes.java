package dev.coffer.cli.local;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;

/**
 * Sets a file's, folder's or link's modification time with one {@code utimensat(2)} call by path
 * (not following a final link), leaving its access time alone.
 *
 * <p>Why not NIO: {@code BasicFileAttributeView.setTimes} opens the file, calls {@code futimens}
 * and closes it again; a pull of 40,000 files spent a second open per file on that, about as
 * much kernel time as creating the file. Where {@code utimensat} cannot be called (not Linux,
 * native access not enabled, a name that is not plain ASCII) or fails, NIO does it and reports
 * the error.
 */
public final class FileTimes {
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    /** tv_nsec value that leaves that time as it is. */
    private static final long UTIME_OMIT = (1L << 30) - 2L;

    private static final int PATH_MAX = 4096;
    private static final MethodHandle UTIMENSAT = find();

    /** Per thread: the path's bytes and the two {@code struct timespec}. */
    private static final ThreadLocal<MemorySegment> BUFFERS =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(32 + PATH_MAX + 1, 8));

    private FileTimes() {}

    private static MethodHandle find() {
        return LibC.find(
                "utimensat",
                FunctionDescriptor.of(
                        ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT,
                        ValueLayout.ADDRESS,
                        ValueLayout.ADDRESS,
                        ValueLayout.JAVA_INT));
    }

    /** Sets the modification time of {@code path} (a link itself, not what it points to) to {@code millis}. */
    public static void setModified(Path path, long millis) throws IOException {
        if (!viaUtimensat(path.toAbsolutePath().toString(), millis)) {
            Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(FileTime.fromMillis(millis), null, null);
        }
    }

    private static boolean viaUtimensat(String absolute, long millis) {
        if (UTIMENSAT == null) return false;
        // Only ASCII is passed on: it has the same bytes in every file-name encoding (see Statx).
        byte[] bytes = absolute.getBytes(StandardCharsets.UTF_8);
        int n = bytes.length;
        if (n != absolute.length() || n > PATH_MAX || absolute.indexOf(0) >= 0) return false;
        MemorySegment buf = BUFFERS.get();
        buf.set(ValueLayout.JAVA_LONG, 0, 0); // access time: left as it is
        buf.set(ValueLayout.JAVA_LONG, 8, UTIME_OMIT);
        buf.set(ValueLayout.JAVA_LONG, 16, Math.floorDiv(millis, 1000));
        buf.set(ValueLayout.JAVA_LONG, 24, Math.floorMod(millis, 1000) * 1_000_000L);
        MemorySegment path = buf.asSlice(32);
        MemorySegment.copy(bytes, 0, path, ValueLayout.JAVA_BYTE, 0, n);
        path.set(ValueLayout.JAVA_BYTE, n, (byte) 0);
        try {
            return (int) UTIMENSAT.invokeExact(AT_FDCWD, path, buf.asSlice(0, 32), AT_SYMLINK_NOFOLLOW) == 0;
        } catch (Throwable e) {
            return false;
        }
    }
}
