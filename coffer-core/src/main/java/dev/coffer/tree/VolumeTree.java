package dev.coffer.tree;

import dev.coffer.content.ChunkScope;
import dev.coffer.content.ContentStore;
import dev.coffer.content.Manifest;
import dev.coffer.db.Database;
import dev.coffer.error.CofferException;
import dev.coffer.usage.TeamUsage;
import dev.coffer.usage.UsageDelta;
import dev.coffer.volume.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The files and folders of mutable volumes ({@code /storage}, {@code /notebooks}): one row per
 * entry, so renames, moves and deletes of whole folders are single-row changes. Every method that
 * changes the tree is one transaction.
 */
public final class VolumeTree {
    public static final int MAX_PAGE = 10_000;

    private final Database db;
    private final ContentStore content;
    private final TeamUsage usage;

    /**
     * Decides a write again inside its transaction (after the team's usage lock, before any
     * change), so a caller who lost the right meanwhile keeps nothing; see Authorizer#recheck.
     */
    @FunctionalInterface
    public interface WriteRecheck {
        void check(Handle h, Volume v, dev.coffer.access.Action action);
    }

    private volatile WriteRecheck recheck = (h, v, action) -> {};

    public void setRecheck(WriteRecheck recheck) {
        this.recheck = recheck;
    }

    public VolumeTree(Database db, ContentStore content, TeamUsage usage) {
        this.db = db;
        this.content = content;
        this.usage = usage;
    }

    /** Creates the root folder of a new volume inside the caller's transaction, made at {@code now}. */
    public static void createRoot(Handle h, long volumeId, long now) {
        h.createUpdate("INSERT INTO entries (volume_id, parent_id, name, kind, size, mtime) VALUES (:v, NULL, '', 'd', 0, :now)")
                .bind("v", volumeId).bind("now", now).execute();
    }

    public Entry stat(Volume v, VolumePath path) {
        return db.read(h -> resolve(h, v, path).orElseThrow(() -> notFound(path)));
    }

    public ListPage list(Volume v, VolumePath dir, String after, int limit) {
        int pageSize = Math.max(1, Math.min(limit, MAX_PAGE));
        return db.read(h -> {
            Entry folder = resolve(h, v, dir).orElseThrow(() -> notFound(dir));
            if (!folder.directory()) throw new CofferException.Conflict(dir + " is a file, not a folder");
            List<Entry> rows = h.createQuery("SELECT " + Entry.COLUMNS + Entry.FROM
                            + "WHERE e.parent_id = :p AND e.name > :after ORDER BY e.name LIMIT :n")
                    .bind("p", folder.id()).bind("after", after == null ? "" : after).bind("n", pageSize + 1)
                    .map(Entry::map).list();
            String next = null;
            if (rows.size() > pageSize) {
                rows = rows.subList(0, pageSize);
                next = rows.getLast().name();
            }
            return new ListPage(List.copyOf(rows), next);
        });
    }

    public Entry mkdir(Volume v, VolumePath path, boolean parents) {
        checkWritable(v, path);
        return db.write(h -> {
            recheck.check(h, v, dev.coffer.access.Action.WRITE);
            Optional<Entry> existing = resolve(h, v, path);
            if (existing.isPresent()) {
                if (existing.get().directory() && parents) return existing.get();
                throw new CofferException.Conflict(path + " already exists");
            }
            Entry parent = parents ? ensureFolders(h, v, path.parent()) : folderAt(h, v, path.parent());
            return insert(h, v, parent, path.name(), null, 0, db.now());
        });
    }

    /**
     * Creates or replaces the file at {@code path} with {@code manifest}'s content, creating
     * missing parent folders; the manifest's chunks must be stored already.
     */
    public Entry putFile(Volume v, VolumePath path, Manifest manifest, long mtime) {
        checkWritable(v, path);
        if (path.isRoot()) throw new CofferException.Invalid("a file needs a name");
        return db.write(h -> {
            usage.lock(h, v.teamId());
            recheck.check(h, v, dev.coffer.access.Action.WRITE);
            long contentId = content.record(h, ChunkScope.team(v.teamId()), manifest);
            Entry parent = ensureFolders(h, v, path.parent());
            UsageDelta delta = new UsageDelta(v.teamId()).add(contentId);
            child(h, parent.id(), path.name()).ifPresent(old -> delta.remove(old.contentId()));
            Entry e = byId(h, upsertFile(h, v, parent, path, contentId, manifest.size(), mtime));
            usage.apply(h, delta);
            return e;
        });
    }

