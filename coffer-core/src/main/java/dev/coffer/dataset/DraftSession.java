package dev.coffer.dataset;

import dev.coffer.content.ChunkScope;
import dev.coffer.error.CofferException;
import dev.coffer.tree.VolumePath;
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
        View.Item current = view.rootItem();
        String parent = "";
        for (String name : folder.names()) {
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
        View.Located at = view.locate(path);
        if (!at.exists())
            throw new CofferException.NotFound(
                    path + " does not exist in " + row.version().label());
        return at;
    }
}
