package dev.coffer.cli.mount;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.coffer.wire.FileWire;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the mount knows of names and folders, for a short lifetime ({@code ttl}): enough that
 * {@code ls -l}, {@code git status} or a build asking for the same attributes many times a second
 * do not each cost a request, short enough that a change made elsewhere shows up soon. The mount's
 * own changes drop what they touch at once. Keys are {@code TREE + "\0" + PATH}.
 */
final class MetaCache {
    private final Cache<String, Optional<FileWire.FileEntry>> entries;
    private final Cache<String, List<FileWire.FileEntry>> folders;

    MetaCache(Duration ttl) {
        this.entries = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(1_000_000)
                .build();
        this.folders =
                Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(1_000).build();
    }

    static String key(RemoteTree tree, String rel) {
        return tree.label() + "\0" + rel;
    }

    /** What is at {@code rel} (empty: nothing), from the cache or from {@code load}. */
    Optional<FileWire.FileEntry> entry(RemoteTree tree, String rel, Supplier<FileWire.FileEntry> load) {
        return entries.get(key(tree, rel), k -> Optional.ofNullable(load.get()));
    }

    void put(RemoteTree tree, String rel, FileWire.FileEntry entry) {
        entries.put(key(tree, rel), Optional.ofNullable(entry));
    }

    /** A folder's entries; each is also remembered by its own path, so the stats after a listing cost nothing. */
    List<FileWire.FileEntry> folder(RemoteTree tree, String rel, Supplier<List<FileWire.FileEntry>> load) {
        return folders.get(key(tree, rel), k -> {
            List<FileWire.FileEntry> list = load.get();
            String prefix = rel.isEmpty() ? "" : rel + "/";
            for (FileWire.FileEntry e : list) entries.put(key(tree, prefix + e.name()), Optional.of(e));
            return list;
        });
    }

    /** Forgets {@code rel} and its folder's listing: after the mount's own change of a file there. */
    void changed(RemoteTree tree, String rel) {
        String k = key(tree, rel);
        entries.invalidate(k);
        folders.invalidate(k);
        int slash = rel.lastIndexOf('/');
        folders.invalidate(key(tree, slash < 0 ? "" : rel.substring(0, slash)));
    }

    /** The same for a folder, and everything below it (a scan: folder changes are rare). */
    void changedFolder(RemoteTree tree, String rel) {
        changed(tree, rel);
        String below = key(tree, rel) + "/";
        entries.asMap().keySet().removeIf(x -> x.startsWith(below));
        folders.asMap().keySet().removeIf(x -> x.startsWith(below));
    }

    /** Forgets everything of {@code tree} (its settings changed, or it was remounted). */
    void forgetTree(RemoteTree tree) {
        String prefix = tree.label() + "\0";
        entries.asMap().keySet().removeIf(x -> x.startsWith(prefix));
        folders.asMap().keySet().removeIf(x -> x.startsWith(prefix));
    }
}