    /** One file of a batch commit. */
    public record FileCommit(VolumePath path, Manifest manifest, long mtime) {}

    /**
     * Creates or replaces many files in one transaction (thousands of small files arrive
     * together); all of them or none. Returns each file's content digest, in order.
     */
    public List<String> putFiles(Volume v, List<FileCommit> files) {
        java.util.Set<VolumePath> seen = new java.util.HashSet<>();
        for (FileCommit f : files) {
            checkWritable(v, f.path());
            if (f.path().isRoot()) throw new CofferException.Invalid("a file needs a name");
            if (!seen.add(f.path())) throw new CofferException.Invalid(f.path() + " appears twice in one commit");
        }
        return db.write(h -> {
            usage.lock(h, v.teamId());
            recheck.check(h, v, dev.coffer.access.Action.WRITE);
            long[] contentIds = content.recordAll(h, ChunkScope.team(v.teamId()), files.stream().map(FileCommit::manifest).toList());
            UsageDelta delta = new UsageDelta(v.teamId());
            java.util.Map<VolumePath, Entry> folders = new java.util.HashMap<>();
            var upsert = h.prepareBatch(UPSERT_FILE);
            List<String> digests = new ArrayList<>(files.size());
            for (int i = 0; i < files.size(); i++) {
                FileCommit f = files.get(i);
                Entry parent = folders.get(f.path().parent());
                if (parent == null) {
                    parent = ensureFolders(h, v, f.path().parent());
                    folders.put(f.path().parent(), parent);
                }
                upsert.add(v.id(), parent.id(), f.path().name(), contentIds[i], f.manifest().size(), f.mtime());
                digests.add(f.manifest().digest());
                delta.add(contentIds[i]);
            }
            replacedContents(h, files, folders, delta);
            int[] counts = upsert.execute();
            for (int i = 0; i < counts.length; i++) {
                // An upsert that changed nothing met a folder of that name.
                if (counts[i] == 0) throw new CofferException.Conflict(files.get(i).path() + " is a folder");
            }
            usage.apply(h, delta);
            return digests;
        });
    }

    private static final String UPSERT_FILE = """
            INSERT INTO entries (volume_id, parent_id, name, kind, content_id, size, mtime)
            VALUES (?, ?, ?, 'f', ?, ?, ?)
            ON CONFLICT (parent_id, name) DO UPDATE SET content_id = excluded.content_id,
                size = excluded.size, mtime = excluded.mtime
            WHERE entries.kind = 'f'""";

    /** One statement, so two writers racing on one path both succeed and the last one wins. */
    private static long upsertFile(Handle h, Volume v, Entry parent, VolumePath path, long contentId, long size, long mtime) {
        Long id = h.createQuery("""
                        INSERT INTO entries (volume_id, parent_id, name, kind, content_id, size, mtime)
                        VALUES (:v, :p, :n, 'f', :c, :s, :m)
                        ON CONFLICT (parent_id, name) DO UPDATE SET content_id = excluded.content_id,
                            size = excluded.size, mtime = excluded.mtime
                        WHERE entries.kind = 'f'
                        RETURNING id""")
                .bind("v", v.id()).bind("p", parent.id()).bind("n", path.name())
                .bind("c", contentId).bind("s", size).bind("m", mtime)
                .mapTo(Long.class).findOne().orElse(null);
        if (id == null) throw new CofferException.Conflict(path + " is a folder");
        return id;
    }

