package dev.coffer.imports;

import dev.coffer.chunk.ChunkId;
import dev.coffer.chunk.Chunker;
import dev.coffer.content.ChunkRef;
import dev.coffer.content.ContentStore;
import dev.coffer.content.Manifest;
import dev.coffer.error.CofferException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs import jobs in the background on this server: claims queued jobs, streams each URL
 * through the chunker into the content store (never holding the file in memory), records a
 * checkpoint of stored chunks about once a second, and commits the file to its target at the
 * end. A restarted job asks the source for the rest ({@code Range}, guarded by {@code If-Range})
 * and starts over when the source cannot resume or has changed. Cancels and heartbeats are
 * handled by a scheduler that also closes the stream of a cancelled job, so even a stalled
 * download stops at once. A team gets at most {@code imports.perTeam} of the workers, and a
 * source that sends nothing for {@code imports.readTimeout} fails its job (see
 * docs/design/imports.md); the connection goes only to addresses the {@link UrlGuard} checked.
 */
public final class UrlImporter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UrlImporter.class);
    private static final int MAX_REDIRECTS = 5;
    private static final long CHECKPOINT_MS = 1000;

    private final ImportJobs jobs;
    private final ContentStore content;
    private final UrlGuard guard;
    private final Map<String, ImportTarget> targets;
    private final ImportSettings settings;
    private final String owner = "server-" + UUID.randomUUID();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "coffer-imports");
        t.setDaemon(true);
        return t;
    });
    private final Map<Long, Stoppable> running = new ConcurrentHashMap<>();
    private volatile boolean closing;

    public UrlImporter(
            ImportJobs jobs, ContentStore content, Map<String, ImportTarget> targets, ImportSettings settings) {
        this.jobs = jobs;
        this.content = content;
        this.guard = new UrlGuard(settings.allowHosts());
        this.targets = Map.copyOf(targets);
        this.settings = settings;
    }

    public UrlGuard guard() {
        return guard;
    }

    public ImportSettings settings() {
        return settings;
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::round, 0, settings.poll().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One scheduler round: heartbeats, cancels, stale jobs, then new work up to the worker limit. */
    private void round() {
        try {
            if (!running.isEmpty()) {
                Map<Long, Long> positions = new HashMap<>();
                running.forEach((id, in) -> positions.put(id, in.position()));
                jobs.beat(owner, positions);
                for (long id : jobs.cancelling(owner)) {
                    InputStream in = running.get(id);
                    if (in != null) closeQuietly(in);
                }
            }
            jobs.requeueStale(settings.staleAfter());
            while (!closing && running.size() < settings.workers()) {
                Optional<ImportJob> job = jobs.claim(owner, settings.perTeam());
                if (job.isEmpty()) break;
                running.put(job.get().id(), new Stoppable(InputStream.nullInputStream(), 0));
                workers.submit(() -> run(job.get()));
            }
        } catch (RuntimeException e) {
            log.warn("import scheduler round failed; trying again", e);
        }
    }

    private void run(ImportJob job) {
        try {
            String digest = download(job);
            if (digest != null) jobs.finish(job.id(), "done", null, digest);
        } catch (Cancelled c) {
            jobs.finish(job.id(), "cancelled", null, null);
        } catch (CofferException e) {
            if (state(job.id()).equals("cancelling")) {
                jobs.finish(job.id(), "cancelled", null, null);
            } else {
                jobs.finish(job.id(), "failed", e.getMessage(), null);
            }
        } catch (IOException e) {
            if (closing) {
                jobs.release(job.id(), owner);
            } else if (state(job.id()).equals("cancelling")) {
                // The reason (a user's cancel, the user's deletion) was written with the request.
                jobs.finish(job.id(), "cancelled", null, null);
            } else if (e instanceof SocketTimeoutException) {
                jobs.finish(
                        job.id(),
                        "failed",
                        "the source sent nothing for " + SourceConnection.seconds(settings.readTimeout())
                                + " (imports.readTimeout); the import stopped",
                        null);
            } else {
                jobs.finish(job.id(), "failed", "the download failed: " + describe(e), null);
            }
        } catch (RuntimeException e) {
            log.error("import job {} failed", job.id(), e);
            jobs.finish(job.id(), "failed", "internal error; the server log has the details", null);
        } finally {
            running.remove(job.id());
        }
    }

    private String state(long id) {
        return jobs.get(id).map(ImportJob::state).orElse("failed");
    }

    /** Streams the job's URL into the store and commits it; returns the content digest. */
    private String download(ImportJob job) throws IOException {
        ImportTarget target = targets.get(job.targetKind());
        if (target == null) throw new CofferException.Invalid("unknown import target '" + job.targetKind() + "'");
        List<ChunkRef> stored = new ArrayList<>(jobs.chunks(job.id()));
        long offset = stored.stream().mapToLong(ChunkRef::size).sum();
        jobs.rewind(job.id(), offset);
        SourceConnection.Response r = fetch(guard.check(job.url()), offset, job.validator());
        if (offset > 0 && r.status() == 200) {
            // The source cannot resume, or has changed since: begin again.
            jobs.restart(job.id());
            stored.clear();
            offset = 0;
        }
        if (r.status() != 200 && r.status() != 206) {
            closeQuietly(r.body());
            throw new CofferException.Invalid(
                    "the source answered HTTP " + r.status() + " for " + ImportUrls.redact(job.url()));
        }
        Long total = r.contentLength() != null ? r.contentLength() + offset : null;
        if (total != null && total > settings.maxBytes()) {
            closeQuietly(r.body());
            throw tooLarge(total);
        }
        String validator = r.header("ETag").or(() -> r.header("Last-Modified")).orElse(null);
        boolean resumable = validator != null
                && r.header("Accept-Ranges").map(v -> v.contains("bytes")).orElse(r.status() == 206);
        try (Stoppable body = new Stoppable(r.body(), offset)) {
            running.put(job.id(), body);
            if (state(job.id()).equals("cancelling")) throw new Cancelled();
            Chunker chunker = new Chunker(body);
            List<ChunkRef> pending = new ArrayList<>();
            long bytes = offset;
            // Wall time, not the database clock: this paces writes during a real download.
            long lastCheckpoint = System.currentTimeMillis();
            jobs.checkpoint(job.id(), owner, stored.size(), List.of(), bytes, total, resumable ? validator : null);
            for (byte[] chunk = chunker.next(); chunk != null; chunk = chunker.next()) {
                bytes += chunk.length;
                if (bytes > settings.maxBytes()) throw tooLarge(bytes);
                ChunkId id = ChunkId.of(chunk);
                content.putChunk(id, chunk);
                pending.add(new ChunkRef(id, chunk.length));
                if (System.currentTimeMillis() - lastCheckpoint >= CHECKPOINT_MS) {
                    String state = jobs.checkpoint(
                            job.id(), owner, stored.size(), pending, bytes, total, resumable ? validator : null);
                    stored.addAll(pending);
                    pending.clear();
                    lastCheckpoint = System.currentTimeMillis();
                    if (state.equals("cancelling")) throw new Cancelled();
                }
            }
            jobs.checkpoint(job.id(), owner, stored.size(), pending, bytes, bytes, resumable ? validator : null);
            stored.addAll(pending);
        }
        if (state(job.id()).equals("cancelling")) throw new Cancelled();
        Manifest manifest = new Manifest(stored);
        target.commit(job, manifest);
        return manifest.digest();
    }

    /**
     * Asks the source for the file (the rest of it from {@code offset}), following redirects by
     * hand: each hop is resolved and checked by the guard, and the connection goes to the
     * address it checked.
     */
    private SourceConnection.Response fetch(UrlGuard.Target target, long offset, String validator) throws IOException {
        SourceConnection.Timeouts timeouts =
                new SourceConnection.Timeouts(settings.connectTimeout(), settings.readTimeout());
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            Map<String, String> headers = new LinkedHashMap<>();
            if (offset > 0 && validator != null) {
                headers.put("Range", "bytes=" + offset + "-");
                headers.put("If-Range", validator);
            }
            SourceConnection.Response r = SourceConnection.get(target, headers, timeouts);
            int status = r.status();
            if (status >= 300 && status < 400 && r.header("Location").isPresent()) {
                closeQuietly(r.body());
                URI next;
                try {
                    next = target.uri().resolve(r.header("Location").get());
                } catch (IllegalArgumentException e) {
                    throw new CofferException.Invalid("the source redirected to an address that is not a valid URL");
                }
                target = guard.check(next);
                continue;
            }
            return r;
        }
        throw new CofferException.Invalid("the source redirected more than " + MAX_REDIRECTS + " times");
    }

    private CofferException tooLarge(long bytes) {
        return new CofferException.Invalid("the file is larger than the import limit of " + settings.maxBytes()
                + " bytes (at least " + bytes + " bytes); an operator can raise imports.maxBytes");
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException | RuntimeException e) {
            // closing only to stop a transfer
        }
    }

    /** Stops taking work; running jobs go back to the queue so the next start (or another server) resumes them. */
    @Override
    public void close() {
        closing = true;
        scheduler.shutdownNow();
        running.values().forEach(UrlImporter::closeQuietly);
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("cancelled", null, false, false);
        }
    }

    /**
     * The response body, made stoppable from another thread: after {@link #close} every read
     * fails at once (the HTTP client's own stream may keep delivering buffered bytes).
     */
    private static final class Stoppable extends FilterInputStream {
        private volatile boolean stopped;
        private volatile long position;

        Stoppable(InputStream in, long start) {
            super(in);
            this.position = start;
        }

        /** Bytes of the file received so far (progress shown to users, ahead of the stored chunks). */
        long position() {
            return position;
        }

        private void check() throws IOException {
            if (stopped) throw new IOException("the transfer was stopped");
        }

        @Override
        public int read() throws IOException {
            check();
            int b = super.read();
            if (b >= 0) position++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            check();
            int n = super.read(b, off, len);
            check();
            if (n > 0) position += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            stopped = true;
            super.close();
        }
    }
}
