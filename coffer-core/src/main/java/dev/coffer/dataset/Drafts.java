package dev.coffer.dataset;

import dev.coffer.access.Action;
import dev.coffer.content.ContentStore;
import dev.coffer.content.Manifest;
import dev.coffer.db.Database;
import dev.coffer.error.CofferException;
import dev.coffer.tree.FileCommit;
import dev.coffer.tree.FileEntry;
import dev.coffer.tree.FileModes;
import dev.coffer.tree.FileTree;
import dev.coffer.tree.NewLink;
import dev.coffer.tree.VolumePath;
import dev.coffer.usage.TeamUsage;
import dev.coffer.volume.Volume;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * Making versions: a draft starts from a parent, is filled, then committed (immutable from then
 * on) or discarded. Every method is one transaction; a write to a committed version is refused
 * with a conflict that says how to make a new one. Paths are created with their parent folders.
 */
public final class Drafts {
    /** Where a new draft starts: the latest committed version, a given committed version, or nothing. */
    public record Parent(Version version, boolean none) {
        public static final Parent LATEST = new Parent(null, false);
        public static final Parent NONE = new Parent(null, true);

        public static Parent of(Version version) {
            return new Parent(version, false);
        }
    }

    private final Database db;
    private final TeamUsage usage;
    private final ContentStore content;
    private final TreeShape shape;
    private final DraftCopies copies = new DraftCopies(this);
    private final DraftAttributes attributes = new DraftAttributes(this);

    public Drafts(Database db, ContentStore content) {
        this(db, content, TreeShape.DEFAULT, null);
    }

    /** Drafts whose changes count for their team's usage (the server's). */
    public Drafts(Database db, ContentStore content, TeamUsage usage) {
        this(db, content, TreeShape.DEFAULT, usage);
    }

    Drafts(Database db, ContentStore content, TreeShape shape) {
        this(db, content, shape, null);
    }

    Drafts(Database db, ContentStore content, TreeShape shape, TeamUsage usage) {
        this.db = db;
        this.content = content;
        this.shape = shape;
        this.usage = usage;
    }

    /**
     * Refuses early (before an upload's bytes are read) a write to a committed version, with the
     * same message every write to it gets.
     */
    /**
     * Decides a write again inside its transaction (first thing, before any change), so a caller
     * who lost the right meanwhile keeps nothing; {@code teamId} is null for a public dataset.
     */
    @FunctionalInterface
    public interface WriteRecheck {
        void check(Handle h, Long teamId, Action action);
    }

    private volatile WriteRecheck recheck = (h, team, action) -> {};

    public void setRecheck(WriteRecheck recheck) {
        this.recheck = recheck;
    }

    private void recheck(Handle h, long versionId, Action action) {
        var team = h.createQuery(
                        "SELECT d.team_id FROM datasets d JOIN dataset_versions v ON v.dataset_id = d.id WHERE v.id = :v")
                .bind("v", versionId)
                .map((rs, ctx) -> Optional.ofNullable(rs.getObject(1) == null ? null : rs.getLong(1)))
                .findOne();
        // A version that is gone is reported by the write itself.
        team.ifPresent(t -> recheck.check(h, t.orElse(null), action));
    }

    public static void checkDraft(Version version) {
        if (version.committed()) throw VersionRows.committed(version);
    }

