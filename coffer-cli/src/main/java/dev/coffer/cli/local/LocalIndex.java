package dev.coffer.cli.local;

import dev.coffer.chunk.ChunkId;
import dev.coffer.chunk.Chunker;
import dev.coffer.cli.client.TreeListing;
import dev.coffer.content.ChunkRef;
import dev.coffer.content.Manifest;
import dev.coffer.dataset.VersionDigest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.MalformedInputException;
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
    /** The extras as of the last save (see {@link TreeExtras#write}); their fingerprint is in the recorded version. */
    private final Path extrasFile;
    /** The text index of earlier versions: read when there is no base yet, removed by the first save. */
    private final Path legacy;

    private final Map<String, Entry> entries;
    /** Changes since loading, in order: what the next save appends. */
    private final List<IndexFiles.Op> pending = new ArrayList<>();

    private IndexFiles.Base loaded;
    private long journalBytes;
    private boolean journalAppendable;
    /** The digest of a version holding exactly the entries as loaded or last saved (null: unknown); stale once {@link #pending} is not empty. */
    private String version;
    /**
     * The entries as a {@link VersionDigest}, kept up to date by {@link #put} and {@link #retain}
     * once made: a save after 100 changes then re-hashes a few nodes instead of 100,000 names.
     * Null until first needed, or after an entry no version can hold.
     */
    private VersionDigest mirror;
    /** Folder times, links and modes as the folder has them now (null: files only); see {@link #extras}. */
    private TreeExtras extras;

    private LocalIndex(Path dir, String key, int expected) {
        this.base = dir.resolve(key + ".idx");
        this.journal = dir.resolve(key + ".journal");
        this.extrasFile = dir.resolve(key + ".extras");
        this.legacy = dir.resolve(key);
        this.entries = new ConcurrentHashMap<>(Math.max(16, expected));
    }

    /** The index of {@code root} (empty if this machine has none yet). */
    public static LocalIndex of(Path root, Map<String, String> env) throws IOException {
        String cache = env.get("XDG_CACHE_HOME");
        Path dir = (cache != null && !cache.isBlank()
                        ? Path.of(cache)
                        : Path.of(System.getProperty("user.home"), ".cache"))
                .resolve("coffer/index");
        Path real = root.toAbsolutePath().normalize();
        if (Files.exists(real)) real = real.toRealPath();
        String key = key(real.toString());
        // Sized from the base's length (~100 bytes an entry): growing a map of 100,000 entries costs more than reading
        // them.
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
            IndexFiles.Replayed replayed = IndexFiles.replayJournal(journal, loaded, entries);
            journalBytes = replayed.bytes();
            journalAppendable = replayed.appendable();
            version = replayed.version();
            // The extras saved with that version, believed only when their fingerprint is the one recorded.
            TreeExtras saved = version != null && version.indexOf(':') > 0 ? TreeExtras.read(extrasFile) : null;
            if (saved != null && version.endsWith(":" + saved.fingerprint())) extras = saved;
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
                    entries.put(
                            f[5],
                            new Entry(
                                    Long.parseLong(f[0]),
                                    Long.parseLong(f[1]),
                                    Long.parseLong(f[2]),
                                    Long.parseLong(f[3]),
                                    f[4]));
                } catch (NumberFormatException e) {
                    // same: not trusted
                }
            }
        } catch (MalformedInputException e) {
            entries.clear();
        }
    }

    /** The digest recorded for {@code f}, or null when there is none or its stat differs in any way. */
    public String digest(LocalFile f) {
        Entry e = entries.get(f.relative());
        if (e == null
                || e.size() != f.size()
                || e.mtimeNanos() != f.mtimeNanos()
                || e.inode() != f.inode()
                || e.ctimeNanos() != f.ctimeNanos()) {
            return null;
        }
        return e.digest();
    }

    /**
     * Gives the index what the folder holds besides file contents (its walk's, or after a pull the
     * version's), for the digest {@link #save} records. Until then {@link #asVersion} believes the
     * extras of the last save (a push asks for that belief before giving the walk's).
     */
    public void extras(TreeExtras extras) {
        synchronized (pending) {
            boolean same = this.extras != null && this.extras.fingerprint().equals(extras.fingerprint());
            this.extras = extras;
            // Other extras (a link gone, a folder's new time) change the digest in ways an update
            // of the mirror would miss: it is built again when needed (prepareVersion, in the background).
            if (!same) mirror = null;
        }
    }

    public void put(LocalFile f, String digest) {
        Entry e = new Entry(f.size(), f.mtimeNanos(), f.inode(), f.ctimeNanos(), digest);
        synchronized (pending) {
            if (!e.equals(entries.put(f.relative(), e))) {
                pending.add(new IndexFiles.Op(f.relative(), e));
                if (mirror != null) {
                    try {
                        mirror.file(f.relative(), digest, f.size(), f.mtimeMillis(), f.modeToKeep());
                    } catch (IllegalArgumentException conflict) {
                        mirror = null; // e.g. a file where an indexed folder was, before retain drops it: built again
                        // when needed
                    }
                }
            }
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
                    if (mirror != null) mirror.remove(path);
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
            // Nothing to record unless a file changed or the extras differ from those saved (a folder's new time alone
            // counts).
            boolean extrasSaved = version == null
                    || (extras == null ? version.indexOf(':') < 0 : version.endsWith(":" + extras.fingerprint()));
            if (loaded != null && pending.isEmpty() && extrasSaved) return;
            long limit = Math.max(MIN_COMPACT_BYTES, loaded == null ? 0 : loaded.bytes() / COMPACT_DIVISOR);
            // Written beside the entries, so that the next push finds it instead of computing it.
            String saved = recorded(versionOfEntries());
            // Before the entries that name their fingerprint: a crash between the two leaves a mismatch, which is not
            // believed.
            if (extras != null) extras.write(extrasFile);
            // ~100 bytes an op: a guess is enough to decide, the journal's real length is counted after.
            if (loaded != null && journalAppendable && journalBytes + pending.size() * 100L <= limit) {
                Files.createDirectories(journal.getParent());
                journalBytes += IndexFiles.append(journal, loaded.id(), journalBytes, pending, saved);
            } else {
                long id = new SecureRandom().nextLong();
                IndexFiles.writeBase(base, journal, entries, id, saved);
                Files.deleteIfExists(legacy);
                loaded = new IndexFiles.Base(id, (int) Math.min(Integer.MAX_VALUE, Files.size(base)), saved);
                journalBytes = 0;
                journalAppendable = true;
            }
            version = saved;
            pending.clear();
        }
    }

    /** The indexed files as a version would list them, and the digest such a version has. */
    public record AsVersion(String digest, TreeListing listing) {}

    /**
     * The version this folder was as of its last push or pull, if the server still has it: every
     * indexed path with the size, mtime (milliseconds) and digest recorded, and the digest of a
     * version holding exactly those files ({@link VersionDigest}). When it equals a version's
     * digest, that version's file list is this one and need not be fetched. The digest was saved
     * with the entries (computing it for 100,000 files costs a cold JVM most of a second) unless
     * they changed since, or the files were written by two saves at once; then it is computed.
     * Null when the index holds something no version can (a path a version could not have, a
     * digest that is not one).
     */
    public AsVersion asVersion() {
        synchronized (pending) {
            String saved = pending.isEmpty() && version != null ? version : null;
            String digest =
                    saved != null && saved.equals(recorded(digestPart(saved))) ? digestPart(saved) : versionOfEntries();
            if (digest == null) return null;
            Map<String, TreeListing.File> files = new HashMap<>(Math.max(16, entries.size() * 4 / 3 + 1));
            for (var e : entries.entrySet()) {
                Entry v = e.getValue();
                files.put(
                        e.getKey(),
                        new TreeListing.File(
                                v.size(), mtimeMillis(v), v.digest(), extras == null ? 0 : extras.mode(e.getKey())));
            }
            return new AsVersion(
                    digest,
                    extras == null ? new TreeListing(files) : new TreeListing(files, extras.links(), extras.folders()));
        }
    }

    /**
     * Computes what {@link #asVersion} and the next {@link #save} need (the digest of the entries
     * and what makes it cheap to update), so that they find it done: for 100,000 entries this is
     * most of a second of a cold JVM, better spent while a push walks its folder.
     */
    public void prepareVersion() {
        synchronized (pending) {
            versionOfEntries();
        }
    }

    /**
     * What the index records as its version: the digest, and with extras the fingerprint they had
     * (a saved digest is trusted only for the same extras). Null stays null.
     */
    private String recorded(String digest) {
        if (digest == null) return null;
        return extras == null ? digest : digest + ":" + extras.fingerprint();
    }

    private static String digestPart(String recorded) {
        int colon = recorded.indexOf(':');
        return colon < 0 ? recorded : recorded.substring(0, colon);
    }

    /** The digest of a version of exactly the current entries (and extras); null when no version can hold them, or they would not all be saved. */
    private String versionOfEntries() {
        for (String path : entries.keySet()) if (!IndexFiles.indexable(path)) return null;
        try {
            if (mirror == null) {
                VersionDigest built = new VersionDigest();
                for (var e : entries.entrySet()) {
                    int mode = extras == null ? 0 : extras.mode(e.getKey());
                    built.file(e.getKey(), e.getValue().digest(), e.getValue().size(), mtimeMillis(e.getValue()), mode);
                }
                if (extras != null) extras.applyTo(built);
                mirror = built;
            }
            return mirror.digest();
        } catch (IllegalArgumentException e) {
            mirror = null;
            return null;
        }
    }

    private static long mtimeMillis(Entry e) {
        return Math.floorDiv(e.mtimeNanos(), 1_000_000L);
    }

    /** Reads {@code file} and computes its content digest exactly as an upload would. */
    public static String hash(Path file) throws IOException {
        List<ChunkRef> refs = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            Chunker chunker = new Chunker(in);
            for (byte[] c = chunker.next(); c != null; c = chunker.next())
                refs.add(new ChunkRef(ChunkId.of(c), c.length));
        }
        return new Manifest(refs).digest();
    }
}
