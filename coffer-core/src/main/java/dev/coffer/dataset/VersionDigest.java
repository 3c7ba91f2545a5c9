package dev.coffer.dataset;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The digest a committed version holding exactly the given files (and folders) has, computed in
 * memory without a database: the same cuts and node hashes as {@link FolderEditor#build}
 * (docs/design/dataset-versions.md). Trees are canonical, so this equals the server's root hash
 * whatever history made the version.
 *
 * <p>What it is for: a client that believes it knows a version's file list (e.g. the one its
 * last push made) can check that belief against the version's digest in one comparison, and
 * then skip listing the version. A wrong belief gives a different digest, never a false match
 * (short of a SHA-256 collision).
 */
public final class VersionDigest {
    private final TreeShape shape;
    private final Folder root = new Folder();

    /** The default node shape, the one the server uses. */
    public VersionDigest() {
        this(TreeShape.DEFAULT);
    }

    VersionDigest(TreeShape shape) {
        this.shape = shape;
    }

    private static final class Folder {
        final Map<String, Object> children = new HashMap<>();
    }

    private record File(String digest, long size, long mtime) {}

    /**
     * Adds a file at {@code path} ('/'-separated, relative to the version's root) with its content
     * digest, size and mtime (milliseconds, as the server keeps it). Its folders are implied.
     */
    public VersionDigest file(String path, String digest, long size, long mtime) {
        String[] names = split(path);
        Folder at = folder(names, names.length - 1, path);
        Object was = at.children.putIfAbsent(names[names.length - 1], new File(digest, size, mtime));
        if (was != null) throw new IllegalArgumentException("'" + path + "' is given twice, or is also a folder");
        return this;
    }

    /** Adds a folder (needed only for an empty one: folders of files are implied). */
    public VersionDigest folder(String path) {
        String[] names = split(path);
        folder(names, names.length, path);
        return this;
    }

    private static String[] split(String path) {
        String[] names = path.split("/", -1);
        for (String n : names) if (n.isEmpty()) throw new IllegalArgumentException("'" + path + "' has an empty name");
        return names;
    }

    private Folder folder(String[] names, int depth, String path) {
        Folder at = root;
        for (int i = 0; i < depth; i++) {
            Object child = at.children.computeIfAbsent(names[i], n -> new Folder());
            if (!(child instanceof Folder f)) throw new IllegalArgumentException("'" + path + "' lies below a file");
            at = f;
        }
        return at;
    }

    /** The hash of the root folder: what the server reports as the version's {@code digest}. */
    public String digest() {
        return hash(root);
    }

    private String hash(Folder folder) {
        List<String> names = new ArrayList<>(folder.children.keySet());
        names.sort(Names.UTF8);
        List<TreeEntry> entries = new ArrayList<>(names.size());
        for (String name : names) {
            Object child = folder.children.get(name);
            if (child instanceof File f) {
                entries.add(new TreeEntry(name, TreeEntry.FILE, null, f.digest(), null, f.size(), 1, f.mtime()));
            } else {
                entries.add(new TreeEntry(name, TreeEntry.FOLDER, null, null, hash((Folder) child), 0, 0, 0));
            }
        }
        // As FolderEditor.build: cut level 0, then cut the nodes' (first name, hash) pairs a level
        // up, until one node is left.
        int level = 0;
        List<TreeEntry> layer = cut(level, entries);
        while (layer.size() > 1) layer = cut(++level, layer);
        return layer.getFirst().child();
    }

    /** Cuts one level into nodes; returns them as part entries of the level above. */
    private List<TreeEntry> cut(int level, List<TreeEntry> entries) {
        List<TreeEntry> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < entries.size(); i++) {
            if (shape.endsNode(level, entries.get(i).name(), i - start + 1)) {
                out.add(part(level, entries.subList(start, i + 1)));
                start = i + 1;
            }
        }
        if (start < entries.size() || out.isEmpty()) out.add(part(level, entries.subList(start, entries.size())));
        return out;
    }

    private static TreeEntry part(int level, List<TreeEntry> run) {
        String first = run.isEmpty() ? "" : run.getFirst().name();
        return new TreeEntry(first, TreeEntry.PART, null, null, TreeShape.hash(level, run), 0, 0, 0);
    }
}
