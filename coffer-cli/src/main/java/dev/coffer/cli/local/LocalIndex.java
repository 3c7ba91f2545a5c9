package dev.coffer.cli.local;

import dev.coffer.chunk.ChunkId;
import dev.coffer.chunk.Chunker;
import dev.coffer.cli.client.VersionListing;
import dev.coffer.content.ChunkRef;
import dev.coffer.content.Manifest;
import dev.coffer.dataset.VersionDigest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this machine knows of the files of one local folder: for each path, the stat it had
 * (size, mtime, inode, ctime) when its content digest was computed, like restic's parent
 * snapshot. An entry is trusted only while the file's stat is exactly the recorded one: any
 * write, rename over, or metadata change moves ctime, and the file is read again. Kept under
 * {@code ${XDG_CACHE_HOME:-~/.cache}/coffer/index/} as a base file and a journal of changes per
 * local folder ({@link IndexFiles}); losing or damaging them costs a re-read, never a wrong answer.
 */
public final class LocalIndex {
    record Entry(long size, long mtimeNanos, long inode, long ctimeNanos, String digest) {}

    /** Fold the journal into a new base once it would pass this share of the base's size (or {@link #MIN_COMPACT_BYTES}). */
    private static final int COMPACT_DIVISOR = 4;
    private static final long MIN_COMPACT_BYTES = 256 * 1024;

    private final Path base;
    private final Path journal;
    /** The text index of earlier versions: read when there is no base yet, removed by the first save. */
    private final Path legacy;
    private final Map<String, Entry> entries;
    /** Changes since loading, in order: what the next save appends. */
    private final List<IndexFiles.Op> pending = new ArrayList<>();
    private IndexFiles.Base loaded;
    private long journalBytes;

    private LocalIndex(Path dir, String key, int expected) {
        this.base = dir.resolve(key + ".idx");
        this.journal = dir.resolve(key + ".journal");
        this.legacy = dir.resolve(key);
        this.entries = new ConcurrentHashMap<>(Math.max(16, expected));
    }

    /** The index of {@code root} (empty if this machine has none yet). */
    public static LocalIndex of(Path root, Map<String, String> env) throws IOException {
        String cache = env.get("XDG_CACHE_HOME");
        Path dir = (cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache")).resolve("coffer/index");
        Path real = root.toAbsolutePath().normalize();
        if (Files.exists(real)) real = real.toRealPath();
        String key = key(real.toString());
        // Sized from the base's length (~100 bytes an entry): growing a map of 100,000 entries costs more than reading them.
        long size = 0;
        try {
            size = Files.size(dir.resolve(key + ".idx"));
        } catch (IOException e) {
            // none yet
        }
        LocalIndex index = new LocalIndex(dir, key, (int) Math.min(Integer.MAX_VALUE / 2, size / 75));
        index.load();
        return index;
    }

    private static String key(String folder) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(folder.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void load() throws IOException {
        loaded = IndexFiles.readBase(base, entries);
        if (loaded != null) {
            journalBytes = IndexFiles.replayJournal(journal, loaded.id(), entries);
        } else if (Files.isRegularFile(legacy)) {
            loadLegacy();
        }
    }

    /** The tab-separated text of earlier versions: size, mtime, inode, ctime, digest, path per line. */
    private void loadLegacy() throws IOException {
        try (BufferedReader in = Files.newBufferedReader(legacy, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split("\t", 6);
                if (f.length != 6) continue; // a damaged line is forgotten: the file is read again
                try {
                    entries.put(f[5], new Entry(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), f[4]));
                } catch (NumberFormatException e) {
                    // same: not trusted
                }
            }
        } catch (java.nio.charset.MalformedInputException e) {
            entries.clear();
        }
    }

    /** The digest recorded for {@code f}, or null when there is none or its stat differs in any way. */
    public String digest(LocalFile f) {
        Entry e = entries.get(f.relative());
        if (e == null || e.size() != f.size() || e.mtimeNanos() != f.mtimeNanos() || e.inode() != f.inode() || e.ctimeNanos() != f.ctimeNanos()) {
            return null;
        }
        return e.digest();
    }

    public void put(LocalFile f, String digest) {
        Entry e = new Entry(f.size(), f.mtimeNanos(), f.inode(), f.ctimeNanos(), digest);
        synchronized (pending) {
            if (!e.equals(entries.put(f.relative(), e))) pending.add(new IndexFiles.Op(f.relative(), e));
        }
    }

    /** Keeps only the paths in {@code present}: files gone from the folder leave the index. */
    public void retain(Set<String> present) {
        synchronized (pending) {
            for (var it = entries.keySet().iterator(); it.hasNext(); ) {
                String path = it.next();
                if (!present.contains(path)) {
                    it.remove();
                    pending.add(new IndexFiles.Op(path, null));
                }
            }
        }
    }

    /**
     * Records the changes since loading: one journal record appended, or, when there is no base
     * yet or the journal has grown past a quarter of the base, a new base. Either is atomic: a
     * crash leaves the previous index or the new one.
     */
    public void save() throws IOException {
        synchronized (pending) {
            if (loaded != null && pending.isEmpty()) return;
            long limit = Math.max(MIN_COMPACT_BYTES, loaded == null ? 0 : loaded.bytes() / COMPACT_DIVISOR);
            // ~100 bytes an op: a guess is enough to decide, the journal's real length is counted after.
            if (loaded != null && journalBytes + pending.size() * 100L <= limit) {
                Files.createDirectories(journal.getParent());
                journalBytes += IndexFiles.append(journal, loaded.id(), pending);
            } else {
                long id = new SecureRandom().nextLong();
                IndexFiles.writeBase(base, journal, entries, id);
                Files.deleteIfExists(legacy);
                loaded = new IndexFiles.Base(id, (int) Math.min(Integer.MAX_VALUE, Files.size(base)));
                journalBytes = 0;
            }
            pending.clear();
        }
    }

    /** The indexed files as a version would list them, and the digest such a version has. */
    public record AsVersion(String digest, VersionListing listing) {}

    /**
     * The version this folder was as of its last push or pull, if the server still has it: every
     * indexed path with the size, mtime (milliseconds) and digest recorded, and the digest of a
     * version holding exactly those files ({@link VersionDigest}). When it equals a version's
     * digest, that version's file list is this one and need not be fetched. Null when the index
     * holds something no version can (a path a version could not have, a digest that is not one).
     */
    public AsVersion asVersion() {
        VersionDigest digest = new VersionDigest();
        Map<String, VersionListing.File> files = new HashMap<>(Math.max(16, entries.size() * 4 / 3 + 1));
        try {
            for (var e : entries.entrySet()) {
                Entry v = e.getValue();
                long mtime = Math.floorDiv(v.mtimeNanos(), 1_000_000L);
                digest.file(e.getKey(), v.digest(), v.size(), mtime);
                files.put(e.getKey(), new VersionListing.File(v.size(), mtime, v.digest()));
            }
            return new AsVersion(digest.digest(), new VersionListing(files));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Reads {@code file} and computes its content digest exactly as an upload would. */
    public static String hash(Path file) throws IOException {
        List<ChunkRef> refs = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            Chunker chunker = new Chunker(in);
            for (byte[] c = chunker.next(); c != null; c = chunker.next()) refs.add(new ChunkRef(ChunkId.of(c), c.length));
        }
        return new Manifest(refs).digest();
    }
}
