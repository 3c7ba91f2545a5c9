package dev.coffer.tree;

import static dev.coffer.tree.EntryRows.*;

import dev.coffer.access.Action;
import dev.coffer.chunk.ChunkId;
import dev.coffer.content.ChunkScope;
import dev.coffer.content.ContentStore;
import dev.coffer.content.Manifest;
import dev.coffer.db.Database;
import dev.coffer.db.InList;
import dev.coffer.db.RowBatch;
import dev.coffer.error.CofferException;
import dev.coffer.usage.TeamUsage;
import dev.coffer.usage.UsageDelta;
import dev.coffer.volume.Volume;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
        void check(Handle h, Volume v, Action action);
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
        h.createUpdate(
                        "INSERT INTO entries (volume_id, parent_id, name, kind, size, mtime) VALUES (:v, NULL, '', 'd', 0, :now)")
                .bind("v", volumeId)
                .bind("now", now)
                .execute();
    }

    public Entry stat(Volume v, VolumePath path) {
        return db.read(h -> resolve(h, v, path).orElseThrow(() -> notFound(path)));
    }

    public FilePage list(Volume v, VolumePath dir, String after, int limit) {
        int pageSize = Math.max(1, Math.min(limit, MAX_PAGE));
        return db.read(h -> {
            Entry folder = resolve(h, v, dir).orElseThrow(() -> notFound(dir));
            if (!folder.directory()) throw new CofferException.Conflict(dir + " is a file, not a folder");
            List<Entry> rows = h.createQuery("SELECT " + Entry.COLUMNS + Entry.FROM
                            + "WHERE e.parent_id = :p AND e.name > :after ORDER BY e.name LIMIT :n")
                    .bind("p", folder.id())
                    .bind("after", after == null ? "" : after)
                    .bind("n", pageSize + 1)
                    .map(Entry::map)
                    .list();
            String next = null;
            if (rows.size() > pageSize) {
                rows = rows.subList(0, pageSize);
                next = rows.getLast().name();
            }
            return new FilePage(rows.stream().map(Entry::toFileEntry).toList(), next);
        });
    }

    public Entry mkdir(Volume v, VolumePath path, boolean parents) {
        checkWritable(v, path);
        return db.write(h -> {
            recheck.check(h, v, Action.WRITE);
            Optional<Entry> existing = resolve(h, v, path);
            if (existing.isPresent()) {
                if (existing.get().directory() && parents) return existing.get();
                throw new CofferException.Conflict(path + " already exists");
            }
            Entry parent = parents ? ensureFolders(h, v, path.parent()) : folderAt(h, v, path.parent());
            return insert(h, v, parent, path.name(), FileEntry.folder(path.name(), db.now()));
        });
    }

    /**
     * Creates or replaces the file at {@code path} with {@code manifest}'s content, creating
     * missing parent folders; the manifest's chunks must be stored already.
     */
    public Entry putFile(Volume v, VolumePath path, Manifest manifest, long mtime) {
        return putFile(v, path, manifest, mtime, 0);
    }

    /** The same, with the file's permission bits ({@code 0}: none given). */
    public Entry putFile(Volume v, VolumePath path, Manifest manifest, long mtime, int mode) {
        checkWritable(v, path);
        FileModes.check(mode);
        if (path.isRoot()) throw new CofferException.Invalid("a file needs a name");
        return db.write(h -> {
            usage.lock(h, v.teamId());
            recheck.check(h, v, Action.WRITE);
            long contentId = content.record(h, ChunkScope.team(v.teamId()), manifest);
            Entry parent = ensureFolders(h, v, path.parent());
            UsageDelta delta = new UsageDelta(v.teamId()).add(contentId);
            child(h, parent.id(), path.name()).ifPresent(old -> delta.remove(old.contentId()));
            Entry e = byId(h, upsertFile(h, v, parent, path, contentId, manifest.size(), mtime, mode));
            usage.apply(h, delta);
            return e;
        });
    }

    /**
     * Creates or replaces many files in one transaction (thousands of small files arrive
     * together); all of them or none. Returns each file's content digest, in order.
     */
    public List<String> putFiles(Volume v, List<FileCommit> files) {
        Set<VolumePath> seen = new HashSet<>();
        for (FileCommit f : files) {
            checkWritable(v, f.path());
            if (f.path().isRoot()) throw new CofferException.Invalid("a file needs a name");
            if (!seen.add(f.path())) throw new CofferException.Invalid(f.path() + " appears twice in one commit");
        }
        return db.write(h -> {
            usage.lock(h, v.teamId());
            recheck.check(h, v, Action.WRITE);
            long[] contentIds = content.recordAll(
                    h,
                    ChunkScope.team(v.teamId()),
                    files.stream().map(FileCommit::manifest).toList());
            UsageDelta delta = new UsageDelta(v.teamId());
            Map<VolumePath, Entry> folders = new HashMap<>();
            var upsert = RowBatch.prepare(h, UPSERT_FILE);
            List<String> digests = new ArrayList<>(files.size());
            for (int i = 0; i < files.size(); i++) {
                FileCommit f = files.get(i);
                Entry parent = folders.get(f.path().parent());
                if (parent == null) {
                    parent = ensureFolders(h, v, f.path().parent());
                    folders.put(f.path().parent(), parent);
                }
                upsert.add(
                        v.id(),
                        parent.id(),
                        f.path().name(),
                        contentIds[i],
                        f.manifest().size(),
                        f.mtime(),
                        f.mode());
                digests.add(f.manifest().digest());
                delta.add(contentIds[i]);
            }
            replacedContents(h, files, folders, delta);
            int[] counts = upsert.execute();
            for (int i = 0; i < counts.length; i++) {
                // An upsert that changed nothing met a folder of that name.
                if (counts[i] == 0)
                    throw new CofferException.Conflict(files.get(i).path() + " is a folder");
            }
            usage.apply(h, delta);
            return digests;
        });
    }

    /**
     * Creates or replaces (a file or link, never a folder) the symbolic link at {@code path},
     * creating missing parent folders. The target is kept as text and never followed.
     */
    public Entry symlink(Volume v, VolumePath path, String target, long mtime) {
        checkLink(v, path, target);
        return db.write(h -> {
            usage.lock(h, v.teamId());
            recheck.check(h, v, Action.WRITE);
            UsageDelta delta = new UsageDelta(v.teamId());
            Entry e = byId(h, link(h, v, path, target, mtime, delta));
            usage.apply(h, delta);
            return e;
        });
    }

    /** Creates or replaces many symbolic links in one transaction, all or none; returns how many. */
    public int symlinkAll(Volume v, Map<VolumePath, NewLink> links) {
        links.forEach((path, link) -> checkLink(v, path, link.target()));
        if (links.isEmpty()) return 0;
        return db.write(h -> {
            usage.lock(h, v.teamId());
            recheck.check(h, v, Action.WRITE);
            UsageDelta delta = new UsageDelta(v.teamId());
            links.forEach((path, link) -> link(h, v, path, link.target(), link.mtime(), delta));
            usage.apply(h, delta);
            return links.size();
        });
    }

    private void checkLink(Volume v, VolumePath path, String target) {
        checkWritable(v, path);
        if (path.isRoot()) throw new CofferException.Invalid("a link needs a name");
        FileModes.checkTarget(target);
    }

    /** Makes the link's row (its parents too), noting in {@code delta} the content it replaces; returns its id. */
    private long link(Handle h, Volume v, VolumePath path, String target, long mtime, UsageDelta delta) {
        Entry parent = ensureFolders(h, v, path.parent());
        child(h, parent.id(), path.name()).ifPresent(old -> delta.remove(old.contentId()));
        long size = target.getBytes(StandardCharsets.UTF_8).length;
        return upsert(h, v, parent, path, 'l', null, size, mtime, 0, target);
    }

    /**
     * Sets the modification time and/or (of a file) the permission bits of what is at
     * {@code path}; null keeps what it has. Folders and links keep no permission bits.
     */
    public Entry setAttributes(Volume v, VolumePath path, Long mtime, Integer mode) {
        if (mode != null) FileModes.check(mode);
        return db.write(h -> {
            recheck.check(h, v, Action.WRITE);
            Entry e = resolve(h, v, path).orElseThrow(() -> notFound(path));
            h.createUpdate("""
                            UPDATE entries SET mtime = COALESCE(:m, mtime), mode = CASE WHEN kind = 'f' THEN COALESCE(:mode, mode) ELSE mode END
                            WHERE id = :id""")
                    .bind("m", mtime)
                    .bind("mode", mode)
                    .bind("id", e.id())
                    .execute();
            return byId(h, e.id());
        });
    }

    /** Sets the times of many entries in one transaction; every path must exist (see {@link FileTree#setTimes}). */
    public int setTimes(Volume v, Map<VolumePath, Long> times) {
        if (times.isEmpty()) return 0;
        return db.write(h -> {
            recheck.check(h, v, Action.WRITE);
            var update = h.prepareBatch("UPDATE entries SET mtime = :m WHERE id = :id");
            for (var t : times.entrySet()) {
                Entry e = resolve(h, v, t.getKey()).orElseThrow(() -> notFound(t.getKey()));
                update.bind("m", t.getValue()).bind("id", e.id()).add();
            }
            update.execute();
            return times.size();
        });
    }

    /** Renames or moves a file or folder (with everything inside) in one step. */
    public Entry move(Volume v, VolumePath from, VolumePath to, boolean replace) {
        checkWritable(v, to);
        if (from.isRoot() || to.isRoot())
            throw new CofferException.Invalid("the root folder cannot be moved or replaced");
        if (to.isWithin(from)) throw new CofferException.Invalid("cannot move " + from + " into itself (" + to + ")");
        return db.write(h -> {
            usage.lock(h, v.teamId());
            recheck.check(h, v, Action.WRITE);
            Entry source = resolve(h, v, from).orElseThrow(() -> notFound(from));
            SubtreeDepth.checkMove(h, from, source, to);
            Entry parent = ensureFolders(h, v, to.parent());
            Optional<Entry> target = child(h, parent.id(), to.name());
            if (target.isPresent()) {
                if (!replace || target.get().directory() || source.directory()) {
                    throw new CofferException.Conflict(to + " already exists");
                }
                h.createUpdate("DELETE FROM entries WHERE id = :id")
                        .bind("id", target.get().id())
                        .execute();
                usage.apply(h, new UsageDelta(v.teamId()).remove(target.get().contentId()));
            }
            h.createUpdate("UPDATE entries SET parent_id = :p, name = :n WHERE id = :id")
                    .bind("p", parent.id())
                    .bind("n", to.name())
                    .bind("id", source.id())
                    .execute();
            return byId(h, source.id());
        });
    }

    /** Duplicates a file or a folder tree within one volume; the copy shares the content, no bytes are copied. */
    public Entry copy(Volume v, VolumePath from, VolumePath to) {
        return copy(v, from, v, to);
    }

    /**
     * Duplicates a file or folder tree of volume {@code source} into volume {@code target} (the
     * same or another, of any team the caller may read), sharing the content; missing parents of
     * {@code to} are created. Usage counts for the target's team.
     */
    public Entry copy(Volume source, VolumePath from, Volume target, VolumePath to) {
        checkWritable(target, to);
        if (to.isRoot()) throw new CofferException.Invalid("cannot copy onto the root folder");
        if (source.id() == target.id() && to.isWithin(from))
            throw new CofferException.Invalid("cannot copy " + from + " into itself (" + to + ")");
        return db.write(h -> {
            usage.lock(h, target.teamId());
            recheck.check(h, target, Action.WRITE);
            Entry src = resolve(h, source, from).orElseThrow(() -> notFound(from));
            SubtreeDepth.checkMove(h, from, src, to);
            Entry parent = ensureFolders(h, target, to.parent());
            if (child(h, parent.id(), to.name()).isPresent())
                throw new CofferException.Conflict(to + " already exists");
            Entry copy = insert(h, target, parent, to.name(), src.toFileEntry());
            if (src.directory()) copyChildren(h, target.id(), src.id(), copy.id());
            usage.apply(h, TeamUsage.subtreeReferences(h, target.teamId(), copy.id(), 1));
            return copy;
        });
    }

    /**
     * Copies {@code from} of any other tree (a dataset version, a draft) into volume
     * {@code target} at {@code to}, in one transaction, sharing content. The source is walked a
     * page at a time while the copy is written, so a large tree is never held in memory.
     */
    public Entry copyFrom(FileTree source, VolumePath from, Volume target, VolumePath to) throws Exception {
        checkWritable(target, to);
        if (to.isRoot()) throw new CofferException.Invalid("cannot copy onto the root folder");
        FileEntry top = source.stat(from);
        return db.write(h -> {
            usage.lock(h, target.teamId());
            recheck.check(h, target, Action.WRITE);
            Entry parent = ensureFolders(h, target, to.parent());
            if (child(h, parent.id(), to.name()).isPresent())
                throw new CofferException.Conflict(to + " already exists");
            UsageDelta delta = new UsageDelta(target.teamId());
            Entry copy = insert(h, target, parent, to.name(), top);
            if (top.directory()) {
                Map<List<String>, Long> folders = new HashMap<>();
                folders.put(List.of(), copy.id());
                source.walk(from, (e, rel) -> {
                    VolumePath.checkFits(to, relativeBytes(rel));
                    long parentId = folders.get(rel.subList(0, rel.size() - 1));
                    long id = insertRow(h, target.id(), parentId, e.name(), e);
                    if (e.directory()) folders.put(rel, id);
                    else if (e.contentId() != null) delta.add(e.contentId());
                });
            } else if (top.contentId() != null) {
                delta.add(top.contentId());
            }
            usage.apply(h, delta);
            return copy;
        });
    }

    /** Deletes a file, or a folder (with {@code recursive}, everything in it). Content is reclaimed by GC. */
    public void delete(Volume v, VolumePath path, boolean recursive) {
        deleteAll(v, List.of(path), recursive);
    }

    /**
     * Deletes many files or folders in one transaction: all of them, or (one missing, a folder
     * not empty without {@code recursive}) none.
     */
    public void deleteAll(Volume v, List<VolumePath> paths, boolean recursive) {
        for (VolumePath path : paths)
            if (path.isRoot()) throw new CofferException.Invalid("the root folder cannot be deleted");
        db.write(h -> {
            usage.lock(h, v.teamId());
            recheck.check(h, v, Action.DELETE);
            for (VolumePath path : paths) {
                Entry e = resolve(h, v, path).orElseThrow(() -> notFound(path));
                if (e.directory() && !recursive) {
                    boolean empty = h.createQuery("SELECT COUNT(*) FROM entries WHERE parent_id = :p")
                                    .bind("p", e.id())
                                    .mapTo(Long.class)
                                    .one()
                            == 0;
                    if (!empty)
                        throw new CofferException.Conflict(
                                path + " is a folder that is not empty; delete it recursively");
                }
                usage.apply(h, TeamUsage.subtreeReferences(h, v.teamId(), e.id(), -1));
                h.createUpdate("DELETE FROM entries WHERE id = :id")
                        .bind("id", e.id())
                        .execute();
            }
            return null;
        });
    }

    /** The contents of files a batch replaces, looked up per folder in a few queries. */
    private static void replacedContents(
            Handle h, List<FileCommit> files, Map<VolumePath, Entry> folders, UsageDelta delta) {
        Map<Long, List<String>> namesByFolder = new HashMap<>();
        for (FileCommit f : files)
            namesByFolder
                    .computeIfAbsent(folders.get(f.path().parent()).id(), k -> new ArrayList<>())
                    .add(f.path().name());
        for (var e : namesByFolder.entrySet()) {
            List<String> names = List.copyOf(new LinkedHashSet<>(e.getValue()));
            for (int i = 0; i < names.size(); i += 500) {
                h.createQuery(
                                "SELECT content_id FROM entries WHERE parent_id = :p AND kind = 'f' AND name IN (<names>)")
                        .bind("p", e.getKey())
                        .bindList("names", InList.padded(names.subList(i, Math.min(names.size(), i + 500))))
                        .mapTo(Long.class)
                        .forEach(delta::remove);
            }
        }
    }

    /**
     * Visits every entry under {@code dir} depth-first, parents before children, with its path
     * relative to {@code dir}; folders are read one page at a time so huge trees stream.
     */
    public void walk(Volume v, VolumePath dir, TreeVisitor visitor) throws Exception {
        VolumeWalk.walk(db, stat(v, dir), visitor);
    }

    /** Refuses early (before any bytes are read) a path that no write could create. */
    public void checkCanCreate(Volume v, VolumePath path) {
        checkWritable(v, path);
    }

    /** True when some file of {@code v} uses chunk {@code id}: a chunk is readable only through a volume that holds it. */
    public boolean volumeUsesChunk(Volume v, ChunkId id) {
        return db.withHandle(h -> h.createQuery("""
                        SELECT COUNT(*) FROM content_chunks cc JOIN entries e ON e.content_id = cc.content_id
                        WHERE cc.chunk_hash = :h AND e.volume_id = :v""")
                        .bind("h", id.hex())
                        .bind("v", v.id())
                        .mapTo(Long.class)
                        .one())
                > 0;
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
                        .bind("v", v.id())
                        .bind("p", current.id())
                        .bind("n", name)
                        .bind("m", db.now())
                        .execute();
                next = child(h, current.id(), name);
            }
            Entry found = next.orElseThrow(() -> new IllegalStateException("folder vanished while being created"));
            if (!found.directory())
                throw new CofferException.Conflict("'" + name + "' in " + path + " is a file, not a folder");
            current = found;
        }
        return current;
    }
}