    /** Starts a draft of {@code dataset} from {@code parent}; it reads as its parent until changed. */
    public Version create(Dataset dataset, Parent parent, Long createdBy, String message) {
        return TeamLedger.write(db, usage, h -> {
            recheck.check(h, dataset.teamId(), Action.WRITE);
            TreeNodes.lock(h);
            TreeNodes nodes = new TreeNodes(h);
            if (h.createQuery("SELECT COUNT(*) FROM datasets WHERE id = :d")
                            .bind("d", dataset.id().value())
                            .mapTo(Long.class)
                            .one()
                    == 0) {
                throw new CofferException.NotFound("no dataset named '" + dataset.name() + "'");
            }
            VersionRows from = null;
            if (parent.version() != null) {
                from = VersionRows.load(h, parent.version().id());
                if (!from.version().datasetId().equals(dataset.id())) {
                    throw new CofferException.Invalid(
                            from.version().label() + " is not a version of '" + dataset.name() + "'");
                }
                if (!from.version().committed()) {
                    throw new CofferException.Conflict(
                            from.version().label() + " is a draft; start from a committed version, or commit it first");
                }
            } else if (!parent.none()) {
                from = VersionRows.latest(h, dataset.id()).orElse(null);
            }
            String root = from == null ? nodes.empty() : from.root();
            nodes = new TreeNodes(h, TeamLedger.of(h, dataset.teamId()));
            long number = h.createQuery(
                            "UPDATE datasets SET next_number = next_number + 1 WHERE id = :d RETURNING next_number - 1")
                    .bind("d", dataset.id().value())
                    .mapTo(Long.class)
                    .one();
            long id = h.createQuery("""
                            INSERT INTO dataset_versions (dataset_id, number, state, parent_number, root_tree, message, created_by, created_at)
                            VALUES (:d, :n, 'draft', :p, :r, :m, :by, :now) RETURNING id""")
                    .bind("d", dataset.id().value())
                    .bind("n", number)
                    .bind("p", from == null ? null : from.version().number())
                    .bind("r", root)
                    .bind("m", message == null ? "" : message)
                    .bind("by", createdBy)
                    .bind("now", db.now())
                    .mapTo(Long.class)
                    .one();
            nodes.acquire(root, 1);
            return VersionRows.load(h, id).version();
        });
    }

    /** Creates or replaces the file at {@code path}; the manifest's chunks must be stored already. */
    public FileEntry put(Version draft, VolumePath path, Manifest manifest, long mtime) {
        return put(draft, path, manifest, mtime, 0);
    }

    /** The same, with the file's permission bits ({@code 0}: none given). */
    public FileEntry put(Version draft, VolumePath path, Manifest manifest, long mtime, int mode) {
        if (path.isRoot()) throw new CofferException.Invalid("a file needs a name");
        FileModes.check(mode);
        return inDraft(draft, Action.WRITE, false, s -> {
            long contentId = content.record(s.h, s.scope(), manifest);
            s.ensureFolder(path.parent());
            View.Located at = s.view.locate(path);
            if (at.exists() && at.item().folder()) throw new CofferException.Conflict(path + " is a folder");
            Overlay.Row row = Overlay.Row.file(
                    Overlay.key(path.parent()),
                    path.name(),
                    contentId,
                    manifest.digest(),
                    manifest.size(),
                    mtime,
                    mode);
            s.overlay.put(row, at.row());
            return View.Item.of(row).entry(path.name());
        });
    }

    /**
     * Creates or replaces many files in one transaction (the small-files path); all or none.
     * Returns each file's content digest, in order.
     */
    public List<String> putAll(Version draft, List<FileCommit> files) {
        for (FileCommit f : files) if (f.path().isRoot()) throw new CofferException.Invalid("a file needs a name");
        List<String> digests = files.stream().map(f -> f.manifest().digest()).toList();
        // A path given twice: the last one wins, as if the files had been put one after the other.
        Map<VolumePath, FileCommit> last = new LinkedHashMap<>();
        for (FileCommit f : files) last.put(f.path(), f);
        List<FileCommit> unique = last.size() < files.size() ? List.copyOf(last.values()) : files;
        return inDraft(draft, Action.WRITE, false, s -> {
            long[] ids = content.recordAll(
                    s.h, s.scope(), unique.stream().map(FileCommit::manifest).toList());
            Map<VolumePath, View.Item> folders = new HashMap<>();
            Map<VolumePath, List<Integer>> byFolder = new LinkedHashMap<>();
            for (int i = 0; i < unique.size(); i++) {
                VolumePath parent = unique.get(i).path().parent();
                if (!folders.containsKey(parent)) folders.put(parent, s.ensureFolder(parent, folders));
                byFolder.computeIfAbsent(parent, k -> new ArrayList<>()).add(i);
            }
            List<Overlay.Row> rows = new ArrayList<>(unique.size());
            List<Overlay.Row> replaced = new ArrayList<>();
            for (var group : byFolder.entrySet()) {
                String parentKey = Overlay.key(group.getKey());
                View.Item folder = folders.get(group.getKey());
                List<String> names = group.getValue().stream()
                        .map(i -> unique.get(i).path().name())
                        .toList();
                Map<String, Overlay.Row> existing = s.overlay.among(parentKey, names);
                for (int i : group.getValue()) {
                    FileCommit f = unique.get(i);
                    Overlay.Row old = existing.get(f.path().name());
                    if (old != null) replaced.add(old);
                    View.Item now = old != null
                            ? View.Item.of(old)
                            : View.Item.of(
                                    s.nodes.lookup(folder.tree(), f.path().name()));
                    if (now != null && now.folder()) throw new CofferException.Conflict(f.path() + " is a folder");
                    rows.add(Overlay.Row.file(
                            parentKey,
                            f.path().name(),
                            ids[i],
                            null,
                            f.manifest().size(),
                            f.mtime(),
                            f.mode()));
                }
            }
            s.overlay.putAll(rows, replaced);
            return digests;
        });
    }

