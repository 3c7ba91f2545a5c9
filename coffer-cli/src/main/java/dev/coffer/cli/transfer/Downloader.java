package dev.coffer.cli.transfer;

import dev.coffer.chunk.ChunkId;
import dev.coffer.chunk.Chunker;
import dev.coffer.cli.client.ApiClient;
import dev.coffer.cli.client.CliException;
import dev.coffer.cli.client.Location;
import dev.coffer.cli.local.FileTimes;
import dev.coffer.content.ChunkRef;
import dev.coffer.content.Manifest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Downloads one file as a single stream into a temporary file beside the destination, cutting
 * and hashing it on the way exactly as an upload would; the resulting digest must equal the
 * server's, or the download is refused and the destination left as it was.
 */
public final class Downloader {
    private final ApiClient api;
    private final String team;
    private final TransferStats stats;
    private final Set<Path> madeFolders = ConcurrentHashMap.newKeySet();

    public Downloader(ApiClient api, String team, TransferStats stats) {
        this.api = api;
        this.team = team;
        this.stats = stats;
    }

    public void download(Location.Remote src, String expectedDigest, long mtime, Path dest, Progress progress)
            throws IOException {
        try (InputStream body = api.getStream(src.url(team, "files"))) {
            receive(body, src.toString(), expectedDigest, mtime, dest, progress);
        }
    }

    /**
     * Writes one file's bytes from {@code body} (read to its end, not closed) to {@code dest},
     * verified: they go to a temporary file first and replace {@code dest} only if their digest
     * is {@code expectedDigest}. A {@code dest} built from a remote name must come from
     * {@link dev.coffer.cli.local.LocalDestination#resolve}, which keeps it inside the destination.
     */
    public void receive(InputStream body, String label, String expectedDigest, long mtime, Path dest, Progress progress)
            throws IOException {
        Path parent = dest.toAbsolutePath().getParent();
        // Known folders are not made again: for 100,000 files that is 100,000 failed mkdir calls.
        if (!madeFolders.contains(parent)) {
            Files.createDirectories(parent);
            madeFolders.add(parent);
        }
        // A new file is written at its final name (one create, no rename) and removed if its bytes
        // are wrong; an existing one is replaced only once the new bytes are verified, through a
        // temporary file. Neither follows a symbolic link someone left at the name: the bytes go
        // where they should, or nowhere.
        Path tmp = parent.resolve("." + dest.getFileName() + ".coffer-part");
        OutputStream out = createNew(dest);
        Path written = out != null ? dest : tmp;
        if (out == null)
            out = Files.newOutputStream(
                    tmp,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
        List<ChunkRef> refs = new ArrayList<>();
        try (OutputStream to = out) {
            Chunker chunker = new Chunker(new CountingInput(body, progress, stats));
            for (byte[] c = chunker.next(); c != null; c = chunker.next()) {
                refs.add(new ChunkRef(ChunkId.of(c), c.length));
                to.write(c);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(written);
            throw e;
        }
        Manifest received = new Manifest(refs);
        String digest = received.digest();
        if (!digest.equals(expectedDigest)) {
            Files.deleteIfExists(written);
            throw new CliException("verification failed for " + label + ": received content has digest " + digest
                    + ", expected " + expectedDigest);
        }
        FileTimes.setModified(written, mtime);
        if (written != dest) Files.move(tmp, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        stats.files.incrementAndGet();
        stats.bytes.addAndGet(received.size());
    }

    /** A stream writing the new file {@code dest}, or null when something is at that name already. */
    private static OutputStream createNew(Path dest) throws IOException {
        try {
            return Files.newOutputStream(
                    dest, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (FileAlreadyExistsException e) {
            return null;
        }
    }

    /** Counts bytes as they arrive, for the progress bar and the summary. */
    private static final class CountingInput extends FilterInputStream {
        private final Progress progress;
        private final TransferStats stats;

        CountingInput(InputStream in, Progress progress, TransferStats stats) {
            super(in);
            this.progress = progress;
            this.stats = stats;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                progress.add(n);
                stats.bytesReceived.addAndGet(n);
            }
            return n;
        }
    }
}
