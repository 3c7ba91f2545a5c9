package dev.coffer.cli.mount;

import dev.coffer.cli.client.ApiClient;
import dev.coffer.cli.client.CliException;
import dev.coffer.cli.transfer.TransferStats;
import dev.coffer.cli.transfer.Uploader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import org.cryptomator.jfuse.api.Fuse;
import org.cryptomator.jfuse.api.FuseBuilder;
import org.cryptomator.jfuse.api.FuseMountFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running mount: the FUSE session, its caches and its threads. {@link #start} returns once the
 * kernel answers at the mount point; {@link #awaitUnmount} waits until it is unmounted (by
 * {@code coffer unmount}, {@code fusermount3 -u} or {@link #close}), and {@link #close} sends what
 * open files still hold, then unmounts.
 */
public final class Mount implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("dev.coffer.mount");
    /** Debian's libfuse 3 (package libfuse3-3): the unversioned name exists only with the -dev package. */
    static final String LIBFUSE = "/usr/lib/x86_64-linux-gnu/libfuse3.so.3";

    /** What the mount shows and how it caches. */
    public record Options(
            Path mountPoint,
            Path cacheDir,
            long cacheBytes,
            Duration metadataTtl,
            boolean allDatasets,
            boolean allowOther,
            int parallel,
            boolean writeBack) {}

    /** With --write-back, listings bring the bytes of files up to this size (the server's most). */
    static final long LIST_INLINE = 64 * 1024;

    /** The notebook whose files are shown. */
    public record Notebook(String team, String name, String cluster) {}

    private final Path mountPoint;
    private final Fuse fuse;
    private final ExecutorService fetchers;
    private final Uploader uploader;
    private final Handles handles;
    private volatile boolean closed;

    private Mount(Path mountPoint, Fuse fuse, ExecutorService fetchers, Uploader uploader, Handles handles) {
        this.mountPoint = mountPoint;
        this.fuse = fuse;
        this.fetchers = fetchers;
        this.uploader = uploader;
        this.handles = handles;
    }

    public static Mount start(ApiClient api, Notebook notebook, Options o) throws IOException {
        Path mnt = o.mountPoint().toAbsolutePath().normalize();
        if (!Files.isDirectory(mnt))
            throw new CliException("mount point " + mnt + " is not a folder; create it first", 2);
        if (isMounted(mnt)) throw new CliException(mnt + " is mounted already; 'coffer unmount " + mnt + "' first", 2);
        if (!Files.exists(Path.of(LIBFUSE))) {
            throw new CliException("FUSE 3 is not installed (" + LIBFUSE + " is missing): apt-get install -y fuse3", 2);
        }
        Path spool = Files.createDirectories(o.cacheDir().resolve("spool"));
        // Chunks kept in memory: a quarter of the heap at most, the rest is for reads in flight.
        long hot = Math.min(Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 4), o.cacheBytes());
        ChunkCache cache = new ChunkCache(o.cacheDir().resolve("chunks"), o.cacheBytes(), hot);
        ExecutorService fetchers = Executors.newFixedThreadPool(Math.max(2, o.parallel()), r -> {
            Thread t = new Thread(r, "coffer-mount-fetch");
            t.setDaemon(true);
            return t;
        });
        Uploader uploader = new Uploader(api, notebook.team(), Math.max(2, o.parallel()), new TransferStats());
        MountLayout layout = new MountLayout(
                api, notebook.team(), notebook.name(), notebook.cluster(), uploader, o.allDatasets(), o.metadataTtl());
        MetaCache meta = new MetaCache(o.metadataTtl(), o.writeBack() ? LIST_INLINE : 0);
        WriteBack writeBack = o.writeBack()
                ? new WriteBack(
                        meta,
                        layout,
                        new PlanRoom(api, notebook.team()),
                        o.cacheDir().resolve("unsent"))
                : null;
        Handles handles = new Handles(cache, fetchers, spool, meta, layout, writeBack);
        FuseBuilder builder = Fuse.builder();
        builder.setLibraryPath(LIBFUSE);
        Errors errors = new Errors(builder.errno());
        CofferFs fs = new CofferFs(layout, meta, handles, errors, api, notebook.team(), uid(), gid());
        Fuse fuse = builder.build(fs);
        try {
            fuse.mount("coffer", mnt, flags(o).toArray(String[]::new));
        } catch (FuseMountFailedException | IllegalArgumentException e) {
            fetchers.shutdownNow();
            uploader.close();
            throw new CliException(
                    "could not mount at " + mnt + ": " + e.getMessage()
                            + " (is /dev/fuse there, and are you root? a stale mount is cleared with 'fusermount3 -u "
                            + mnt + "')",
                    1);
        }
        LOG.info(
                "Coffer is mounted at {}: notebooks/ (notebook {}), storage/ (cluster {}), datasets/",
                mnt,
                notebook.name(),
                notebook.cluster());
        return new Mount(mnt, fuse, fetchers, uploader, handles);
    }

    private static List<String> flags(Options o) {
        List<String> opts = new ArrayList<>(List.of("fsname=coffer", "subtype=coffer", "default_permissions"));
        if (o.writeBack()) {
            // The kernel keeps attributes and names (missing ones too) for the metadata lifetime,
            // as the mount does: resolving a path then no longer asks the mount about each
            // folder on the way at every open and stat (eight questions to read a small file).
            String ttl = seconds(o.metadataTtl());
            opts.addAll(List.of("attr_timeout=" + ttl, "negative_timeout=" + ttl, "entry_timeout=" + ttl));
        } else {
            // The mount answers attribute questions itself, from its own short-lived cache, so
            // that a file closed elsewhere is seen whole at the next open (close-to-open).
            opts.addAll(List.of("attr_timeout=0", "negative_timeout=0", "entry_timeout=1"));
        }
        // Not auto_cache (pages kept while size and mtime stay the same, which misses a change
        // of bytes alone): each open says itself whether the pages are still good (Handles.open).
        Inodes.supported();
        if (o.allowOther()) opts.add("allow_other");
        return List.of("-o", String.join(",", opts));
    }

    private static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString();
    }

    /** Blocks until the mount point is no longer mounted. */
    public void awaitUnmount() throws InterruptedException {
        while (!closed && isMounted(mountPoint)) Thread.sleep(250);
    }

    /** True when {@code mnt} is a mount point now (read from the kernel's mount table). */
    public static boolean isMounted(Path mnt) {
        try {
            String target = mnt.toAbsolutePath().normalize().toString().replace(" ", "\\040");
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                String[] f = line.split(" ");
                if (f.length > 1 && f[1].equals(target)) return true;
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        handles.uploadAll();
        try {
            fuse.close();
        } catch (TimeoutException e) {
            LOG.warn("the kernel did not confirm the unmount in time: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("unmounting failed: {}", e.toString());
        }
        fetchers.shutdownNow();
        uploader.close();
        LOG.info("unmounted {}", mountPoint);
    }

    private static int uid() {
        return idOf("unix:uid");
    }

    private static int gid() {
        return idOf("unix:gid");
    }

    /** The user and group files appear to belong to: whoever runs the mount (the owner of this process). */
    private static int idOf(String attribute) {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), attribute);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