    /** Renames or moves a file or folder (with everything inside) in one step. */
    public Entry move(Volume v, VolumePath from, VolumePath to, boolean replace) {
        checkWritable(v, to);
        if (from.isRoot() || to.isRoot()) throw new CofferException.Invalid("the root folder cannot be moved or replaced");
        if (to.isWithin(from)) throw new CofferException.Invalid("cannot move " + from + " into itself (" + to + ")");
        return db.write(h -> {
            usage.lock(h, v.teamId());
            recheck.check(h, v, dev.coffer.access.Action.WRITE);
            Entry source = resolve(h, v, from).orElseThrow(() -> notFound(from));
            SubtreeDepth.checkMove(h, from, source, to);
            Entry parent = folderAt(h, v, to.parent());
            Optional<Entry> target = child(h, parent.id(), to.name());
            if (target.isPresent()) {
                if (!replace || target.get().directory() || source.directory()) {
                    throw new CofferException.Conflict(to + " already exists");
                }
                h.createUpdate("DELETE FROM entries WHERE id = :id").bind("id", target.get().id()).execute();
                usage.apply(h, new UsageDelta(v.teamId()).remove(target.get().contentId()));
            }
            h.createUpdate("UPDATE entries SET parent_id = :p, name = :n WHERE id = :id")
                    .bind("p", parent.id()).bind("n", to.name()).bind("id", source.id()).execute();
            return byId(h, source.id());
        });
    }

    /** Duplicates a file or a folder tree; the copy shares the content, no bytes are copied. */
    public Entry copy(Volume v, VolumePath from, VolumePath to) {
        checkWritable(v, to);
        if (to.isRoot()) throw new CofferException.Invalid("cannot copy onto the root folder");
        if (to.isWithin(from)) throw new CofferException.Invalid("cannot copy " + from + " into itself (" + to + ")");
        return db.write(h -> {
            usage.lock(h, v.teamId());
            recheck.check(h, v, dev.coffer.access.Action.WRITE);
            Entry source = resolve(h, v, from).orElseThrow(() -> notFound(from));
            SubtreeDepth.checkMove(h, from, source, to);
            Entry parent = folderAt(h, v, to.parent());
            if (child(h, parent.id(), to.name()).isPresent()) throw new CofferException.Conflict(to + " already exists");
            Entry copy = insert(h, v, parent, to.name(), source.contentId(), source.size(), source.mtime());
            if (source.directory()) copyChildren(h, v.id(), source.id(), copy.id());
            usage.apply(h, TeamUsage.subtreeReferences(h, v.teamId(), copy.id(), 1));
            return copy;
        });
    }

    /** Copies a folder's contents level by level (no recursion: a tree may be thousands of levels deep). */
    private void copyChildren(Handle h, long volumeId, long fromFolder, long toFolder) {
        java.util.ArrayDeque<long[]> todo = new java.util.ArrayDeque<>();
        todo.add(new long[] {fromFolder, toFolder});
        while (!todo.isEmpty()) {
            long[] pair = todo.poll();
            h.createUpdate("""
                            INSERT INTO entries (volume_id, parent_id, name, kind, content_id, size, mtime)
                            SELECT :v, :to, name, kind, content_id, size, mtime FROM entries WHERE parent_id = :from""")
                    .bind("v", volumeId).bind("to", pair[1]).bind("from", pair[0]).execute();
            h.createQuery("""
                            SELECT o.id, n.id FROM entries o JOIN entries n ON n.parent_id = :to AND n.name = o.name
                            WHERE o.parent_id = :from AND o.kind = 'd'""")
                    .bind("to", pair[1]).bind("from", pair[0])
                    .map((rs, ctx) -> todo.add(new long[] {rs.getLong(1), rs.getLong(2)})).list();
        }
    }

    /** Deletes a file, or a folder (with {@code recursive}, everything in it). Content is reclaimed by GC. */
    public void delete(Volume v, VolumePath path, boolean recursive) {
        if (path.isRoot()) throw new CofferException.Invalid("the root folder cannot be deleted");
        db.write(h -> {
            usage.lock(h, v.teamId());
            recheck.check(h, v, dev.coffer.access.Action.DELETE);
            Entry e = resolve(h, v, path).orElseThrow(() -> notFound(path));
            if (e.directory() && !recursive) {
                boolean empty = h.createQuery("SELECT COUNT(*) FROM entries WHERE parent_id = :p").bind("p", e.id())
                        .mapTo(Long.class).one() == 0;
                if (!empty) throw new CofferException.Conflict(path + " is a folder that is not empty; delete it recursively");
            }
            usage.apply(h, TeamUsage.subtreeReferences(h, v.teamId(), e.id(), -1));
            return h.createUpdate("DELETE FROM entries WHERE id = :id").bind("id", e.id()).execute();
        });
    }

