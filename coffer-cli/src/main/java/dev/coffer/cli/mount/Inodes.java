package dev.coffer.cli.mount;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.cryptomator.jfuse.api.FuseConfig;
import org.cryptomator.jfuse.api.Stat;
import org.cryptomator.jfuse.linux.amd64.extr.fuse3.fuse_config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inode numbers that stay the same for a path across lookups, restarts and remounts: a hash of
 * the tree and the path, not a counter of the running mount. Tools that remember inode numbers
 * (git's index, rsync, backup tools, editors) see the same file as the same file.
 *
 * <p>The binding has no setter for {@code st_ino}, so the number is written into the native
 * {@code struct stat} behind it (offset 8 on x86-64 Linux, after {@code st_dev}), and the mount
 * turns on {@code use_ino} in its configuration. When that struct cannot be reached, the mount runs without
 * {@code use_ino} and FUSE numbers inodes itself (stable only while the mount runs).
 */
final class Inodes {
    private static final Logger LOG = LoggerFactory.getLogger("dev.coffer.mount");
    private static final long ST_INO_OFFSET = 8;
    private static volatile boolean available = true;

    private Inodes() {}

    /** A stable, non-zero number for {@code path} of tree {@code tree}. */
    static long of(String tree, String path) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(tree.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            byte[] h = md.digest(path.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) v = (v << 8) | (h[i] & 0xff);
            v &= Long.MAX_VALUE;
            return v < 16 ? v + 16 : v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when inode numbers can be set (then mount with {@code use_ino}); asked once, before mounting. */
    static boolean supported() {
        try {
            NativeStructs.check(Class.forName("org.cryptomator.jfuse.linux.amd64.StatImpl"));
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            available = false;
            LOG.warn(
                    "inode numbers cannot be set through this FUSE binding ({}); FUSE numbers them while mounted",
                    e.toString());
            return false;
        }
    }

    /** Writes {@code ino} into {@code stat}; false when the binding's struct cannot be reached. */
    static boolean set(Stat stat, long ino) {
        if (!available) return false;
        try {
            MemorySegment s = NativeStructs.of(stat);
            s.set(ValueLayout.JAVA_LONG_UNALIGNED, ST_INO_OFFSET, ino);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            available = false;
            LOG.warn(
                    "inode numbers cannot be set through this FUSE binding ({}); FUSE numbers them while mounted",
                    e.toString());
            return false;
        }
    }

    static boolean available() {
        return available;
    }

    /**
     * Turns on {@code use_ino} in the session's {@code struct fuse_config} (libfuse 3 takes it
     * only there, not as a mount option), so the kernel gets the numbers set here.
     */
    static void useOwnNumbers(FuseConfig cfg) {
        if (!available || cfg == null) return;
        try {
            fuse_config.use_ino(NativeStructs.of(cfg), 1);
        } catch (ReflectiveOperationException | RuntimeException e) {
            available = false;
            LOG.warn(
                    "inode numbers cannot be set through this FUSE binding ({}); FUSE numbers them while mounted",
                    e.toString());
        }
    }
}
