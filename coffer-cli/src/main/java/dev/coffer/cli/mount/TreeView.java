package dev.coffer.cli.mount;

import dev.coffer.cli.client.RelPath;
import dev.coffer.wire.FileWire;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.cryptomator.jfuse.api.DirFiller;
import org.cryptomator.jfuse.api.Stat;

/**
 * What a tree holds as this mount sees it: the server's entries (through the metadata cache),
 * with what exists here only so far on top (files open with changes, files and folders closed or
 * made here that the write-back has not sent yet).
 */
final class TreeView {
    private final MetaCache meta;
    private final Handles handles;
    private final EntryStats stats;

    TreeView(MetaCache meta, Handles handles, EntryStats stats) {
        this.meta = meta;
        this.handles = handles;
        this.stats = stats;
    }

    /** What is at {@code p} (empty: nothing); a file waiting to be sent is answered by its caller first. */
    Optional<FileWire.FileEntry> entry(MountLayout.Place p) {
        Long pending = handles.pendingFolderTime(p.tree(), p.rel());
        if (pending != null)
            return Optional.of(new FileWire.FileEntry(
                    RelPath.name(p.rel()), FileWire.EntryType.FOLDER, 0, pending, null, null, null));
        // In a folder not yet on the server, only what waits exists (and is answered before this).
        if (handles.pendingFolder(p.tree(), RelPath.parent(p.rel()))) return Optional.empty();
        return meta.entry(p.tree(), p.rel(), () -> p.tree().stat(p.rel()));
    }

    /**
     * Fills {@code .} and {@code ..}, with numbers of their own: an entry numbered 0 is skipped
     * by readdir(3), so {@code ls -a} showed neither.
     */
    void dots(MountLayout.Place p, DirFiller filler) throws IOException {
        long self = p.isVirtual()
                ? Inodes.of("", p.virtual().name())
                : Inodes.of(p.tree().label(), p.rel());
        long up = p.isVirtual() || p.rel().isEmpty() ? 1 : Inodes.of(p.tree().label(), RelPath.parent(p.rel()));
        filler.fill(".", s -> stats.dot(s, self));
        filler.fill("..", s -> stats.dot(s, up));
    }

    /** Fills the listing of folder {@code p} of a tree. */
    void list(MountLayout.Place p, DirFiller filler) throws IOException {
        // A folder made here and not yet on the server has only what waits in it.
        List<FileWire.FileEntry> entries =
                handles.pendingFolder(p.tree(), p.rel()) ? List.of() : meta.folder(p.tree(), p.rel());
        String prefix = p.rel().isEmpty() ? "" : p.rel() + "/";
        Set<String> names = new LinkedHashSet<>();
        for (FileWire.FileEntry e : entries) {
            names.add(e.name());
            MountLayout.Place child = new MountLayout.Place(p.tree(), prefix + e.name(), null);
            filler.fill(e.name(), s -> stats.entry(s, child, e));
        }
        // Files created here and not yet closed: not on the server yet, but they exist.
        for (String name : handles.newFilesIn(p.tree(), p.rel())) {
            if (names.add(name)) filler.fill(name, s -> s.setMode(Stat.S_IFREG | 0644));
        }
        // Files closed and folders made here, waiting for the write-back: the same.
        for (String name : handles.waitingIn(p.tree(), p.rel())) {
            boolean folder = handles.pendingFolder(p.tree(), prefix + name);
            if (names.add(name)) filler.fill(name, s -> s.setMode(folder ? Stat.S_IFDIR | 0755 : Stat.S_IFREG | 0644));
        }
    }
}
