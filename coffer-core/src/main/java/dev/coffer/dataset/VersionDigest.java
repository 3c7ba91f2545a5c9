package dev.coffer.dataset;

import java.util.ArrayList;
import java.util.Arrays;
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
 *
 * <p>It is incremental: {@link #digest()} remembers each folder's sorted names, where they are
 * cut into nodes and the nodes' hashes. Replacing a file's content re-hashes only the node it is
 * in (and the folders above); adding or removing a name re-cuts only its folder. So a client can
 * compute the digest of 100,000 files once, off its critical path, and then that of 100 changes
 * in a few milliseconds. Not thread-safe.
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
        /** The names in tree order and the end (exclusive) of each level-0 node; null once a name came or went. */
        String[] sorted;

        int[] ends;
        /** Each level-0 node's hash; a null element needs hashing again. */
        String[] nodes;
        /** The folder's hash; null when something below it changed. */
        String hash;
        /** Its modification time (0: none given), which its parent's entry for it holds. */
        long mtime;
    }

    private record File(String digest, long size, long mtime, int mode) {}

    private record Link(String target, long mtime) {}

    /**
     * Adds a file at {@code path} ('/'-separated, relative to the version's root) with its content
     * digest, size and mtime (milliseconds, as the server keeps it), or replaces the file there.
     * Its folders are implied.
     */
    public VersionDigest file(String path, String digest, long size, long mtime) {
        return file(path, digest, size, mtime, 0);
    }

    /** The same, with the file's permission bits (0: none given). */
    public VersionDigest file(String path, String digest, long size, long mtime, int mode) {
        return put(path, new File(digest, size, mtime, mode));
    }

    /** Adds a symbolic link at {@code path}, or replaces the file or link there. */
    public VersionDigest link(String path, String target, long mtime) {
        return put(path, new Link(target, mtime));
    }

    private VersionDigest put(String path, Object entry) {
        String[] names = split(path);
        List<Folder> chain = chain(names, names.length - 1, path);
        Folder at = chain.getLast();
        String name = names[names.length - 1];
        Object was = at.children.put(name, entry);
        if (was instanceof Folder f) {
            at.children.put(name, f);
            throw new IllegalArgumentException("'" + path + "' is a folder");
        }
        changed(chain, names, was == null);
        return this;
    }

    /** Adds a folder (needed only for an empty one: folders of files are implied). */
    public VersionDigest folder(String path) {
        String[] names = split(path);
        chain(names, names.length, path);
        return this;
    }

    /** Adds a folder if missing and gives it modification time {@code mtime} (0: none given). */
    public VersionDigest folder(String path, long mtime) {
        String[] names = split(path);
        List<Folder> chain = chain(names, names.length, path);
        Folder f = chain.getLast();
        if (f.mtime != mtime) {
            f.mtime = mtime;
            changed(chain.subList(0, names.length), names, false);
        }
        return this;
    }

    /** Removes the file at {@code path}, and the folders it leaves empty; nothing when there is none. */
    public VersionDigest remove(String path) {
        String[] names = split(path);
        List<Folder> chain = new ArrayList<>(names.length);
        Folder at = root;
        chain.add(at);
        for (int i = 0; i < names.length - 1; i++) {
            if (!(at.children.get(names[i]) instanceof Folder f)) return this;
            at = f;
            chain.add(at);
        }
        Object found = at.children.get(names[names.length - 1]);
        if (!(found instanceof File) && !(found instanceof Link)) return this;
        at.children.remove(names[names.length - 1]);
        changed(chain, names, true);
        // A folder left without files is not in a version made of files.
        for (int i = chain.size() - 1; i > 0 && chain.get(i).children.isEmpty(); i--) {
            chain.get(i - 1).children.remove(names[i - 1]);
            changed(chain.subList(0, i), names, true);
        }
        return this;
    }

    private static String[] split(String path) {
        String[] names = path.split("/", -1);
        for (String n : names) if (n.isEmpty()) throw new IllegalArgumentException("'" + path + "' has an empty name");
        return names;
    }

    /** The folders from the root down to depth {@code depth} of {@code names}, made where missing. */
    private List<Folder> chain(String[] names, int depth, String path) {
        List<Folder> chain = new ArrayList<>(depth + 1);
        Folder at = root;
        chain.add(at);
        for (int i = 0; i < depth; i++) {
            Object child = at.children.get(names[i]);
            if (child == null) {
                child = new Folder();
                at.children.put(names[i], child);
                changed(chain, names, true);
            }
            if (!(child instanceof Folder f)) throw new IllegalArgumentException("'" + path + "' lies below a file");
            at = f;
            chain.add(at);
        }
        return chain;
    }

    /**
     * The entry {@code names[last]} of the last folder of {@code chain} changed (chain.get(i) is
     * the folder named names[i - 1]); {@code renamed}: that name came or went. Every folder above
     * changes too, through its entry for the folder below.
     */
    private static void changed(List<Folder> chain, String[] names, boolean renamed) {
        int last = chain.size() - 1;
        for (int i = last; i >= 0; i--) {
            Folder f = chain.get(i);
            f.hash = null;
            if (f.sorted == null) continue;
            int at = i == last && renamed ? -1 : Arrays.binarySearch(f.sorted, names[i], Names.UTF8);
            if (at < 0) {
                f.sorted = null; // a name came or went: the folder is cut again
            } else {
                // A file's content, or a folder's hash below: only the node holding the name is hashed again.
                int node = Arrays.binarySearch(f.ends, at + 1);
                f.nodes[node < 0 ? -node - 1 : node] = null;
            }
        }
    }

    /** The hash of the root folder: what the server reports as the version's {@code digest}. */
    public String digest() {
        return hash(root);
    }

    private String hash(Folder folder) {
        if (folder.hash != null) return folder.hash;
        if (folder.sorted == null) {
            String[] names = folder.children.keySet().toArray(new String[0]);
            Arrays.sort(names, Names.UTF8);
            folder.sorted = names;
            folder.ends = cuts(0, names);
            folder.nodes = new String[folder.ends.length];
        }
        List<TreeEntry> parts = new ArrayList<>(folder.ends.length);
        int start = 0;
        for (int n = 0; n < folder.ends.length; n++) {
            int end = folder.ends[n];
            if (folder.nodes[n] == null) {
                List<TreeEntry> entries = new ArrayList<>(end - start);
                for (int i = start; i < end; i++)
                    entries.add(entry(folder.sorted[i], folder.children.get(folder.sorted[i])));
                folder.nodes[n] = TreeShape.hash(0, entries);
            }
            parts.add(new TreeEntry(
                    start < end ? folder.sorted[start] : "", TreeEntry.PART, null, null, folder.nodes[n], 0, 0, 0));
            start = end;
        }
        // As FolderEditor.build: the nodes' (first name, hash) pairs are cut a level up, until one is left.
        int level = 0;
        while (parts.size() > 1) parts = cutParts(++level, parts);
        folder.hash = parts.getFirst().child();
        return folder.hash;
    }

    private TreeEntry entry(String name, Object child) {
        if (child instanceof File f)
            return new TreeEntry(name, TreeEntry.FILE, null, f.digest(), null, f.size(), 1, f.mtime(), f.mode(), null);
        if (child instanceof Link l) return TreeEntry.link(name, l.target(), l.mtime());
        Folder folder = (Folder) child;
        return new TreeEntry(name, TreeEntry.FOLDER, null, null, hash(folder), 0, 0, folder.mtime);
    }

    /** Where {@code names} (sorted) are cut into nodes of {@code level}: each node's end, exclusive. An empty folder is one empty node. */
    private int[] cuts(int level, String[] names) {
        int[] ends = new int[names.length + 1];
        int count = 0;
        int start = 0;
        for (int i = 0; i < names.length; i++) {
            if (shape.endsNode(level, names[i], i - start + 1)) {
                ends[count++] = i + 1;
                start = i + 1;
            }
        }
        if (start < names.length || count == 0) ends[count++] = names.length;
        return Arrays.copyOf(ends, count);
    }

    private List<TreeEntry> cutParts(int level, List<TreeEntry> entries) {
        String[] names = new String[entries.size()];
        for (int i = 0; i < names.length; i++) names[i] = entries.get(i).name();
        List<TreeEntry> out = new ArrayList<>();
        int start = 0;
        for (int end : cuts(level, names)) {
            List<TreeEntry> run = entries.subList(start, end);
            out.add(new TreeEntry(
                    run.getFirst().name(), TreeEntry.PART, null, null, TreeShape.hash(level, run), 0, 0, 0));
            start = end;
        }
        return out;
    }
}
