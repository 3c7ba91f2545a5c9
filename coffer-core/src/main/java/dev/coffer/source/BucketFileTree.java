package dev.coffer.source;

import dev.coffer.chunk.ChunkId;
import dev.coffer.content.ChunkRef;
import dev.coffer.content.ChunkScope;
import dev.coffer.content.ContentStore;
import dev.coffer.content.Manifest;
import dev.coffer.error.CofferException;
import dev.coffer.tree.FileCommit;
import dev.coffer.tree.FileEntry;
import dev.coffer.tree.FileModes;
import dev.coffer.tree.FilePage;
import dev.coffer.tree.FileTree;
import dev.coffer.tree.NewLink;
import dev.coffer.tree.TreeVisitor;
import dev.coffer.tree.VolumePath;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A data source's bucket as a {@link FileTree}, so what works on a tree (copies between trees,
 * the routes, the contract suite) works on a bucket. Content crosses as manifests: a file read
 * from the bucket is chunked into the content store on the way ({@link #manifest}, deduplicated
 * like any upload, pending in the team's scope until a tree keeps it), and a file put into the
 * bucket is streamed from its chunks.
 *
 * <p>What a bucket keeps differs from Coffer's own trees, and this class says so rather than
 * pretend: a file Coffer wrote carries its digest, time and permission bits as object metadata
 * ({@code coffer-digest}, {@code coffer-mtime}, {@code coffer-mode}); an object another client
 * wrote has no digest until read and its time is when it was stored. Folders are key prefixes
 * and keep no time; symbolic links cannot be kept (refused). Batches check every path before
 * the first write, but S3 has no transaction: a failure of the bucket midway leaves the files
 * written so far.
 */
public final class BucketFileTree implements FileTree {
    static final String DIGEST = "coffer-digest";
    static final String MTIME = "coffer-mtime";
    static final String MODE = "coffer-mode";
    private static final int WALK_PAGE = 1000;

    private final Bucket bucket;
    private final ContentStore content;
    private final ChunkScope scope;
    /** Chunks this tree handed out in a manifest: readable through it, like a tree's own. */
    private final Set<ChunkId> handedOut = new HashSet<>();

    public BucketFileTree(Bucket bucket, ContentStore content, ChunkScope scope) {
        this.bucket = bucket;
        this.content = content;
        this.scope = scope;
    }

    @Override
    public String label() {
        return "sources/" + bucket.source().name();
    }

    @Override
    public ChunkScope scope() {
        return scope;
    }

    @Override
    public boolean writable() {
        return true;
    }

    /** Objects are bytes in the bucket, not content of Coffer's store: a copy from here reads them. */
    @Override
    public boolean sharesContent() {
        return false;
    }

    private static String rel(VolumePath path) {
        return String.join("/", path.names());
    }

    private static FileEntry entry(Bucket.Item i) {
        if (i.folder()) return FileEntry.folder(i.name(), 0);
        Map<String, String> m = i.metadata();
        long mtime = m.containsKey(MTIME) ? parseLong(m.get(MTIME), i.mtime()) : i.mtime();
        int mode = m.containsKey(MODE) ? (int) parseLong(m.get(MODE), 0) : 0;
        return new FileEntry(i.name(), FileEntry.Kind.FILE, null, m.get(DIGEST), i.size(), mtime, mode, null);
    }

    private static long parseLong(String text, long otherwise) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return otherwise; // written by another client: not ours to trust
        }
    }

    @Override
    public FileEntry stat(VolumePath path) {
        return entry(bucket.stat(rel(path)));
    }

    @Override
    public FilePage list(VolumePath dir, String after, int limit) {
        Bucket.Page page;
        try {
            page = bucket.list(rel(dir), after, limit);
        } catch (CofferException.NotFound e) {
            if (!dir.isRoot() && !bucket.stat(rel(dir)).folder()) throw notAFolder(dir);
            throw e;
        }
        return new FilePage(page.items().stream().map(BucketFileTree::entry).toList(), page.next());
    }

    private CofferException.Conflict notAFolder(VolumePath path) {
        return new CofferException.Conflict(path + " in " + label() + " is a file, not a folder");
    }

    /** Files are described as {@link #stat} does (a listing has no metadata), so a walk gives digests and modes. */
    @Override
    public void walk(VolumePath dir, TreeVisitor visitor) throws Exception {
        FileEntry top = stat(dir);
        if (!top.directory()) {
            visitor.visit(top, List.of(top.name()));
            return;
        }
        walkBelow(dir, new ArrayList<>(), visitor);
    }

    private void walkBelow(VolumePath dir, List<String> rel, TreeVisitor visitor) throws Exception {
        String token = null;
        do {
            FilePage page = list(dir, token, WALK_PAGE);
            for (FileEntry e : page.entries()) {
                List<String> here = new ArrayList<>(rel);
                here.add(e.name());
                if (e.directory()) {
                    visitor.visit(e, List.copyOf(here));
                    walkBelow(dir.child(e.name()), here, visitor);
                } else {
                    visitor.visit(stat(dir.child(e.name())), List.copyOf(here));
                }
            }
            token = page.next();
        } while (token != null);
    }

    /** Reads the object and chunks it into the content store (deduplicated), in the team's scope. */
    @Override
    public Manifest manifest(VolumePath path) {
        Bucket.Item item = bucket.stat(rel(path));
        if (item.folder())
            throw new CofferException.Conflict(path + " in " + label() + " is a folder: it has no content");
        try (InputStream in = bucket.read(rel(path), 0, -1)) {
            Manifest m = content.ingest(scope, in);
            synchronized (handedOut) {
                for (ChunkRef c : m.chunks()) handedOut.add(c.id());
            }
            return m;
        } catch (IOException e) {
            throw new CofferException.Upstream("could not read " + path + " from " + label() + ": " + e.getMessage());
        }
    }

    @Override
    public boolean usesChunk(ChunkId id) {
        synchronized (handedOut) {
            return handedOut.contains(id);
        }
    }

    /** Refuses a path under a file (S3 would keep both {@code a} and {@code a/b}; a file tree cannot). */
    @Override
    public void checkCanCreate(VolumePath path) {
        if (path.isRoot()) throw new CofferException.Invalid("the data source's root is a folder, not a file");
        for (VolumePath up = path.parent(); !up.isRoot(); up = up.parent()) {
            if (isFile(up)) throw new CofferException.Conflict(up + " in " + label() + " is a file, not a folder");
        }
    }

    private boolean isFile(VolumePath path) {
        try {
            return !bucket.stat(rel(path)).folder();
        } catch (CofferException.NotFound e) {
            return false;
        }
    }

    private boolean isFolder(VolumePath path) {
        try {
            return bucket.stat(rel(path)).folder();
        } catch (CofferException.NotFound e) {
            return false;
        }
    }

    @Override
    public FileEntry put(VolumePath path, Manifest manifest, long mtime, int mode) {
        checkPut(path, mode);
        return write(path, manifest, mtime, mode);
    }

    private void checkPut(VolumePath path, int mode) {
        FileModes.check(mode);
        checkCanCreate(path);
        if (isFolder(path)) throw new CofferException.Conflict(path + " in " + label() + " is a folder");
    }

    private FileEntry write(VolumePath path, Manifest manifest, long mtime, int mode) {
        Map<String, String> meta = new HashMap<>();
        meta.put(DIGEST, manifest.digest());
        meta.put(MTIME, Long.toString(mtime));
        if (mode != 0) meta.put(MODE, Integer.toString(mode));
        try (InputStream in = chunksOf(manifest)) {
            return entry(bucket.write(rel(path), in, meta));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's bytes, one chunk in memory at a time. */
    private InputStream chunksOf(Manifest manifest) {
        Iterator<ChunkRef> it = manifest.chunks().iterator();
        return new SequenceInputStream(new java.util.Enumeration<>() {
            @Override
            public boolean hasMoreElements() {
                return it.hasNext();
            }

            @Override
            public InputStream nextElement() {
                try {
                    return new ByteArrayInputStream(content.readChunk(it.next().id()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }

    @Override
    public FileEntry symlink(VolumePath path, String target, long mtime) {
        throw noLinks(path);
    }

    @Override
    public int symlinkAll(Map<VolumePath, NewLink> links) {
        if (links.isEmpty()) return 0;
        throw noLinks(links.keySet().iterator().next());
    }

    private CofferException noLinks(VolumePath path) {
        return new CofferException.Invalid(
                label() + " is a bucket, which keeps no symbolic links: " + path + " cannot be one");
    }

    @Override
    public List<String> putAll(List<FileCommit> files) {
        for (FileCommit f : files) checkPut(f.path(), f.mode());
        List<String> digests = new ArrayList<>();
        for (FileCommit f : files)
            digests.add(write(f.path(), f.manifest(), f.mtime(), f.mode()).digest());
        return digests;
    }

    /** A file's time and bits become its metadata (the object is copied onto itself); folders keep no time. */
    @Override
    public FileEntry setAttributes(VolumePath path, Long mtime, Integer mode) {
        Bucket.Item item = bucket.stat(rel(path));
        if (mode != null) FileModes.check(mode);
        if (item.folder()) return entry(item);
        Map<String, String> meta = new HashMap<>(item.metadata());
        if (mtime != null) meta.put(MTIME, Long.toString(mtime));
        if (mode != null) meta.put(MODE, Integer.toString(mode));
        if (meta.equals(item.metadata())) return entry(item);
        return entry(bucket.setMetadata(rel(path), meta));
    }

    @Override
    public int setTimes(Map<VolumePath, Long> times) {
        Map<VolumePath, Bucket.Item> items = new HashMap<>();
        for (VolumePath p : times.keySet()) items.put(p, bucket.stat(rel(p)));
        int changed = 0;
        for (var t : times.entrySet()) {
            if (items.get(t.getKey()).folder()) continue;
            setAttributes(t.getKey(), t.getValue(), null);
            changed++;
        }
        return changed;
    }

    @Override
    public FileEntry mkdir(VolumePath path, boolean parents) {
        if (path.isRoot()) return stat(path);
        checkCanCreate(path);
        if (isFile(path)) throw new CofferException.Conflict("a file named " + path + " exists in " + label());
        if (isFolder(path)) {
            if (parents) return stat(path);
            throw new CofferException.Conflict("the folder " + path + " exists already in " + label());
        }
        if (!parents && !path.parent().isRoot() && !isFolder(path.parent())) {
            throw new CofferException.NotFound("no folder " + path.parent() + " in " + label() + " to make "
                    + path.name() + " in (make the parents too with parents)");
        }
        bucket.mkdir(rel(path));
        return stat(path);
    }

    @Override
    public FileEntry move(VolumePath from, VolumePath to, boolean replace) {
        if (to.isWithin(from)) throw new CofferException.Invalid("cannot move " + from + " into itself (" + to + ")");
        bucket.stat(rel(from));
        checkCanCreate(to);
        bucket.move(rel(from), rel(to), replace);
        return stat(to);
    }

    /** Within the bucket, objects are copied by the bucket; from another tree, file by file from its chunks. */
    @Override
    public FileEntry copy(FileTree source, VolumePath from, VolumePath to) throws Exception {
        if (source == this && to.isWithin(from))
            throw new CofferException.Invalid("cannot copy " + from + " into itself (" + to + ")");
        FileEntry top = source.stat(from);
        checkCanCreate(to);
        if (isFile(to) || isFolder(to)) throw new CofferException.Conflict(to + " exists already in " + label());
        if (!top.directory()) return copyOne(source, from, to, top);
        mkdir(to, true);
        source.walk(from, (e, rel) -> {
            VolumePath at = to;
            for (String name : rel) at = at.child(name);
            VolumePath src = from;
            for (String name : rel) src = src.child(name);
            if (e.directory()) bucket.mkdir(rel(at));
            else copyOne(source, src, at, e);
        });
        return stat(to);
    }

    private FileEntry copyOne(FileTree source, VolumePath from, VolumePath to, FileEntry e) {
        if (e.symlink()) {
            throw new CofferException.Invalid(
                    from + " of " + source.label() + " is a symbolic link, which a bucket cannot keep");
        }
        return write(to, source.manifest(from), e.mtime(), e.mode());
    }

    @Override
    public void delete(VolumePath path, boolean recursive) {
        if (path.isRoot()) throw new CofferException.Invalid("the root of " + label() + " is never deleted");
        bucket.delete(rel(path), recursive);
    }

    /** Every path is checked first (it exists; a full folder needs {@code recursive}), then each is deleted. */
    @Override
    public void deleteAll(List<VolumePath> paths, boolean recursive) {
        for (VolumePath p : paths) {
            if (p.isRoot()) throw new CofferException.Invalid("the root of " + label() + " is never deleted");
            Bucket.Item item = bucket.stat(rel(p));
            if (item.folder()
                    && !recursive
                    && !bucket.list(rel(p), null, 1).items().isEmpty()) {
                throw new CofferException.Conflict("the folder " + p + " in " + label() + " is not empty");
            }
        }
        for (VolumePath p : paths) bucket.delete(rel(p), recursive);
    }
}