    /** The contents of files a batch replaces, looked up per folder in a few queries. */
    private static void replacedContents(Handle h, List<FileCommit> files, java.util.Map<VolumePath, Entry> folders, UsageDelta delta) {
        java.util.Map<Long, List<String>> namesByFolder = new java.util.HashMap<>();
        for (FileCommit f : files) namesByFolder.computeIfAbsent(folders.get(f.path().parent()).id(), k -> new ArrayList<>()).add(f.path().name());
        for (var e : namesByFolder.entrySet()) {
            List<String> names = List.copyOf(new java.util.LinkedHashSet<>(e.getValue()));
            for (int i = 0; i < names.size(); i += 500) {
                h.createQuery("SELECT content_id FROM entries WHERE parent_id = :p AND kind = 'f' AND name IN (<names>)")
                        .bind("p", e.getKey()).bindList("names", names.subList(i, Math.min(names.size(), i + 500)))
                        .mapTo(Long.class).forEach(delta::remove);
            }
        }
    }

    /**
     * Visits every entry under {@code dir} depth-first, parents before children, with its path
     * relative to {@code dir}; folders are read one page at a time so huge trees stream.
     */
    public void walk(Volume v, VolumePath dir, WalkVisitor visitor) throws Exception {
        Entry root = stat(v, dir);
        if (!root.directory()) {
            visitor.visit(root, List.of(root.name()));
            return;
        }
        walkFolder(root.id(), visitor);
    }

    /** One folder being walked: its path, the page of entries at hand and where the next page starts. */
    private static final class WalkFrame {
        final long folder;
        final List<String> path;
        List<Entry> page = List.of();
        int next;
        String after = "";
        boolean lastPage;

        WalkFrame(long folder, List<String> path) {
            this.folder = folder;
            this.path = path;
        }
    }

    /**
     * Visits everything below a folder depth first, in name order, a page of 1,000 entries at a
     * time, with an explicit stack: a tree thousands of levels deep must not exhaust the thread's.
     */
    private void walkFolder(long rootId, WalkVisitor visitor) throws Exception {
        java.util.ArrayDeque<WalkFrame> stack = new java.util.ArrayDeque<>();
        stack.push(new WalkFrame(rootId, List.of()));
        while (!stack.isEmpty()) {
            WalkFrame f = stack.peek();
            if (f.next == f.page.size()) {
                if (f.lastPage) {
                    stack.pop();
                    continue;
                }
                f.page = db.withHandle(h -> h.createQuery("SELECT " + Entry.COLUMNS + Entry.FROM
                                + "WHERE e.parent_id = :p AND e.name > :after ORDER BY e.name LIMIT 1000")
                        .bind("p", f.folder).bind("after", f.after).map(Entry::map).list());
                f.next = 0;
                f.lastPage = f.page.size() < 1000;
                if (!f.page.isEmpty()) f.after = f.page.getLast().name();
                continue;
            }
            Entry e = f.page.get(f.next++);
            List<String> path = new ArrayList<>(f.path.size() + 1);
            path.addAll(f.path);
            path.add(e.name());
            visitor.visit(e, List.copyOf(path));
            if (e.directory()) stack.push(new WalkFrame(e.id(), List.copyOf(path)));
        }
    }

    @FunctionalInterface
    public interface WalkVisitor {
        void visit(Entry entry, List<String> relativePath) throws Exception;
    }

    /** Refuses early (before any bytes are read) a path that no write could create. */
    public void checkCanCreate(Volume v, VolumePath path) {
        checkWritable(v, path);
    }

