package dev.coffer.dataset;

import dev.coffer.access.Action;
import dev.coffer.error.CofferException;
import dev.coffer.tree.FileEntry;
import dev.coffer.tree.FileModes;
import dev.coffer.tree.NewLink;
import dev.coffer.tree.VolumePath;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A draft's links, times and permission bits, each change in one transaction of {@link Drafts}:
 * what a pushed or copied tree needs besides its files.
 */
final class DraftAttributes {
    private final Drafts drafts;

    DraftAttributes(Drafts drafts) {
        this.drafts = drafts;
    }

    /**
     * Creates or replaces (a file or link, never a folder) the symbolic link at {@code path},
     * creating missing parent folders; the target is kept as text and never followed.
     */
    FileEntry symlink(Version draft, VolumePath path, String target, long mtime) {
        checkLink(path, target);
        return drafts.inDraft(draft, Action.WRITE, false, s -> link(s, path, target, mtime, new HashMap<>()));
    }

    /** Creates or replaces many symbolic links in one transaction, all or none; returns how many. */
    int symlinkAll(Version draft, Map<VolumePath, NewLink> links) {
        links.forEach((path, link) -> checkLink(path, link.target()));
        if (links.isEmpty()) return 0;
        return drafts.inDraft(draft, Action.WRITE, false, s -> {
            Map<VolumePath, View.Item> folders = new HashMap<>();
            links.forEach((path, link) -> link(s, path, link.target(), link.mtime(), folders));
            return links.size();
        });
    }

    private static void checkLink(VolumePath path, String target) {
        if (path.isRoot()) throw new CofferException.Invalid("a link needs a name");
        FileModes.checkTarget(target);
    }

    /** Makes one link (and its missing parents) in a write whose folders so far are {@code folders}. */
    private static FileEntry link(
            DraftSession s, VolumePath path, String target, long mtime, Map<VolumePath, View.Item> folders) {
        s.ensureFolder(path.parent(), folders);
        View.Located at = s.view.locate(path, folders);
        if (at.exists() && at.item().folder()) throw new CofferException.Conflict(path + " is a folder");
        Overlay.Row row = Overlay.Row.link(Overlay.key(path.parent()), path.name(), target, mtime);
        s.overlay.put(row, at.row());
        return View.Item.of(row).entry(path.name());
    }

    /**
     * Sets the modification time and/or (of a file) the permission bits of what is at
     * {@code path}; null keeps what it has. Folders and links keep no permission bits.
     */
    FileEntry setAttributes(Version draft, VolumePath path, Long mtime, Integer mode) {
        refuseRoot(path);
        if (mode != null) FileModes.check(mode);
        return drafts.inDraft(draft, Action.WRITE, true, s -> setIn(s, s.locateExisting(path), path, mtime, mode));
    }

    /**
     * Many entries' times in one transaction (see {@link dev.coffer.tree.FileTree#setTimes}).
     * Entries are read folder by folder (one read of a folder's rows) and written in batches: a
     * pushed version whose contents are mostly its parent's is mostly time changes, tens of
     * thousands of them, and a folder of its own for each of its thousands of folders.
     */
    int setTimes(Version draft, Map<VolumePath, Long> times) {
        times.keySet().forEach(DraftAttributes::refuseRoot);
        if (times.isEmpty()) return 0;
        Map<VolumePath, List<VolumePath>> byFolder = new HashMap<>();
        for (VolumePath path : times.keySet())
            byFolder.computeIfAbsent(path.parent(), k -> new ArrayList<>()).add(path);
        // Parents before children: each folder is then found from its own parent.
        List<VolumePath> parents = new ArrayList<>(byFolder.keySet());
        parents.sort(Comparator.comparingInt((VolumePath p) -> p.names().size()));
        return drafts.inDraft(draft, Action.WRITE, true, s -> {
            Map<VolumePath, View.Item> folders = new HashMap<>();
            List<Overlay.Row> rows = new ArrayList<>();
            List<Overlay.Row> replaced = new ArrayList<>();
            List<Overlay.Row> folderRows = new ArrayList<>();
            Map<String, Long> taken = new HashMap<>();
            for (VolumePath parent : parents) {
                View.Item folder = parent.isRoot()
                        ? s.view.rootItem()
                        : s.locateExisting(parent, folders).item();
                List<VolumePath> paths = byFolder.get(parent);
                if (!folder.folder())
                    throw new CofferException.NotFound(paths.get(0) + " does not exist in "
                            + s.row.version().label());
                String parentKey = Overlay.key(parent);
                Map<String, Overlay.Row> existing = s.overlay.among(
                        parentKey, paths.stream().map(VolumePath::name).toList());
                for (VolumePath path : paths) {
                    Overlay.Row row = existing.get(path.name());
                    View.Item item =
                            row != null ? View.Item.of(row) : View.Item.of(s.nodes.lookup(folder.tree(), path.name()));
                    if (item == null)
                        throw new CofferException.NotFound(
                                path + " does not exist in " + s.row.version().label());
                    long mtime = times.get(path);
                    if (item.folder()) {
                        // The row keeps the folder's tree: a reference moves only where no row held it before.
                        folderRows.add(Overlay.Row.tree(parentKey, path.name(), item.tree(), mtime));
                        if (row == null) taken.merge(item.tree(), 1L, Long::sum);
                        continue;
                    }
                    View.Item retimed = new View.Item(
                            false,
                            null,
                            item.contentId(),
                            item.digest(),
                            item.size(),
                            mtime,
                            item.mode(),
                            item.target());
                    rows.add(Overlay.Row.of(parentKey, path.name(), retimed));
                    if (row != null) replaced.add(row);
                }
            }
            s.overlay.putFolders(folderRows, taken);
            s.overlay.putAll(rows, replaced);
            return times.size();
        });
    }

    private static void refuseRoot(VolumePath path) {
        if (path.isRoot())
            throw new CofferException.Invalid("the root folder of a version has no attributes of its own");
    }

    private static FileEntry setIn(DraftSession s, View.Located at, VolumePath path, Long mtime, Integer mode) {
        View.Item item = at.item();
        String parent = Overlay.key(path.parent());
        long time = mtime != null ? mtime : item.mtime();
        Overlay.Row row;
        if (item.folder()) row = Overlay.Row.tree(parent, path.name(), item.tree(), time);
        else if (item.link()) row = Overlay.Row.link(parent, path.name(), item.target(), time);
        else
            row = Overlay.Row.file(
                    parent,
                    path.name(),
                    item.contentId(),
                    item.digest(),
                    item.size(),
                    time,
                    mode != null ? mode : item.mode());
        s.overlay.put(row, at.row());
        return View.Item.of(row).entry(path.name());
    }
}
