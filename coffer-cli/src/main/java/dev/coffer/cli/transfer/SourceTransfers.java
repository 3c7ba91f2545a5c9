package dev.coffer.cli.transfer;

import dev.coffer.cli.client.ApiClient;
import dev.coffer.cli.client.CliException;
import dev.coffer.cli.client.Location;
import dev.coffer.wire.FileWire;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Copies to and from a team's data source (its own bucket). The bucket holds plain objects, not
 * Coffer's chunks, so a file goes as one streamed PUT and comes back as one streamed GET (the
 * server streams both to and from the bucket; nothing is held whole in memory). A downloaded
 * file is written to a temporary name beside its target and renamed when complete, so a broken
 * transfer never leaves a half file under the real name.
 */
public final class SourceTransfers {
    private final ApiClient api;
    private final String team;
    private final TransferStats stats;

    public SourceTransfers(ApiClient api, String team, TransferStats stats) {
        this.api = api;
        this.team = team;
        this.stats = stats;
    }

    /** A local file, or a folder (every regular file below it; empty folders too) to {@code dst}. */
    public void upload(Path src, Location.Remote dst, boolean show) throws IOException {
        if (!Files.isDirectory(src)) {
            put(src, dst, show);
            return;
        }
        List<Path> all;
        try (Stream<Path> walk = Files.walk(src)) {
            all = walk.sorted().toList();
        }
        for (Path p : all) {
            String rel = src.relativize(p).toString().replace('\\', '/');
            if (rel.isEmpty()) continue;
            Location.Remote to = dst.child(rel);
            if (Files.isSymbolicLink(p)) {
                System.err.println("coffer: skipped " + p + ": a data source keeps no symbolic links");
            } else if (Files.isDirectory(p)) {
                try (Stream<Path> inside = Files.list(p)) {
                    if (inside.findAny().isEmpty()) api.postJson(to.url(team, "mkdir"), java.util.Map.of());
                }
            } else if (Files.isRegularFile(p)) {
                put(p, to, show);
            }
        }
    }

    private void put(Path file, Location.Remote to, boolean show) throws IOException {
        long size = Files.size(file);
        try (Progress p = Progress.start(file.getFileName().toString(), size, show)) {
            api.putFile(to.url(team, "files"), file);
            p.add(size);
        }
        stats.files.incrementAndGet();
        stats.bytes.addAndGet(size);
        stats.bytesSent.addAndGet(size);
    }

    /** A remote file to {@code dst} (a folder: into it), or a folder and everything below it. */
    public void download(Location.Remote src, FileWire.FileEntry st, Path dst, boolean show) throws IOException {
        if (st.type() != FileWire.EntryType.FOLDER) {
            Path target = Files.isDirectory(dst) ? dst.resolve(src.name()) : dst;
            get(src, st.size(), target, show);
            return;
        }
        Files.createDirectories(dst);
        String after = null;
        do {
            String url = src.url(team, "list") + "?limit=1000"
                    + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
            FileWire.FileListing page = api.get(url, FileWire.FileListing.class);
            List<FileWire.FileEntry> entries = new ArrayList<>(page.entries());
            for (FileWire.FileEntry e : entries) {
                Path local = safeChild(dst, e.name());
                download(src.child(e.name()), e, local, show);
            }
            after = page.next();
        } while (after != null);
    }

    /** A name from the bucket's listing as one local path component: never a way out of {@code dir}. */
    private static Path safeChild(Path dir, String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\0")) {
            throw new CliException("the data source listed a name that is not a safe file name: '" + name + "'", 5);
        }
        return dir.resolve(name);
    }

    private void get(Location.Remote src, long size, Path target, boolean show) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = parent.resolve("." + target.getFileName() + ".coffer-part");
        // Made as any new file is (0666 less the umask), not with a temporary file's 0600; and
        // never through a link someone left at the temporary name.
        try (Progress p = Progress.start(src.name(), size, show);
                InputStream in = api.getStream(src.url(team, "files"));
                OutputStream out = Files.newOutputStream(
                        temp,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS)) {
            byte[] buf = new byte[1 << 16];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                out.write(buf, 0, n);
                p.add(n);
                stats.bytesReceived.addAndGet(n);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        stats.files.incrementAndGet();
        stats.bytes.addAndGet(size);
    }
}