    /** True when some file of {@code v} uses chunk {@code id}: a chunk is readable only through a volume that holds it. */
    public boolean volumeUsesChunk(Volume v, dev.coffer.chunk.ChunkId id) {
        return db.withHandle(h -> h.createQuery("""
                        SELECT COUNT(*) FROM content_chunks cc JOIN entries e ON e.content_id = cc.content_id
                        WHERE cc.chunk_hash = :h AND e.volume_id = :v""")
                .bind("h", id.hex()).bind("v", v.id()).mapTo(Long.class).one()) > 0;
    }

    // --- helpers inside one transaction -------------------------------------------------------

    private static void checkWritable(Volume v, VolumePath path) {
        if (!path.isRoot() && v.reserves(path.names().getFirst())) {
            throw new CofferException.Invalid("'" + path.names().getFirst()
                    + "' is reserved at the top of a notebook's /notebooks (Jupyter keeps its checkpoints there); choose another name");
        }
    }

    static Optional<Entry> resolve(Handle h, Volume v, VolumePath path) {
        Entry current = root(h, v);
        for (String name : path.names()) {
            if (!current.directory()) return Optional.empty();
            Optional<Entry> next = child(h, current.id(), name);
            if (next.isEmpty()) return Optional.empty();
            current = next.get();
        }
        return Optional.of(current);
    }

    private static Entry root(Handle h, Volume v) {
        return h.createQuery("SELECT " + Entry.COLUMNS + Entry.FROM + "WHERE e.volume_id = :v AND e.parent_id IS NULL")
                .bind("v", v.id()).map(Entry::map).findOne()
                .orElseThrow(() -> new IllegalStateException("volume " + v.id() + " has no root folder"));
    }

    private static Optional<Entry> child(Handle h, long parentId, String name) {
        return h.createQuery("SELECT " + Entry.COLUMNS + Entry.FROM + "WHERE e.parent_id = :p AND e.name = :n")
                .bind("p", parentId).bind("n", name).map(Entry::map).findOne();
    }

    private static Entry byId(Handle h, long id) {
        return h.createQuery("SELECT " + Entry.COLUMNS + Entry.FROM + "WHERE e.id = :id").bind("id", id).map(Entry::map).one();
    }

    private static Entry folderAt(Handle h, Volume v, VolumePath path) {
        Entry e = resolve(h, v, path).orElseThrow(() -> new CofferException.NotFound("folder " + path + " does not exist"));
        if (!e.directory()) throw new CofferException.Conflict(path + " is a file, not a folder");
        return e;
    }

    private Entry ensureFolders(Handle h, Volume v, VolumePath path) {
        Entry current = root(h, v);
        for (String name : path.names()) {
            Optional<Entry> next = child(h, current.id(), name);
            if (next.isEmpty()) {
                // Another writer may create the same folder at the same time: let either win.
                h.createUpdate("""
                                INSERT INTO entries (volume_id, parent_id, name, kind, size, mtime)
                                VALUES (:v, :p, :n, 'd', 0, :m) ON CONFLICT (parent_id, name) DO NOTHING""")
                        .bind("v", v.id()).bind("p", current.id()).bind("n", name).bind("m", db.now()).execute();
                next = child(h, current.id(), name);
            }
            Entry found = next.orElseThrow(() -> new IllegalStateException("folder vanished while being created"));
            if (!found.directory()) throw new CofferException.Conflict("'" + name + "' in " + path + " is a file, not a folder");
            current = found;
        }
        return current;
    }

    private static Entry insert(Handle h, Volume v, Entry parent, String name, Long contentId, long size, long mtime) {
        long id = h.createQuery("""
                        INSERT INTO entries (volume_id, parent_id, name, kind, content_id, size, mtime)
                        VALUES (:v, :p, :n, :k, :c, :s, :m) RETURNING id""")
                .bind("v", v.id()).bind("p", parent.id()).bind("n", name).bind("k", contentId == null ? "d" : "f")
                .bind("c", contentId).bind("s", size).bind("m", mtime)
                .mapTo(Long.class).one();
        return byId(h, id);
    }

    private static CofferException.NotFound notFound(VolumePath path) {
        return new CofferException.NotFound(path + " does not exist");
    }
}
