package dev.coffer.bench.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A generated tree shaped like a source checkout, for the real-tree benchmark: many small text
 * files (sizes roughly log-normal around 4 KiB, a few of 100 KiB to 1 MiB) in folders 2 to 8
 * deep, chains of single folders and wide leaves as real trees have, and relative symbolic links
 * to files and folders. Seeded: every run and every machine gets the same tree and the same
 * changes between its versions.
 *
 * <p>{@link #nextVersion()} makes the next version the way a new checkout of a project does:
 * about 3% of the files edited in their middle (a few lines replaced or inserted, so most of a
 * bigger file's bytes stay where they were), a handful added and deleted, and every time stamp
 * new (as an unpack or rsync leaves them), so every tool must read every file again.
 */
public final class SourceTree {
    static final int MIN_DEPTH = 2;
    static final int MAX_DEPTH = 8;
    static final double CHANGED_SHARE = 0.03;
    static final double LINK_SHARE = 0.005;
    static final double BIG_SHARE = 0.0025;
    private static final long SEED = 0x5EED7EEL;
    private static final double MEDIAN_BYTES = 4096;
    private static final double SIGMA = 1.0;
    private static final int BIG_MIN = 100 << 10;
    private static final int BIG_MAX = 1 << 20;
    /** The most files a leaf folder takes before it is split once more. */
    private static final int MAX_LEAF = 80;
    /** 2026-01-01T00:00:00Z; version n is stamped n - 1 days later. */
    private static final long FIRST_MTIME = 1_767_225_600_000L;

    private static final long DAY = 86_400_000L;
    private static final String[][] LANGUAGES = {
        {".java"}, {".c", ".h"}, {".py"}, {".go"}, {".ts"}, {".rs"}, {".cc", ".h"}
    };

    private final Path root;
    private final SplittableRandom random = new SplittableRandom(SEED);
    private final CodeText text = new CodeText(random);
    /** Relative path to size, in the order made (which the seeded choices below depend on). */
    private final Map<String, Integer> files = new LinkedHashMap<>();

    private final List<String> folders = new ArrayList<>();
    private final Map<String, String> links = new LinkedHashMap<>();
    private final Set<String> linkedFiles = new HashSet<>();
    private int version;
    private Change lastChange = new Change(0, 0, 0);

    /** What {@link #nextVersion()} did besides new time stamps on everything. */
    public record Change(int changed, int added, int deleted) {}

    private SourceTree(Path root) {
        this.root = root;
    }

    /** Writes version 1 of a tree of {@code fileCount} files at {@code root}, replacing whatever is there. */
    public static SourceTree write(Path root, int fileCount) throws IOException {
        Scratch.deleteTree(root);
        Files.createDirectories(root);
        SourceTree tree = new SourceTree(root);
        tree.grow("", 0, fileCount, LANGUAGES[0], MAX_DEPTH);
        tree.addLinks();
        tree.version = 1;
        tree.stamp(FIRST_MTIME);
        return tree;
    }

    /**
     * Folder {@code rel} at {@code depth} with {@code budget} files in it and below it: a few here
     * (all of them in a leaf), the rest shared out unevenly among sub-folders. Each top-level
     * folder is a module with its own language and the depth its leaves are planned at, so some
     * modules are shallow and some deep, as in a real repository.
     */
    private void grow(String rel, int depth, int budget, String[] language, int leafDepth) throws IOException {
        int here = filesHere(depth, budget, leafDepth);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < here; i++) {
            String name = unique(names, text.fileName(language[random.nextInt(language.length)]));
            writeNew(join(rel, name), drawSize());
        }
        int rest = budget - here;
        if (rest == 0) return;
        int[] shares = split(rest, fanOut(depth, rest, leafDepth));
        for (int share : shares) {
            String child = join(rel, unique(names, text.folderName()));
            Files.createDirectory(root.resolve(child));
            folders.add(child);
            if (depth == 0) {
                String[] lang = LANGUAGES[random.nextInt(LANGUAGES.length)];
                grow(child, 1, share, lang, MIN_DEPTH + 1 + random.nextInt(MAX_DEPTH - MIN_DEPTH));
            } else if (depth < 3) {
                // Parts of a module vary around its depth, a level either way.
                int jittered = Math.clamp(leafDepth + random.nextInt(3) - 1, MIN_DEPTH + 1, MAX_DEPTH);
                grow(child, depth + 1, share, language, jittered);
            } else {
                grow(child, depth + 1, share, language, leafDepth);
            }
        }
    }

    private int filesHere(int depth, int budget, int leafDepth) {
        // The top levels hold a README or a build file or two; the code is further down.
        if (depth < MIN_DEPTH) return budget <= 2 ? budget : Math.min(budget - 1, random.nextInt(3));
        // The planned depth is a plan: a part too big for one folder there goes a level further.
        if (depth >= MAX_DEPTH || budget <= 4 || (depth >= leafDepth && budget <= MAX_LEAF)) return budget;
        return Math.min(budget - 1, random.nextInt(9));
    }

    /**
     * Sub-folders enough to reach leaves of a dozen files or so at the planned depth; now and then
     * a single one (the src/main/java kind of chain), which the levels below make up for.
     */
    private int fanOut(int depth, int rest, int leafDepth) {
        if (depth == 0) return Math.min(rest, 5 + random.nextInt(6));
        if (depth >= MIN_DEPTH && random.nextInt(4) == 0) return 1;
        int levels = Math.max(1, leafDepth - depth);
        double n = Math.pow(rest / 12.0, 1.0 / levels) * (0.6 + 0.8 * random.nextDouble());
        return (int) Math.clamp(Math.round(n), 1, Math.min(16, rest));
    }

    /** {@code total} shared among {@code parts} in uneven random shares, each at least 1. */
    private int[] split(int total, int parts) {
        double[] weights = new double[parts];
        double sum = 0;
        for (int i = 0; i < parts; i++) sum += weights[i] = -Math.log(1 - random.nextDouble());
        int[] shares = new int[parts];
        int given = 0;
        for (int i = 0; i < parts; i++) given += shares[i] = 1 + (int) ((total - parts) * weights[i] / sum);
        for (int i = 0; given < total; i = (i + 1) % parts, given++) shares[i]++;
        return shares;
    }

    private int drawSize() {
        if (random.nextDouble() < BIG_SHARE) {
            return (int) (BIG_MIN * Math.pow((double) BIG_MAX / BIG_MIN, random.nextDouble()));
        }
        double size = MEDIAN_BYTES * Math.exp(SIGMA * random.nextGaussian());
        return (int) Math.clamp(size, 40, BIG_MIN - 1);
    }

    private void writeNew(String rel, int size) throws IOException {
        String content = text.file(size, random.nextInt(10) < 7);
        Files.writeString(root.resolve(rel), content, StandardCharsets.ISO_8859_1);
        files.put(rel, content.length());
    }

    /** Relative links, about {@link #LINK_SHARE} of the entries: most to a file, some to a folder. */
    private void addLinks() throws IOException {
        int count = (int) Math.max(1, Math.round(LINK_SHARE * (files.size() + folders.size())));
        if (folders.isEmpty()) return;
        List<String> fileList = new ArrayList<>(files.keySet());
        for (int made = 0, tries = 0; made < count && tries < 20 * count; tries++) {
            String at = folders.get(random.nextInt(folders.size()));
            String target;
            if (random.nextInt(10) < 7) {
                target = fileList.get(random.nextInt(fileList.size()));
            } else {
                target = folders.get(random.nextInt(folders.size()));
                // Never a link to a folder above itself: a tool that followed it would loop.
                if (target.equals(at) || at.startsWith(target + "/")) continue;
            }
            String name = join(at, "link-" + Path.of(target).getFileName());
            if (Files.exists(root.resolve(name), LinkOption.NOFOLLOW_LINKS)) continue;
            String relative = Path.of(at).relativize(Path.of(target)).toString();
            Files.createSymbolicLink(root.resolve(name), Path.of(relative));
            links.put(name, relative);
            if (files.containsKey(target)) linkedFiles.add(target);
            made++;
        }
    }

    /** Makes the next version: about 3% of the files edited, a handful added and deleted, every time stamp new. */
    public void nextVersion() throws IOException {
        version++;
        List<String> all = new ArrayList<>(files.keySet());
        int changeCount = (int) Math.max(1, Math.round(CHANGED_SHARE * all.size()));
        Set<String> edited = new HashSet<>();
        while (edited.size() < Math.min(changeCount, all.size())) {
            String rel = all.get(random.nextInt(all.size()));
            if (edited.add(rel)) edit(rel);
        }
        int handful = Math.max(2, all.size() / 4000);
        int deleted = 0;
        for (int tries = 0; deleted < handful && tries < 100 * handful; tries++) {
            String rel = all.get(random.nextInt(all.size()));
            // A file a link points to stays, so no link is left dangling.
            if (edited.contains(rel) || linkedFiles.contains(rel) || !files.containsKey(rel)) continue;
            Files.delete(root.resolve(rel));
            files.remove(rel);
            deleted++;
        }
        int added = 0;
        for (; added < handful && !folders.isEmpty(); added++) {
            String folder = folders.get(random.nextInt(folders.size()));
            String rel = join(folder, "new" + version + "-" + added + "-" + text.fileName(".txt"));
            writeNew(rel, drawSize());
        }
        lastChange = new Change(edited.size(), added, deleted);
        stamp(FIRST_MTIME + (version - 1) * DAY);
    }

    /** Replaces a few lines in the middle of a file, or inserts a few there; the rest stays byte for byte. */
    private void edit(String rel) throws IOException {
        Path file = root.resolve(rel);
        String content = Files.readString(file, StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>(Arrays.asList(content.split("\n", -1)));
        int n = lines.size();
        int at = n / 4 + random.nextInt(Math.max(1, n / 2));
        int removed = Math.min(random.nextInt(3), n - 1 - at);
        String line = lines.get(Math.min(at, n - 1));
        int indent = (line.length() - line.stripLeading().length()) / 4;
        for (int i = 0; i < removed; i++) lines.remove(at);
        String added = text.lines(1 + random.nextInt(4), indent);
        lines.add(at, added.substring(0, added.length() - 1));
        String updated = String.join("\n", lines);
        Files.writeString(file, updated, StandardCharsets.ISO_8859_1);
        files.put(rel, updated.length());
    }

    /** Sets the time of every file, link and folder (the links' own, not their targets'). */
    private void stamp(long millis) throws IOException {
        FileTime t = FileTime.fromMillis(millis);
        for (String rel : files.keySet()) Files.setLastModifiedTime(root.resolve(rel), t);
        for (String rel : links.keySet()) {
            Files.getFileAttributeView(root.resolve(rel), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(t, null, null);
        }
        for (String rel : folders) Files.setLastModifiedTime(root.resolve(rel), t);
        Files.setLastModifiedTime(root, t);
    }

    private static String unique(Set<String> taken, String name) {
        String n = name;
        for (int i = 2; !taken.add(n); i++) n = name + i;
        return n;
    }

    private static String join(String folder, String name) {
        return folder.isEmpty() ? name : folder + "/" + name;
    }

    public Path root() {
        return root;
    }

    public int version() {
        return version;
    }

    public long files() {
        return files.size();
    }

    public long bytes() {
        return files.values().stream().mapToLong(Integer::longValue).sum();
    }

    public int folders() {
        return folders.size();
    }

    public int links() {
        return links.size();
    }

    /** The deepest folder's depth (a top-level folder is 1). */
    public int maxDepth() {
        return folders.stream().mapToInt(f -> f.split("/").length).max().orElse(0);
    }

    /** Files per depth of the folder holding them (index 0: the top of the tree). */
    public int[] filesByDepth() {
        int[] out = new int[MAX_DEPTH + 1];
        for (String f : files.keySet()) out[f.split("/").length - 1]++;
        return out;
    }

    public Change lastChange() {
        return lastChange;
    }

    public String description() {
        return String.format(
                Locale.ROOT,
                "%d source-like text files (%d MiB) in %d folders up to %d deep, %d symlinks",
                files(),
                bytes() >> 20,
                folders(),
                maxDepth(),
                links());
    }
}
