package dev.coffer.cli.local;

import dev.coffer.cli.client.CliException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local folder that a download writes into, and the one check that every local path built
 * from a remote name goes through. Names come from the server (listings, archives), and a
 * hostile or broken server must not make the CLI write anywhere else: a name {@code ..}, an
 * absolute path, an empty name or one holding a backslash or NUL is refused, and so is a path
 * whose folders lead out of the destination through a symbolic link that is already there
 * (a link inside the destination that points inside it is followed as the user meant).
 */
public final class LocalDestination {
    private final Path root;
    private final Path realRoot;
    // Parents found inside the destination: checked once, not once per file (a pull may write 100,000 files).
    private final Set<Path> checkedParents = ConcurrentHashMap.newKeySet();

    private LocalDestination(Path root, Path realRoot) {
        this.root = root;
        this.realRoot = realRoot;
    }

    /** The destination folder {@code root}, which must exist. */
    public static LocalDestination of(Path root) throws IOException {
        Path absolute = root.toAbsolutePath().normalize();
        return new LocalDestination(absolute, absolute.toRealPath());
    }

    public Path root() {
        return root;
    }

    /**
     * The local path of {@code relative} (remote names joined by {@code /}) inside the destination;
     * a {@link CliException} (exit code 4) when it would not stay inside.
     */
    public Path resolve(String relative) throws IOException {
        Path target = root;
        for (String name : names(relative)) target = target.resolve(name);
        Path parent = target.getParent();
        if (!checkedParents.contains(parent)) {
            checkParent(parent, relative);
            checkedParents.add(parent);
        }
        return target;
    }

    private static String[] names(String relative) {
        if (relative == null || relative.isEmpty()) throw refused(String.valueOf(relative), "it is empty");
        String[] names = relative.split("/", -1);
        for (String n : names) {
            if (n.isEmpty())
                throw refused(relative, relative.startsWith("/") ? "it is an absolute path" : "it has an empty name");
            if (n.equals(".") || n.equals("..")) throw refused(relative, "it has a '" + n + "' in it");
            if (n.indexOf('\\') >= 0) throw refused(relative, "it has a backslash in it");
            if (n.indexOf('\0') >= 0) throw refused(relative, "it has a NUL character in it");
        }
        return names;
    }

    /** The deepest folder of {@code parent} that exists must really be inside the destination. */
    private void checkParent(Path parent, String relative) {
        Path existing = parent;
        while (existing != null && !existing.equals(root) && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS))
            existing = existing.getParent();
        if (existing == null || existing.equals(root)) return;
        Path real;
        try {
            real = existing.toRealPath();
        } catch (IOException e) {
            throw refused(relative, "a folder on its way is a symbolic link that leads nowhere");
        }
        if (!real.startsWith(realRoot))
            throw refused(relative, "a folder on its way is a symbolic link that leads out of " + root);
        if (!Files.isDirectory(real)) throw refused(relative, root.relativize(existing) + " is a file, not a folder");
    }

    private static CliException refused(String name, String why) {
        return new CliException(
                "refused to write the remote name '" + printable(name) + "': " + why
                        + "; nothing is written outside the destination folder",
                4);
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(300).forEach(c -> {
            if (c < 0x20 || c == 0x7f) b.append(String.format("\\u%04x", c));
            else b.appendCodePoint(c);
        });
        return b.toString();
    }
}