    /** Deletes a file, or a folder ({@code recursive}: with everything in it). */
    public void delete(Version draft, VolumePath path, boolean recursive) {
        deleteAll(draft, List.of(path), recursive);
    }

    /**
     * Deletes many files or folders in one transaction: all of them, or (one is missing, or a
     * folder is not empty without {@code recursive}) none. A push that removes 10,000 files
     * makes one request instead of 10,000.
     */
    public void deleteAll(Version draft, List<VolumePath> paths, boolean recursive) {
        for (VolumePath path : paths)
            if (path.isRoot()) throw new CofferException.Invalid("the root folder cannot be deleted");
        inDraft(draft, Action.DELETE, true, s -> {
            for (VolumePath path : paths) {
                View.Located at = s.locateExisting(path);
                if (at.item().folder()) {
                    if (!recursive
                            && s.view.children(at.path(), at.item(), null, 1).hasNext()) {
                        throw new CofferException.Conflict(
                                path + " is a folder that is not empty; delete it recursively");
                    }
                    s.overlay.removeBelow(at.path());
                }
                s.removeAt(at);
            }
            return null;
        });
    }

    /** Renames or moves a file or folder; a folder moves in one step, whatever it holds. */
    public void move(Version draft, VolumePath from, VolumePath to) {
        move(draft, from, to, false);
    }

    /**
     * Renames or moves a file or folder; a folder moves in one step, whatever it holds. With
     * {@code replace} a file may take the place of an existing file; a folder is never replaced.
     */
    public void move(Version draft, VolumePath from, VolumePath to, boolean replace) {
        if (from.isRoot() || to.isRoot())
            throw new CofferException.Invalid("the root folder cannot be moved or replaced");
        if (to.isWithin(from)) throw new CofferException.Invalid("cannot move " + from + " into itself (" + to + ")");
        inDraft(draft, Action.WRITE, true, s -> {
            View.Located src = s.locateExisting(from);
            s.ensureFolder(to.parent());
            View.Item item = src.item();
            View.Located dst = s.view.locate(to);
            if (dst.exists() && (!replace || dst.item().folder() || item.folder())) {
                throw new CofferException.Conflict(
                        to + " already exists in " + s.row.version().label());
            }
            String parent = Overlay.key(to.parent());
            if (item.folder()) {
                s.overlay.put(Overlay.Row.tree(parent, to.name(), item.tree(), item.mtime()), dst.row());
                s.overlay.moveBelow(src.path(), dst.path());
            } else {
                s.overlay.put(Overlay.Row.of(parent, to.name(), item), dst.row());
            }
            // Moving a file over another: the source may have sat beside it in the same folder, re-read it.
            s.removeAt(s.view.locate(from));
            return null;
        });
    }

    /** Copies a file or folder of this draft to {@code to}, which must not exist, in one step. */
    public void copy(Version draft, VolumePath from, VolumePath to) {
        copies.within(draft, from, to);
    }

    /** Copies {@code from} of any other tree into the draft at {@code to}, sharing content. */
    public void copyFrom(Version draft, FileTree source, VolumePath from, VolumePath to) {
        copies.fromTree(draft, source, from, to);
    }

    /** Copies a file or folder of a mutable volume ({@code /storage}, {@code /notebooks}) to {@code to}. */
    public void copyFromVolume(Version draft, Volume source, VolumePath from, VolumePath to) {
        copies.fromVolume(draft, source, from, to);
    }

    /** Copies a file or folder of a committed version (of any dataset) to {@code to}, sharing everything. */
    public void copyFromVersion(Version draft, Version source, VolumePath from, VolumePath to) {
        copies.fromVersion(draft, source, from, to);
    }

