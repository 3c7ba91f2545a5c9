package dev.coffer.dataset;

import dev.coffer.content.ChunkScope;
import dev.coffer.error.CofferException;
import dev.coffer.tree.VolumePath;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/** One write to a draft, inside its transaction: the locked draft, its view and overlay. */
final class DraftSession {
    final Handle h;
    final VersionRows row;
    final TreeNodes nodes;
    final Overlay overlay;
    final View view;
    /** When this write happens: the time folders it creates are stamped with. */
    final long now;

    private DraftSession(Handle h, VersionRows row, long now) {
        this.h = h;
        this.row = row;
        this.now = now;
        this.nodes = new TreeNodes(h, TeamLedger.ofVersion(h, row.version().id()));
        this.overlay = new Overlay(h, row.version().id(), nodes);
        this.view = new View(nodes, overlay, row.root());
    }

    /**
     * Opens draft {@code id} for a write. {@code sharesTrees}: the write will add or drop
     * references to shared trees (moves, copies from versions, deletes), so it takes the tree
     * lock first. {@code now} is the time of the write.
     */
    static DraftSession open(Handle h, long id, boolean sharesTrees, long now) {
        if (sharesTrees) TreeNodes.lock(h);
        return new DraftSession(h, VersionRows.lockDraft(h, id), now);
    }

    /** Whose chunks the draft's files may name: its dataset's team's, or the public scope. */
    ChunkScope scope() {
        Long team = h.createQuery(
                        "SELECT d.team_id FROM datasets d JOIN dataset_versions v ON v.dataset_id = d.id WHERE v.id = :v")
                .bind("v", row.version().id())
                .mapTo(Long.class)
                .one();
        return ChunkScope.ofDataset(team);
    }

    /** Makes sure {@code folder} is a folder in the draft, creating missing folders; returns it. */
    View.Item ensureFolder(VolumePath folder) {
        return ensureFolder(folder, new HashMap<>());
    }

    /**
     * As {@link #ensureFolder(VolumePath)}, for many folders of one write: {@code known} holds the
     * folders this write has already made sure of (and receives the ones made sure of now), so a
     * folder is looked up once per write, not once per folder below it. Valid only while the write
     * changes no folder it holds (it adds files, or folders through this method).
     */
    View.Item ensureFolder(VolumePath folder, Map<VolumePath, View.Item> known) {
        View.Item cached = known.get(folder);
        if (cached != null) return cached;
        int start = folder.names().size();
        View.Item current = null;
        while (start > 0 && current == null)
            current = known.get(new VolumePath(folder.names().subList(0, --start)));
        if (current == null) current = view.rootItem();
        String parent = Overlay.key(new VolumePath(folder.names().subList(0, start)));
        for (int depth = start; depth < folder.names().size(); depth++) {
            String name = folder.names().get(depth);
            Overlay.Row row = overlay.get(parent, name);
            View.Item item = row != null ? View.Item.of(row) : View.Item.of(nodes.lookup(current.tree(), name));
            String here = Overlay.join(parent, name);
            if (item == null) {
                // No time until a client gives one: the same files make the same tree, whenever they arrive.
                Overlay.Row created = Overlay.Row.tree(parent, name, nodes.empty(), 0);
                overlay.put(created, row);
                item = View.Item.of(created);
            } else if (!item.folder()) {
                throw new CofferException.Conflict("/" + here + " is a file, not a folder");
            }
            current = item;
            parent = here;
            known.put(new VolumePath(folder.names().subList(0, depth + 1)), current);
        }
        return current;
    }

    /** Removes what is at a located path: its row goes, and a deletion marker hides what the tree below holds. */
    void removeAt(View.Located at) {
        if (at.below() != null)
            overlay.put(Overlay.Row.deleted(Overlay.parentOf(at.path()), Overlay.nameOf(at.path())), at.row());
        else if (at.row() != null) overlay.remove(at.row());
    }

    View.Located locateNew(VolumePath path) {
        View.Located at = view.locate(path);
        if (at.exists())
            throw new CofferException.Conflict(
                    path + " already exists in " + row.version().label());
        return at;
    }

    View.Located locateExisting(VolumePath path) {
        return locateExisting(path, null);
    }

    /** As {@link #locateExisting(VolumePath)}, through the folders of one write (see {@link View#locate(VolumePath, Map)}). */
    View.Located locateExisting(VolumePath path, Map<VolumePath, View.Item> folders) {
        View.Located at = view.locate(path, folders);
        if (!at.exists())
            throw new CofferException.NotFound(
                    path + " does not exist in " + row.version().label());
        return at;
    }
}
