package dev.coffer.cli.transfer;

import dev.coffer.chunk.ChunkId;
import dev.coffer.chunk.Chunker;
import dev.coffer.cli.client.ApiClient;
import dev.coffer.cli.client.CliException;
import dev.coffer.cli.client.Location;
import dev.coffer.content.ChunkRef;
import dev.coffer.content.Manifest;
import dev.coffer.wire.ChunkWire;
import dev.coffer.wire.FileWire;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The client side of the upload protocol: cut the file into chunks and hash them here, ask the
 * server which it lacks, send only those (several at once), then commit the manifest. Running the
 * same upload again after an interruption sends only what the server did not get: that is the
 * resume. The server checks every chunk against its name; the digest it returns for the committed
 * file must equal the one computed here, which verifies the whole file.
 */
public final class Uploader implements AutoCloseable {
    /** Chunks hashed and queried together: one "missing" round trip per group. */
    private static final int GROUP = 16;
    /** At most this many bytes of chunks wait in memory for their upload. */
    private static final long MAX_PENDING_BYTES = 48L * 1024 * 1024;

    private final ApiClient api;
    private final String team;
    private final ExecutorService pool;
    /** Hashing has its own threads: queued behind uploads it would stall the reader. */
    private final ExecutorService hashers;

    private final TransferStats stats;

    public Uploader(ApiClient api, String team, int parallel, TransferStats stats) {
        this.api = api;
        this.team = team;
        this.pool = Executors.newFixedThreadPool(Math.max(1, parallel), r -> {
            Thread t = new Thread(r, "coffer-upload");
            t.setDaemon(true);
            return t;
        });
        this.hashers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "coffer-hash");
            t.setDaemon(true);
            return t;
        });
        this.stats = stats;
    }

    private record Pending(Future<?> upload, long bytes) {}

    /** Uploads {@code file} to {@code dest}; returns the committed file's digest. */
    public String upload(Path file, Location.Remote dest, Progress progress) throws IOException {
        return upload(file, dest, progress, 0);
    }

    /** The same, keeping permission bits {@code mode} (0: none given). */
    public String upload(Path file, Location.Remote dest, Progress progress, int mode) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return uploadOnce(file, dest, progress, mode);
            } catch (ApiClient.ProblemException e) {
                // The collector removed a chunk between our question and our commit: go round again.
                if (e.status() != 409 || e.missingChunks().isEmpty() || attempt >= 3) throw e;
            }
        }
    }

    private String uploadOnce(Path file, Location.Remote dest, Progress progress, int mode) throws IOException {
        long mtime = Files.getLastModifiedTime(file).toMillis();
        String chunks = dest.chunksBase(team);
        List<ChunkRef> refs = new ArrayList<>();
        Deque<Pending> pending = new ArrayDeque<>();
        long pendingBytes = 0;
        try (InputStream in = Files.newInputStream(file)) {
            Chunker chunker = new Chunker(in);
            boolean end = false;
            while (!end) {
                List<byte[]> group = new ArrayList<>(GROUP);
                for (int i = 0; i < GROUP; i++) {
                    byte[] c = chunker.next();
                    if (c == null) {
                        end = true;
                        break;
                    }
                    group.add(c);
                }
                if (group.isEmpty()) break;
                List<ChunkId> ids = hashAll(group);
                Set<String> missing =
                        missing(api, chunks, ids.stream().map(ChunkId::hex).toList());
                Set<String> queued = new HashSet<>();
                for (int i = 0; i < group.size(); i++) {
                    byte[] data = group.get(i);
                    ChunkId id = ids.get(i);
                    refs.add(new ChunkRef(id, data.length));
                    stats.chunks.incrementAndGet();
                    if (missing.contains(id.hex()) && queued.add(id.hex())) {
                        pending.add(new Pending(pool.submit(() -> sendChunk(chunks, id, data, progress)), data.length));
                        pendingBytes += data.length;
                    } else {
                        progress.add(data.length);
                    }
                }
                while (pendingBytes > MAX_PENDING_BYTES) pendingBytes -= await(pending.poll());
            }
        }
        while (!pending.isEmpty()) await(pending.poll());
        Manifest manifest = new Manifest(refs);
        FileWire.FileCommitRequest body =
                new FileWire.FileCommitRequest(specs(refs), mtime, mode == 0 ? null : Integer.toOctalString(mode));
        FileWire.FileEntry committed = api.post(dest.url(team, "manifest"), body, FileWire.FileEntry.class);
        String digest = manifest.digest();
        if (!digest.equals(committed.digest())) {
            throw new CliException("verification failed for " + dest + ": the server stored digest "
                    + committed.digest() + ", expected " + digest);
        }
        stats.files.incrementAndGet();
        stats.bytes.addAndGet(manifest.size());
        return digest;
    }

    /** The chunks of a manifest commit, in order, each with its size. */
    static List<FileWire.ChunkSpec> specs(List<ChunkRef> refs) {
        return refs.stream()
                .map(r -> new FileWire.ChunkSpec(r.id().hex(), r.size()))
                .toList();
    }

    /** Which of {@code ids} the server lacks (at most 10,000 at once). */
    static Set<String> missing(ApiClient api, String chunks, List<String> ids) {
        return new HashSet<>(
                api.post(chunks + "/missing", new ChunkWire.MissingRequest(ids), ChunkWire.MissingChunks.class)
                        .missing());
    }

    private List<ChunkId> hashAll(List<byte[]> group) throws IOException {
        List<Future<ChunkId>> futures = new ArrayList<>(group.size());
        for (byte[] c : group) futures.add(hashers.submit(() -> ChunkId.of(c)));
        List<ChunkId> ids = new ArrayList<>(group.size());
        for (Future<ChunkId> f : futures) ids.add(Futures.await(f));
        return ids;
    }

    private void sendChunk(String chunks, ChunkId id, byte[] data, Progress progress) {
        api.putBytes(chunks + "/" + id.hex(), data);
        stats.chunksSent.incrementAndGet();
        stats.bytesSent.addAndGet(data.length);
        progress.add(data.length);
    }

    private static long await(Pending p) throws IOException {
        Futures.await(p.upload());
        return p.bytes();
    }

    @Override
    public void close() {
        pool.shutdownNow();
        hashers.shutdownNow();
    }
}
