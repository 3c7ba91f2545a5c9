package dev.coffer.cli.transfer;

import dev.coffer.chunk.ChunkId;
import dev.coffer.chunk.FastCdc;
import dev.coffer.cli.client.ApiClient;
import dev.coffer.cli.client.CliException;
import dev.coffer.cli.client.Location;
import dev.coffer.content.ChunkRef;
import dev.coffer.content.Manifest;
import dev.coffer.wire.FileWire;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The small-files path of the upload protocol: many files travel together. One "missing"
 * question for the whole batch, one request carrying all the new chunks (the server stores them
 * as one pack with one sync), one commit of all the files in one transaction. Same guarantees as
 * {@link Uploader}: chunks are checked against their names by the server, and each committed
 * file's digest must equal the one computed here.
 *
 * <p>A file whose content, hashed here, is the one the destination already holds at its path
 * (with the same permission bits) is not sent at all: only its time is set, with the batch's
 * other such files in one {@code times} request. A new version of a tree in which every time
 * moved but few contents changed then costs the server a time change per file, not a content
 * check and a manifest.
 */
public final class BatchUploader {
    /** Largest chunk bytes per request (the server accepts 16 MiB). */
    private static final int MAX_BODY = 12 * 1024 * 1024;

    private final ApiClient api;
    private final String team;
    private final TransferStats stats;

    public BatchUploader(ApiClient api, String team, TransferStats stats) {
        this.api = api;
        this.team = team;
        this.stats = stats;
    }

    /**
     * A local file and where it goes, relative to the batch's destination folder, and the digest
     * the destination holds there with the same permission bits (null: none or not known).
     */
    public record SmallFile(Path local, String relative, int mode, String digestThere) {
        public SmallFile(Path local, String relative, int mode) {
            this(local, relative, mode, null);
        }
    }

    /** A small file's bytes held in memory, where it goes, and the digest the destination holds there (null: none). */
    public record SmallContent(String relative, byte[] data, long mtime, int mode, String digestThere) {
        public SmallContent(String relative, byte[] data, long mtime, int mode) {
            this(relative, data, mtime, mode, null);
        }
    }

    private record Prepared(SmallContent file, List<ChunkRef> refs, List<byte[]> chunks) {}

    /** The content-defined chunks of {@code data}, as the server cuts them: what its digest is made of. */
    public static List<ChunkRef> chunkRefs(byte[] data) {
        List<ChunkRef> refs = new ArrayList<>();
        int offset = 0;
        while (offset < data.length) {
            int len = FastCdc.cut(data, offset, data.length - offset);
            refs.add(new ChunkRef(ChunkId.of(data, offset, len), len));
            offset += len;
        }
        return refs;
    }

    /** Uploads {@code files} under {@code base} (a volume folder or a dataset draft); returns their digests, in order. */
    public List<String> upload(Location.Remote base, List<SmallFile> files, Progress progress) throws IOException {
        List<SmallContent> contents = new ArrayList<>(files.size());
        for (SmallFile f : files) {
            byte[] data = Files.readAllBytes(f.local());
            long mtime = Files.getLastModifiedTime(f.local()).toMillis();
            contents.add(new SmallContent(f.relative(), data, mtime, f.mode(), f.digestThere()));
        }
        List<String> digests = upload(base, contents);
        for (SmallContent c : contents) progress.add(c.data().length);
        return digests;
    }

    /**
     * Uploads files held in memory under {@code base}, all committed in one transaction or none;
     * returns their digests, in order, each checked against the one computed here.
     */
    public List<String> upload(Location.Remote base, List<SmallContent> files) {
        List<String> digests = new ArrayList<>(files.size());
        List<Prepared> prepared = new ArrayList<>(files.size());
        Map<String, Long> retimed = new LinkedHashMap<>();
        long retimedBytes = 0;
        List<ChunkId> ids = new ArrayList<>();
        for (SmallContent f : files) {
            byte[] data = f.data();
            List<ChunkRef> refs = chunkRefs(data);
            String digest = new Manifest(refs).digest();
            digests.add(digest);
            if (digest.equals(f.digestThere())) {
                retimed.put(f.relative(), f.mtime());
                retimedBytes += data.length;
                continue;
            }
            List<byte[]> chunks = new ArrayList<>(refs.size());
            int offset = 0;
            for (ChunkRef r : refs) {
                int len = r.size();
                chunks.add(offset == 0 && len == data.length ? data : Arrays.copyOfRange(data, offset, offset + len));
                ids.add(r.id());
                offset += len;
            }
            prepared.add(new Prepared(f, refs, chunks));
        }
        if (!prepared.isEmpty()) send(base, prepared, ids);
        if (!retimed.isEmpty()) retime(base, retimed, retimedBytes);
        return digests;
    }

