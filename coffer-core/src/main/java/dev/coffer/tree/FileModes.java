package dev.coffer.tree;

import dev.coffer.error.CofferException;
import java.nio.charset.StandardCharsets;

/** The rules for what an entry may carry besides its content: permission bits and a link's target. */
public final class FileModes {
    /** The longest link target kept, in UTF-8 bytes (the usual PATH_MAX). */
    public static final int MAX_TARGET_BYTES = 4096;

    private FileModes() {}

    /** Permission bits as written by {@code chmod} in octal ("755"); null or empty: none given (0). */
    public static int parse(String octal) {
        if (octal == null || octal.isEmpty()) return 0;
        if (!octal.matches("[0-7]{1,4}"))
            throw new CofferException.Invalid(
                    "mode must be octal permission bits such as 644 or 755, got '" + octal + "'");
        return Integer.parseInt(octal, 8);
    }

    public static int check(int mode) {
        if (mode < 0 || mode > 07777)
            throw new CofferException.Invalid(
                    "mode must be permission bits between 0 and 7777 (octal), got " + Integer.toOctalString(mode));
        return mode;
    }

    /** How the API shows a mode: octal, or null when none was given. */
    public static String show(int mode) {
        return mode == 0 ? null : Integer.toOctalString(mode);
    }

    /** The content of a file entry; a folder or a link has none, which is a conflict. */
    public static long contentOf(FileEntry e, VolumePath path) {
        if (e.directory()) throw new CofferException.Conflict(path + " is a folder");
        if (e.symlink())
            throw new CofferException.Conflict(path + " is a symbolic link (to " + e.target() + "), not a file");
        return e.contentId();
    }

    /** A link target: any text but empty, NUL or longer than {@value #MAX_TARGET_BYTES} bytes; kept as given and never followed. */
    public static String checkTarget(String target) {
        if (target == null || target.isEmpty()) throw new CofferException.Invalid("a symbolic link needs a target");
        if (target.indexOf('\0') >= 0) throw new CofferException.Invalid("a link target must not contain NUL");
        if (target.getBytes(StandardCharsets.UTF_8).length > MAX_TARGET_BYTES) {
            throw new CofferException.Invalid("a link target is at most " + MAX_TARGET_BYTES + " bytes");
        }
        return target;
    }
}
