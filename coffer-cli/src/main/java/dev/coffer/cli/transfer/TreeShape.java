package dev.coffer.cli.transfer;

import dev.coffer.cli.client.ApiClient;
import dev.coffer.cli.client.Location;
import dev.coffer.cli.client.TreeListing;
import dev.coffer.cli.local.FileTimes;
import dev.coffer.cli.local.LocalDestination;
import dev.coffer.cli.local.LocalTree;
import dev.coffer.wire.FileWire;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What makes a copied tree the same tree besides its files' bytes: folders (empty ones too),
 * symbolic links (their targets as text, never followed) and permission bits, in both
 * directions. Things that cannot be stored (FIFOs, sockets, devices) are named in a warning and
 * counted, never dropped in silence.
 */
public final class TreeShape {
    private TreeShape() {}

    /** Small requests (folders, links, times) in flight at once. */
    private static final int PARALLEL_REQUESTS = 6;

    /** Folder times or links sent in one request (the server takes at most 10,000). */
    private static final int PER_REQUEST = 5000;

    /** What sending or receiving the shape did, for the summary. */
    public record Counts(int folders, int links, int unsupported, int refusedLinks) {}

    /**
     * Sends what files alone do not: folders the remote lacks that hold nothing (others come with
     * their files), links that are missing or differ, and folder times that differ (last, so
     * nothing sent afterwards could change them). Call after the files are sent.
     */
    public static Counts send(ApiClient api, String team, Location.Remote dst, LocalTree.Scan local, TreeListing remote)
            throws IOException {
        // Empty folders are one small request each; sent several at once, a tree of many of them
        // costs a fraction of a second instead of one round trip after another.
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_REQUESTS);
        try {
            List<Future<?>> sent = new ArrayList<>();
            int folders = 0;
            for (String folder : emptyFolders(local)) {
                if (remote.folders().containsKey(folder)) continue;
                sent.add(pool.submit(
                        () -> api.postJson(at(dst, folder).url(team, "mkdir") + "?parents=true", Map.of())));
                folders++;
            }
            for (Future<?> f : sent) Futures.await(f);
            // Links many to a request, each request one transaction.
            int links = 0;
            Map<String, FileWire.SymlinkRequest> batch = new LinkedHashMap<>();
            for (var e : local.links().entrySet()) {
                if (e.getValue().equals(remote.links().get(e.getKey()))) continue;
                batch.put(
                        e.getKey(),
                        new FileWire.SymlinkRequest(
                                e.getValue().target(), e.getValue().mtime()));
                links++;
                if (batch.size() == PER_REQUEST) {
                    sendLinks(api, team, dst, batch);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) sendLinks(api, team, dst, batch);
            // Folder times last, since nothing sent afterwards may change them; all of them in
            // one transaction per request (a source tree has thousands of folders).
            Map<String, Long> times = new LinkedHashMap<>();
            for (var e : local.folders().entrySet()) {
                if (e.getValue().equals(remote.folders().get(e.getKey()))) continue;
                times.put(e.getKey(), e.getValue());
                if (times.size() == PER_REQUEST) {
                    sendTimes(api, team, dst, times);
                    times.clear();
                }
            }
            if (!times.isEmpty()) sendTimes(api, team, dst, times);
            warnUnsupported(local.unsupported());
            return new Counts(folders, links, local.unsupported().size(), 0);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void sendLinks(
            ApiClient api, String team, Location.Remote dst, Map<String, FileWire.SymlinkRequest> links) {
        api.post(dst.url(team, "links"), new FileWire.LinksRequest(links), FileWire.LinksResult.class);
    }

    private static void sendTimes(ApiClient api, String team, Location.Remote dst, Map<String, Long> times) {
        api.post(dst.url(team, "times"), new FileWire.TimesRequest(times), FileWire.TimesResult.class);
    }

    /**
     * Gives the copied folder itself the time of the local one (as {@code cp -a} does), making it
     * first when the copy brought nothing into it. {@code remote}: its stat before, or null.
     */
    public static void sendRootTime(
            ApiClient api, String team, Location.Remote dst, long mtime, FileWire.FileEntry remote) {
        if (remote == null) api.postJson(dst.url(team, "mkdir") + "?parents=true", Map.of());
        if (remote == null || remote.mtime() != mtime)
            api.postJson(dst.url(team, "attributes"), new FileWire.AttributesRequest(mtime, null));
    }

    /** True when links, empty folders or folder times differ: a push of only those still makes a version. */
    public static boolean differs(LocalTree.Scan local, TreeListing remote) {
        for (var e : local.links().entrySet())
            if (!e.getValue().equals(remote.links().get(e.getKey()))) return true;
        for (var e : local.folders().entrySet())
            if (!e.getValue().equals(remote.folders().get(e.getKey()))) return true;
        return false;
    }

    /** Folders with nothing below them (the only ones a copy of the files would not bring). */
    static List<String> emptyFolders(LocalTree.Scan local) {
        Set<String> parents = new HashSet<>();
        for (String path : local.files().keySet()) addParents(path, parents);
        for (String path : local.links().keySet()) addParents(path, parents);
        for (String path : local.folders().keySet()) addParents(path, parents);
        for (String u : local.unsupported()) addParents(u.substring(0, u.lastIndexOf(" (")), parents);
        return local.folders().keySet().stream()
                .filter(f -> !parents.contains(f))
                .sorted()
                .toList();
    }

    private static void addParents(String path, Set<String> out) {
        for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
            if (!out.add(path.substring(0, slash))) return;
        }
    }

    private static Location.Remote at(Location.Remote dst, String relative) {
        Location.Remote r = dst;
        for (String part : relative.split("/")) r = r.child(part);
        return r;
    }

    public static void warnUnsupported(List<String> unsupported) {
        for (String u : unsupported) System.err.println("warning: skipped " + u + ": it cannot be stored");
    }

    /** Makes every folder of the listing under {@code root} (before files are written), empty ones included. */
    public static int makeFolders(LocalDestination dest, TreeListing listing) throws IOException {
        int made = 0;
        for (String folder : listing.folders().keySet().stream()
                .sorted(Comparator.comparingInt(String::length))
                .toList()) {
            Path p = dest.resolve(folder);
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(p);
                made++;
            }
        }
        return made;
    }

