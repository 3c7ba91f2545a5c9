package dev.coffer.cli.mount;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.coffer.cli.client.RelPath;
import dev.coffer.wire.FileWire;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
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
    /**
     * Folders every child of which is in {@link #entries} right now (just listed, or made by this
     * mount, which puts each child it makes): a name missing there does not exist, and asking
     * the server costs a round trip per new name (what {@code cp -r} into the mount does for
     * every file). A flag is written before the children's entries, so it never outlives them.
     */
    private final Cache<String, Boolean> complete;

    /** Folders larger than this are not marked complete: the entry cache could evict their children. */
    private static final int MOST_CHILDREN_KEPT = 100_000;

    /**
     * Folders listed in the last {@link #WALK_WINDOW}, with their sizes and the names that missed
     * in them since. Once the misses of a folder have cost about what listing it again costs (a
     * name's request against 1/{@link #NAMES_PER_REQUEST} of a listing's), a miss lists the folder
     * again instead of asking for the one name: a program walking a folder ({@code cat *},
     * {@code ls -l}, a data loader) then costs a few listings instead of a request per name, and
     * one that opens a few names in a big folder never pays for a listing it does not need.
     */
    private final Cache<String, Walk> walked;

    /**
     * Manifests (bytes included) of small files, from listings that carried them (with
     * {@code --write-back}, see {@link RemoteTree#list}): an open uses one instead of asking for
     * it, so reading a folder of small files costs its listing. A manifest is kept past the
     * lifetime (its bytes are named by their digest, so they never go stale) but used only while
     * an entry within the lifetime says the file is still exactly that: a program that reaches a
     * file later than the lifetime after its folder was listed ({@code find | xargs cat} of a big
     * tree) then costs a listing of names again, not a request per file.
     */
    private final Cache<String, FileWire.FileManifest> manifests;

    /** How long a listing's manifests are kept for such a check (bounded by their bytes too). */
    private static final Duration MANIFESTS_KEPT = Duration.ofMinutes(5);

    private static final Duration WALK_WINDOW = Duration.ofSeconds(30);
    private static final int NAMES_PER_REQUEST = 64;

    private record Walk(int size, AtomicInteger misses) {
        boolean worthListingAgain() {
            return misses.incrementAndGet() > size / NAMES_PER_REQUEST;
        }
    }

    /** Files of at most this many bytes come with listings (0: never, the default: every open asks). */
    private final long listInline;

    MetaCache(Duration ttl, long listInline) {
        this.listInline = listInline;
        this.entries = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(1_000_000)
                .build();
        this.folders =
                Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(1_000).build();
        this.complete =
                Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(10_000).build();
        this.manifests = Caffeine.newBuilder()
                .expireAfterWrite(MANIFESTS_KEPT)
                .maximumWeight(64L << 20)
                .<String, FileWire.FileManifest>weigher((k, m) -> 200 + (m.content() == null ? 0 : m.content().length))
                .build();
        this.walked = Caffeine.newBuilder()
                .expireAfterWrite(WALK_WINDOW)
                .maximumSize(10_000)
                .build();
    }

    private static String parentKey(RemoteTree tree, String rel) {
        return key(tree, RelPath.parent(rel));
    }

    static String key(RemoteTree tree, String rel) {
        return tree.label() + "\0" + rel;
    }

    /** What is at {@code rel} (empty: nothing), from the cache or from {@code load}. */
    Optional<FileWire.FileEntry> entry(RemoteTree tree, String rel, Supplier<FileWire.FileEntry> load) {
        String k = key(tree, rel);
        Optional<FileWire.FileEntry> known = entries.getIfPresent(k);
        if (known != null) return known;
        if (!rel.isEmpty()) {
            String parent = parentKey(tree, rel);
            if (complete.getIfPresent(parent) != null) return Optional.empty();
            Walk walk = walked.getIfPresent(parent);
            if (walk != null && walk.worthListingAgain()) {
                String dir = RelPath.parent(rel);
                folder(tree, dir);
                known = entries.getIfPresent(k);
                if (known != null) return known;
                if (complete.getIfPresent(parent) != null) return Optional.empty();
            }
        }
        return entries.get(k, x -> Optional.ofNullable(load.get()));
    }

    void put(RemoteTree tree, String rel, FileWire.FileEntry entry) {
        entries.put(key(tree, rel), Optional.ofNullable(entry));
    }

    /** A folder's entries; each is also remembered by its own path, so the stats after a listing cost nothing. */
    List<FileWire.FileEntry> folder(RemoteTree tree, String rel, Supplier<RemoteTree.Listing> load) {
        return folders.get(key(tree, rel), k -> {
            RemoteTree.Listing listing = load.get();
            List<FileWire.FileEntry> list = listing.entries();
            if (list.size() <= MOST_CHILDREN_KEPT) complete.put(k, Boolean.TRUE);
            walked.put(k, new Walk(list.size(), new AtomicInteger()));
            String prefix = rel.isEmpty() ? "" : rel + "/";
            for (FileWire.FileEntry e : list) entries.put(key(tree, prefix + e.name()), Optional.of(e));
            for (FileWire.FileManifest m : listing.manifests()) manifests.put(key(tree, prefix + m.name()), m);
            return list;
        });
    }

    /**
     * Lists folder {@code rel} of {@code tree} through this cache, with manifests when
     * {@link #listInline} says so and the folder was not listed with them within
     * {@link #WALK_WINDOW}: listed again once the lifetime lapsed, a folder sends its names only,
     * and the manifests already kept are checked against them ({@link #listedManifest}).
     */
    List<FileWire.FileEntry> folder(RemoteTree tree, String rel) {
        boolean listedLately = walked.getIfPresent(key(tree, rel)) != null;
        return folder(tree, rel, () -> tree.list(rel, listedLately ? 0 : listInline));
    }

    /** Keeps the manifest an open fetched, when it carries the file's bytes (see {@link #manifests}). */
    void keepManifest(RemoteTree tree, String rel, FileWire.FileManifest m) {
        if (listInline > 0 && m.content() != null && m.content().length <= listInline) manifests.put(key(tree, rel), m);
    }

    /**
     * The manifest of the file at {@code rel} from a listing (or an earlier open), or null: only while the entry the
     * mount holds for it (within the lifetime) names the same content, time and mode.
     */
    FileWire.FileManifest listedManifest(RemoteTree tree, String rel) {
        String k = key(tree, rel);
        FileWire.FileManifest m = manifests.getIfPresent(k);
        if (m == null) return null;
        Optional<FileWire.FileEntry> now = entries.getIfPresent(k);
        if (now == null || now.isEmpty()) return null;
        FileWire.FileEntry e = now.get();
        boolean same = e.type() == m.type()
                && e.size() == m.size()
                && e.mtime() == m.mtime()
                && m.digest() != null
                && m.digest().equals(e.digest())
                && Objects.equals(e.mode(), m.mode());
        return same ? m : null;
    }

    /** Forgets {@code rel} and its folder's listing: after the mount's own change of a file there. */
    void changed(RemoteTree tree, String rel) {
        String k = key(tree, rel);
        entries.invalidate(k);
        manifests.invalidate(k);
        folders.invalidate(k);
        complete.invalidate(k);
        String parent = parentKey(tree, rel);
        folders.invalidate(parent);
        complete.invalidate(parent);
    }

    /**
     * The mount's own new or changed entry at {@code rel}, as the server committed it: stats of
     * it cost nothing, the folder's listing is asked again, and a complete folder stays complete.
     */
    void committed(RemoteTree tree, String rel, FileWire.FileEntry entry) {
        entries.put(key(tree, rel), Optional.of(entry));
        manifests.invalidate(key(tree, rel));
        folders.invalidate(parentKey(tree, rel));
    }

    /**
     * A folder this mount just made: empty, so complete (see {@link #complete}). It also counts as
     * just listed (empty): when the completeness lapses with the lifetime while the mount is still
     * filling the folder ({@code cp -r} of a big one), the next new name lists the folder again
     * (complete again) instead of every new name costing its own request from then on.
     */
    void madeFolder(RemoteTree tree, String rel, FileWire.FileEntry entry) {
        String k = key(tree, rel);
        folders.invalidate(k);
        complete.put(k, Boolean.TRUE);
        walked.put(k, new Walk(0, new AtomicInteger()));
        committed(tree, rel, entry);
    }

    /**
     * A file this mount is creating: open, not on the server yet (its stats come from the open
     * file until it is sent, then from {@link #committed}).
     */
    void creating(RemoteTree tree, String rel) {
        entries.invalidate(key(tree, rel));
        manifests.invalidate(key(tree, rel));
        folders.invalidate(parentKey(tree, rel));
    }

    /** The same for a folder, and everything below it (a scan: folder changes are rare). */
    void changedFolder(RemoteTree tree, String rel) {
        changed(tree, rel);
        String below = key(tree, rel) + "/";
        entries.asMap().keySet().removeIf(x -> x.startsWith(below));
        manifests.asMap().keySet().removeIf(x -> x.startsWith(below));
        folders.asMap().keySet().removeIf(x -> x.startsWith(below));
        complete.asMap().keySet().removeIf(x -> x.startsWith(below));
        walked.invalidate(key(tree, rel));
        walked.asMap().keySet().removeIf(x -> x.startsWith(below));
    }

    /** Forgets everything of {@code tree} (its settings changed, or it was remounted). */
    void forgetTree(RemoteTree tree) {
        String prefix = tree.label() + "\0";
        entries.asMap().keySet().removeIf(x -> x.startsWith(prefix));
        manifests.asMap().keySet().removeIf(x -> x.startsWith(prefix));
        folders.asMap().keySet().removeIf(x -> x.startsWith(prefix));
        complete.asMap().keySet().removeIf(x -> x.startsWith(prefix));
        walked.asMap().keySet().removeIf(x -> x.startsWith(prefix));
    }
}
