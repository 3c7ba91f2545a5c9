package dev.coffer.dataset;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * Turns a draft into a committed version: its overlay becomes new nodes for the changed folders
 * only, deepest first, each folder edited in place of its old tree (unchanged folders and the
 * unchanged nodes of changed folders are shared). Then the overlay goes and the version points
 * at the new root.
 *
 * <p>Usage accounting hooks in here: {@code newBytes} (chunks nothing referenced before), the
 * nodes {@link TreeNodes#store} inserts, and the nodes the release of the parent root deletes.
 */
final class Commit {
    private Commit() {}

    static VersionRows run(Handle h, long id, String message, TreeShape shape, long now) {
        TreeNodes.lock(h);
        VersionRows draft = VersionRows.lockDraft(h, id);
        TreeNodes nodes = new TreeNodes(h, TeamLedger.ofVersion(h, id));
        Overlay overlay = new Overlay(h, id, nodes);
        long newBytes = newBytes(h, id);
        String root = build(nodes, overlay, draft.root(), shape);
        nodes.acquire(root, 1);
        overlay.clear();
        Node top = nodes.node(root);
        long seq = h.createQuery("UPDATE datasets SET commits = commits + 1 WHERE id = :d RETURNING commits")
                .bind("d", draft.version().datasetId().value())
                .mapTo(Long.class)
                .one();
        h.createUpdate("""
                        UPDATE dataset_versions SET state = 'committed', root_tree = :r, file_count = :f, total_size = :s,
                            new_bytes = :b, message = :m, committed_at = :now, commit_seq = :seq WHERE id = :id""")
                .bind("r", root)
                .bind("f", top.files())
                .bind("s", top.size())
                .bind("b", newBytes)
                .bind("m", message == null ? draft.version().message() : message)
                .bind("now", now)
                .bind("seq", seq)
                .bind("id", id)
                .execute();
        // Last: the version no longer points at the tree it started from.
        nodes.release(draft.root(), 1);
        return VersionRows.load(h, id);
    }

    private record Built(String hash, long files, long size) {
        TreeEntry entry(String name, long mtime) {
            return new TreeEntry(name, TreeEntry.FOLDER, null, null, hash, size, files, mtime);
        }
    }

    private static String build(TreeNodes nodes, Overlay overlay, String base, TreeShape shape) {
        Set<String> changed = overlay.changedFolders();
        if (changed.isEmpty()) return base;
        List<String> order = new ArrayList<>(changed);
        order.sort(Comparator.comparingInt(Commit::depth).thenComparing(Names.UTF8));
        // The tree each changed folder starts from: its own folder row's, or the one it has in its parent's.
        Map<String, String> start = new HashMap<>();
        // The time a changed folder keeps: its own row's, or the one it has in its parent's tree.
        Map<String, Long> mtimes = new HashMap<>();
        Map<String, List<String>> changedChildren = new HashMap<>();
        start.put("", base);
        for (String folder : order) {
            if (folder.isEmpty()) continue;
            String parent = Overlay.parentOf(folder);
            String name = Overlay.nameOf(folder);
            changedChildren.computeIfAbsent(parent, k -> new ArrayList<>()).add(name);
            Overlay.Row row = overlay.get(parent, name);
            if (row != null) {
                if (row.kind() != Overlay.TREE)
                    throw new IllegalStateException("draft rows lie below /" + folder + ", which is not a folder");
                start.put(folder, row.tree());
                mtimes.put(folder, row.mtime());
            } else {
                TreeEntry e = nodes.lookup(start.get(parent), name);
                if (e == null || !e.isFolder())
                    throw new IllegalStateException("draft rows lie below /" + folder + ", which does not exist");
                start.put(folder, e.child());
                mtimes.put(folder, e.mtime());
            }
        }
        FolderEditor editor = new FolderEditor(nodes, shape);
        Map<String, Built> built = new HashMap<>();
        for (int i = order.size() - 1; i >= 0; i--) {
            String folder = order.get(i);
            TreeMap<String, FolderEditor.Edit> edits = new TreeMap<>(Names.UTF8);
            Map<String, Overlay.Row> rows = overlay.all(folder);
            for (Overlay.Row r : rows.values()) {
                TreeEntry entry = switch (r.kind()) {
                    case Overlay.FILE ->
                        TreeEntry.file(r.name(), r.contentId(), r.digest(), r.size(), r.mtime(), r.mode());
                    case Overlay.LINK -> TreeEntry.link(r.name(), r.target(), r.mtime());
                    case Overlay.TREE -> {
                        Built b = built.get(r.path());
                        yield b != null
                                ? b.entry(r.name(), r.mtime())
                                : TreeEntry.folder(r.name(), nodes.node(r.tree()), r.mtime());
                    }
                    default -> null;
                };
                edits.put(r.name(), new FolderEditor.Edit(r.name(), entry));
            }
            for (String name : changedChildren.getOrDefault(folder, List.of())) {
                String child = Overlay.join(folder, name);
                if (!rows.containsKey(name))
                    edits.put(
                            name,
                            new FolderEditor.Edit(name, built.get(child).entry(name, mtimes.getOrDefault(child, 0L))));
            }
            Node result = editor.apply(start.get(folder), new ArrayList<>(edits.values()));
            nodes.store(result.hash());
            built.put(folder, new Built(result.hash(), result.files(), result.size()));
        }
        return built.get("").hash();
    }

    private static int depth(String folder) {
        if (folder.isEmpty()) return 0;
        int d = 1;
        for (int i = 0; i < folder.length(); i++) if (folder.charAt(i) == '/') d++;
        return d;
    }

    /**
     * The stored bytes of chunks this draft's files use that nothing else referenced before this
     * commit: no volume file, no tree entry and no other draft. Only the chunks of the draft's
     * own file rows are examined, so the cost follows what the draft changed.
     */
    static long newBytes(Handle h, long draft) {
        return h.createQuery("""
                        SELECT COALESCE(SUM(k.stored_size), 0) FROM chunks k
                        WHERE k.hash IN (
                            SELECT cc.chunk_hash FROM content_chunks cc
                            JOIN dataset_draft_changes o ON o.content_id = cc.content_id
                            WHERE o.version_id = :v AND o.kind = 'f')
                        AND NOT EXISTS (
                            SELECT 1 FROM content_chunks cc2 WHERE cc2.chunk_hash = k.hash AND (
                                EXISTS (SELECT 1 FROM entries e WHERE e.content_id = cc2.content_id)
                                OR EXISTS (SELECT 1 FROM dataset_tree_entries te WHERE te.content_id = cc2.content_id)
                                OR EXISTS (SELECT 1 FROM dataset_draft_changes o2 WHERE o2.content_id = cc2.content_id AND o2.version_id != :v)))""").bind("v", draft).mapTo(Long.class).one();
    }
}
