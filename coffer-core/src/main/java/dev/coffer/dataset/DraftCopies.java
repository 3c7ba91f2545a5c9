package dev.coffer.dataset;

import dev.coffer.access.Action;
import dev.coffer.error.CofferException;
import dev.coffer.tree.FileEntry;
import dev.coffer.tree.FileTree;
import dev.coffer.tree.SubtreeDepth;
import dev.coffer.tree.VolumePath;
import dev.coffer.volume.Volume;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies into a draft, from the draft itself, another tree, a mutable volume or a committed
 * version: each in one transaction of {@link Drafts}, sharing content (no bytes are copied).
 */
final class DraftCopies {
    private final Drafts drafts;

    DraftCopies(Drafts drafts) {
        this.drafts = drafts;
    }

    /**
     * Copies a file or folder of this draft to {@code to} (which must not exist) in one step: a
     * folder shares the tree it started from and takes copies of the changes made below it.
     */
    void within(Version draft, VolumePath from, VolumePath to) {
        if (to.isRoot()) throw new CofferException.Invalid("copy to a named path, not onto the root folder");
        if (to.isWithin(from)) throw new CofferException.Invalid("cannot copy " + from + " into itself (" + to + ")");
        drafts.inDraft(draft, Action.WRITE, true, s -> {
            View.Located src = s.locateExisting(from);
            s.ensureFolder(to.parent());
            View.Located dst = s.locateNew(to);
            View.Item item = src.item();
            String parent = Overlay.key(to.parent());
            if (item.folder()) {
                s.overlay.put(Overlay.Row.tree(parent, to.name(), item.tree(), item.mtime()), dst.row());
                s.overlay.copyBelow(src.path(), dst.path());
            } else {
                s.overlay.put(Overlay.Row.of(parent, to.name(), item), dst.row());
            }
            return null;
        });
    }

    /**
     * Copies {@code from} of any other tree (a volume's, another draft's) into the draft at
     * {@code to}, sharing content, in one transaction; the source is walked a page at a time
     * while the rows are written.
     */
    void fromTree(Version draft, FileTree source, VolumePath from, VolumePath to) {
        if (to.isRoot()) throw new CofferException.Invalid("copy to a named path, not onto the root folder");
        FileEntry top = source.stat(from);
        drafts.inDraft(draft, Action.WRITE, false, s -> {
            s.ensureFolder(to.parent());
            View.Located dst = s.locateNew(to);
            String parent = Overlay.key(to.parent());
            if (!top.directory()) {
                s.overlay.put(row(parent, to.name(), top), dst.row());
                return null;
            }
            String empty = s.nodes.empty();
            List<Overlay.Row> rows = new ArrayList<>();
            rows.add(Overlay.Row.tree(parent, to.name(), empty, top.mtime()));
            try {
                source.walk(from, (e, rel) -> {
                    long bytes = 0;
                    for (String name : rel) bytes += 1 + name.getBytes(StandardCharsets.UTF_8).length;
                    VolumePath.checkFits(to, bytes);
                    String at = Overlay.key(to);
                    for (String name : rel.subList(0, rel.size() - 1)) at = Overlay.join(at, name);
                    rows.add(e.directory() ? Overlay.Row.tree(at, e.name(), empty, e.mtime()) : row(at, e.name(), e));
                    if (rows.size() >= 1000) flush(s, rows);
                });
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("reading " + from + " of " + source.label() + " failed", e);
            }
            flush(s, rows);
            return null;
        });
    }

    /**
     * Copies a file or folder of a mutable volume ({@code /storage}, {@code /notebooks}) to
     * {@code to}, which must not exist. Files share their content: no bytes are copied. The
     * caller checks that the volume may be read.
     */
    void fromVolume(Version draft, Volume source, VolumePath from, VolumePath to) {
        if (to.isRoot()) throw new CofferException.Invalid("copy to a named path, not onto the root folder");
        drafts.inDraft(draft, Action.WRITE, false, s -> {
            VolumeSource.Item src = VolumeSource.locate(s.h, source, from);
            // Checked in this transaction, so a folder made deeper meanwhile cannot slip past.
            if (src.folder() && to.byteLength() > from.byteLength())
                VolumePath.checkFits(to, SubtreeDepth.deepestBelow(s.h, src.id()));
            s.ensureFolder(to.parent());
            View.Located dst = s.locateNew(to);
            String parent = Overlay.key(to.parent());
            if (!src.folder()) {
                s.overlay.put(src.row(parent, to.name()), dst.row());
                return null;
            }
            String empty = s.nodes.empty();
            List<Overlay.Row> rows = new ArrayList<>();
            rows.add(Overlay.Row.tree(parent, to.name(), empty, src.mtime()));
            VolumeSource.copyBelow(s.h, src, dst.path(), empty, row -> {
                rows.add(row);
                if (rows.size() >= 1000) flush(s, rows);
            });
            flush(s, rows);
            return null;
        });
    }

    /** Copies a file or folder of a committed version (of any dataset) to {@code to}, in one step, sharing everything. */
    void fromVersion(Version draft, Version source, VolumePath from, VolumePath to) {
        if (to.isRoot()) throw new CofferException.Invalid("copy to a named path, not onto the root folder");
        drafts.inDraft(draft, Action.WRITE, true, s -> {
            VersionRows src = VersionRows.load(s.h, source.id());
            if (!src.version().committed()) {
                throw new CofferException.Conflict(
                        src.version().label() + " is a draft; copy from a committed version");
            }
            View.Located at = new View(s.nodes, null, src.root()).locate(from);
            if (!at.exists())
                throw new CofferException.NotFound(
                        from + " does not exist in " + src.version().label());
            s.ensureFolder(to.parent());
            View.Located dst = s.locateNew(to);
            View.Item item = at.item();
            String parent = Overlay.key(to.parent());
            s.overlay.put(
                    item.folder()
                            ? Overlay.Row.tree(parent, to.name(), item.tree(), item.mtime())
                            : Overlay.Row.of(parent, to.name(), item),
                    dst.row());
            return null;
        });
    }

    /** The draft row that copies a file or link of any tree. */
    private static Overlay.Row row(String parent, String name, FileEntry e) {
        return e.symlink()
                ? Overlay.Row.link(parent, name, e.target(), e.mtime())
                : Overlay.Row.file(parent, name, e.contentId(), e.digest(), e.size(), e.mtime(), e.mode());
    }

    private static void flush(DraftSession s, List<Overlay.Row> rows) {
        s.overlay.putAll(rows);
        rows.clear();
    }
}
