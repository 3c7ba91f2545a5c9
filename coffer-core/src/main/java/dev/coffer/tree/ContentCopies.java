package dev.coffer.tree;

import dev.coffer.error.CofferException;
import java.util.ArrayList;
import java.util.List;

/**
 * A copy from a tree whose files are not content of Coffer's store (a bucket): each file is read
 * through {@link FileTree#manifest} (chunked and deduplicated on the way in) and committed to the
 * target in batches of {@value #BATCH}, folders made as they come. Unlike a copy between Coffer's
 * trees it is not one step: a failure of the source midway leaves the batches committed so far,
 * each whole.
 */
public final class ContentCopies {
    static final int BATCH = 500;

    private ContentCopies() {}

    public static FileEntry copy(FileTree source, VolumePath from, FileTree target, VolumePath to) throws Exception {
        if (to.isRoot()) throw new CofferException.Invalid("copy to a named path, not onto the root folder");
        if (exists(target, to)) throw new CofferException.Conflict(to + " already exists in " + target.label());
        FileEntry top = source.stat(from);
        if (!top.directory()) return commit(source, from, target, to, top);
        target.checkCanCreate(to);
        target.mkdir(to, true);
        List<FileCommit> batch = new ArrayList<>();
        source.walk(from, (e, rel) -> {
            VolumePath src = from;
            VolumePath dst = to;
            for (String name : rel) {
                src = src.child(name);
                dst = dst.child(name);
            }
            switch (e.kind()) {
                case FOLDER -> target.mkdir(dst, true);
                case SYMLINK -> target.symlink(dst, e.target(), e.mtime());
                case FILE -> {
                    batch.add(new FileCommit(dst, source.manifest(src), e.mtime(), e.mode()));
                    if (batch.size() >= BATCH) flush(target, batch);
                }
            }
        });
        flush(target, batch);
        return target.stat(to);
    }

    private static boolean exists(FileTree tree, VolumePath path) {
        try {
            tree.stat(path);
            return true;
        } catch (CofferException.NotFound e) {
            return false;
        }
    }

    private static FileEntry commit(FileTree source, VolumePath from, FileTree target, VolumePath to, FileEntry e) {
        if (e.symlink()) return target.symlink(to, e.target(), e.mtime());
        return target.put(to, source.manifest(from), e.mtime(), e.mode());
    }

    private static void flush(FileTree target, List<FileCommit> batch) {
        if (batch.isEmpty()) return;
        target.putAll(List.copyOf(batch));
        batch.clear();
    }
}