    /**
     * Makes the listing's links under {@code root} (after files are written, so none redirects a
     * write), gives files their permission bits and links and folders their times (folders last,
     * deepest first, since writing inside a folder moves its time). A link whose target is
     * absolute or would lead outside {@code root} is not made: it is named in a warning and counted.
     */
    public static Counts finish(Path root, LocalDestination dest, TreeListing listing) throws IOException {
        Path top = root.toAbsolutePath().normalize();
        int links = 0;
        int refused = 0;
        for (var e : new LinkedHashMap<>(listing.links()).entrySet()) {
            Path link = dest.resolve(e.getKey());
            String text = e.getValue().target();
            Path target = Path.of(text);
            if (target.isAbsolute()
                    || !link.toAbsolutePath()
                            .getParent()
                            .resolve(target)
                            .normalize()
                            .startsWith(top)) {
                System.err.println(
                        "warning: did not make link " + e.getKey() + " -> " + text + ": it points outside " + root);
                refused++;
                continue;
            }
            if (!Files.isSymbolicLink(link) || !Files.readSymbolicLink(link).equals(target)) {
                if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)
                        && !Files.isDirectory(link, LinkOption.NOFOLLOW_LINKS)) Files.delete(link);
                Files.createSymbolicLink(link, target);
                links++;
            }
            setTime(link, e.getValue().mtime());
        }
        for (var e : listing.files().entrySet()) {
            if (e.getValue().mode() == 0) continue;
            Path file = dest.resolve(e.getKey());
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
                Files.setPosixFilePermissions(file, permissions(e.getValue().mode()));
        }
        for (String folder : listing.folders().keySet().stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList()) {
            long mtime = listing.folders().get(folder);
            if (mtime != 0) setTime(dest.resolve(folder), mtime);
        }
        return new Counts(0, links, 0, refused);
    }

    /** Sets the time of {@code path} itself (a link's own time, not its target's). */
    public static void setTime(Path path, long mtime) throws IOException {
        FileTimes.setModified(path, mtime);
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
        };
        for (int bit = 0; bit < order.length; bit++) if ((mode & (1 << bit)) != 0) out.add(order[bit]);
        return out;
    }

    /** Paths of files and links under a listing: what a push compares and deletes. */
    public static List<String> entries(TreeListing listing) {
        List<String> out = new ArrayList<>(listing.files().keySet());
        out.addAll(listing.links().keySet());
        return out;
    }
}