    private void send(Location.Remote base, List<Prepared> prepared, List<ChunkId> ids) {
        String chunks = base.chunksBase(team);
        Set<String> missing = missing(chunks, ids);
        sendChunks(chunks, prepared, missing);
        try {
            commit(base, prepared);
        } catch (ApiClient.ProblemException e) {
            // The collector removed a chunk between our question and our commit: send those again, once.
            if (e.status() != 409 || e.missingChunks().isEmpty()) throw e;
            sendChunks(chunks, prepared, new HashSet<>(e.missingChunks()));
            commit(base, prepared);
        }
    }

    /** Files whose content the destination already holds: their times, in one transaction. */
    private void retime(Location.Remote base, Map<String, Long> times, long bytes) {
        FileWire.TimesResult answer =
                api.post(base.url(team, "times"), new FileWire.TimesRequest(times), FileWire.TimesResult.class);
        if (answer.changed() != times.size())
            throw new CliException("the server set " + answer.changed() + " of " + times.size() + " times");
        stats.files.addAndGet(times.size());
        stats.bytes.addAndGet(bytes);
        stats.retimed.addAndGet(times.size());
    }

    private Set<String> missing(String chunks, List<ChunkId> ids) {
        Set<String> missing = new HashSet<>();
        List<String> unique = ids.stream().map(ChunkId::hex).distinct().toList();
        for (int i = 0; i < unique.size(); i += 10_000) {
            missing.addAll(Uploader.missing(api, chunks, unique.subList(i, Math.min(unique.size(), i + 10_000))));
        }
        return missing;
    }

    private void sendChunks(String chunks, List<Prepared> prepared, Set<String> missing) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Set<String> queued = new HashSet<>();
        int count = 0;
        for (Prepared p : prepared) {
            for (int i = 0; i < p.refs().size(); i++) {
                ChunkId id = p.refs().get(i).id();
                if (!missing.contains(id.hex()) || !queued.add(id.hex())) continue;
                byte[] chunk = p.chunks().get(i);
                if (body.size() + chunk.length + 36 > MAX_BODY && count > 0) {
                    flush(chunks, body, count);
                    body.reset();
                    count = 0;
                }
                body.writeBytes(id.bytes());
                body.writeBytes(ByteBuffer.allocate(4).putInt(chunk.length).array());
                body.writeBytes(chunk);
                count++;
                stats.chunksSent.incrementAndGet();
                stats.bytesSent.addAndGet(chunk.length);
            }
        }
        if (count > 0) flush(chunks, body, count);
    }

    private void flush(String chunks, ByteArrayOutputStream body, int count) {
        if (count == 0) return;
        api.postBytes(chunks + "/batch", body.toByteArray());
    }

    private void commit(Location.Remote base, List<Prepared> prepared) {
        List<FileWire.BatchFile> files = new ArrayList<>(prepared.size());
        for (Prepared p : prepared) {
            int mode = p.file().mode();
            files.add(new FileWire.BatchFile(
                    p.file().relative(),
                    Uploader.specs(p.refs()),
                    p.file().mtime(),
                    mode == 0 ? null : Integer.toOctalString(mode)));
        }
        FileWire.BatchCommitResult answer = api.post(
                base.url(team, "manifests"), new FileWire.BatchCommitRequest(files), FileWire.BatchCommitResult.class);
        List<String> digests = answer.digests() == null ? List.of() : answer.digests();
        for (int i = 0; i < prepared.size(); i++) {
            Prepared p = prepared.get(i);
            Manifest m = new Manifest(p.refs());
            // A short list fails here as a wrong digest would: some file was not stored as sent.
            String stored = i < digests.size() ? digests.get(i) : null;
            if (!m.digest().equals(stored)) {
                throw new CliException("verification failed for " + p.file().relative() + ": the server stored digest "
                        + stored + ", expected " + m.digest());
            }
            stats.files.incrementAndGet();
            stats.bytes.addAndGet(m.size());
            stats.chunks.addAndGet(p.refs().size());
        }
    }
}