    /** One write to a draft in its own transaction, the caller's right decided again first. */
    <T> T inDraft(Version draft, Action action, boolean sharesTrees, Function<DraftSession, T> work) {
        return TeamLedger.write(db, usage, h -> {
            recheck(h, draft.id(), action);
            return work.apply(DraftSession.open(h, draft.id(), sharesTrees, db.now()));
        });
    }

    /** Makes a folder; with {@code parents}, missing parents too, and an existing folder is fine. */
    public void mkdir(Version draft, VolumePath path, boolean parents) {
        if (path.isRoot()) throw new CofferException.Conflict("the root folder exists already");
        inDraft(draft, Action.WRITE, false, s -> {
            if (parents) {
                s.ensureFolder(path);
                return null;
            }
            View.Located folder = s.view.locate(path.parent());
            if (!folder.exists()) throw new CofferException.NotFound("folder " + path.parent() + " does not exist");
            if (!folder.item().folder()) throw new CofferException.Conflict(path.parent() + " is a file, not a folder");
            View.Located at = s.locateNew(path);
            s.overlay.put(Overlay.Row.tree(Overlay.key(path.parent()), path.name(), s.nodes.empty(), 0), at.row());
            return null;
        });
    }

    /**
     * Creates or replaces (a file or link, never a folder) the symbolic link at {@code path},
     * creating missing parent folders; the target is kept as text and never followed.
     */
    public FileEntry symlink(Version draft, VolumePath path, String target, long mtime) {
        return attributes.symlink(draft, path, target, mtime);
    }

    /** Creates or replaces many symbolic links in one transaction, all or none; returns how many. */
    public int symlinkAll(Version draft, Map<VolumePath, NewLink> links) {
        return attributes.symlinkAll(draft, links);
    }

    /**
     * Sets the modification time and/or (of a file) the permission bits of what is at
     * {@code path}; null keeps what it has. Folders and links keep no permission bits.
     */
    public FileEntry setAttributes(Version draft, VolumePath path, Long mtime, Integer mode) {
        return attributes.setAttributes(draft, path, mtime, mode);
    }

    /** Many entries' times in one transaction (see {@link dev.coffer.tree.FileTree#setTimes}). */
    public int setTimes(Version draft, Map<VolumePath, Long> times) {
        return attributes.setTimes(draft, times);
    }

    /**
     * Commits a draft: from then on it never changes. Costs in proportion to what the draft
     * changed. {@code message} (when not null) replaces the draft's message.
     */
    public Version commit(Version draft, String message) {
        return TeamLedger.write(db, usage, h -> {
            recheck(h, draft.id(), Action.WRITE);
            return Commit.run(h, draft.id(), message, shape, db.now()).version();
        });
    }

    /** Throws a draft away with everything put in it (content goes at the next GC if nothing else uses it). */
    public void discard(Version draft) {
        TeamLedger.write(db, usage, h -> {
            recheck(h, draft.id(), Action.DELETE);
            TreeNodes.lock(h);
            VersionRows row = VersionRows.lockDraft(h, draft.id());
            drop(h, row);
            return null;
        });
    }

    /**
     * Deletes a version, draft or committed, with its tags; what only it used is reclaimed by the
     * next GC. Deleting the latest makes the previous commit the latest.
     */
    public void deleteVersion(Version version) {
        TeamLedger.write(db, usage, h -> {
            recheck(h, version.id(), Action.MANAGE);
            TreeNodes.lock(h);
            // Wait for a write in flight to this version (a draft), so none lands after its rows go.
            h.createUpdate("UPDATE dataset_versions SET state = state WHERE id = :id")
                    .bind("id", version.id())
                    .execute();
            drop(h, VersionRows.load(h, version.id()));
            return null;
        });
    }

    /** Removes a version row and every reference it holds, in the caller's transaction (which holds the tree lock). */
    static List<String> drop(Handle h, VersionRows row) {
        long id = row.version().id();
        TreeNodes nodes = new TreeNodes(h, TeamLedger.ofVersion(h, id));
        if (!row.version().committed()) new Overlay(h, id, nodes).clear();
        h.createUpdate("DELETE FROM dataset_tags WHERE version_id = :v")
                .bind("v", id)
                .execute();
        h.createUpdate("DELETE FROM dataset_versions WHERE id = :v")
                .bind("v", id)
                .execute();
        return nodes.release(row.root(), 1);
    }
}
