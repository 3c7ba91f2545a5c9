package dev.coffer.cli.local;

import dev.coffer.chunk.ChunkId;
import dev.coffer.chunk.Chunker;
import dev.coffer.content.ChunkRef;
import dev.coffer.content.Manifest;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this machine knows of the files of one local folder: for each path, the stat it had
 * (size, mtime, inode, ctime) when its content digest was computed, like restic's parent
 * snapshot. An entry is trusted only while the file's stat is exactly the recorded one: any
 * write, rename over, or metadata change moves ctime, and the file is read again. Kept under
 * {@code ${XDG_CACHE_HOME:-~/.cache}/coffer/index/}, one file per local folder; losing it costs a
 * re-read, never a wrong answer.
 */
public final class LocalIndex {
    private record Entry(long size, long mtimeNanos, long inode, long ctimeNanos, String digest) {}

    private final Path file;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    private LocalIndex(Path file) {
        this.file = file;
    }

    /** The index of {@code root} (empty if this machine has none yet). */
    public static LocalIndex of(Path root, Map<String, String> env) throws IOException {
        String cache = env.get("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
        Path real = root.toAbsolutePath().normalize();
        if (Files.exists(real)) real = real.toRealPath();
        LocalIndex index = new LocalIndex(base.resolve("coffer/index").resolve(key(real.toString())));
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
        if (!Files.isRegularFile(file)) return;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split("\t", 6);
                if (f.length != 6) continue; // a damaged line is forgotten: the file is read again
                try {
                    entries.put(f[5], new Entry(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), f[4]));
                } catch (NumberFormatException e) {
                    // same: not trusted
                }
            }
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
        entries.put(f.relative(), new Entry(f.size(), f.mtimeNanos(), f.inode(), f.ctimeNanos(), digest));
    }

    /** Keeps only the paths in {@code present}: files gone from the folder leave the index. */
    public void retain(java.util.Set<String> present) {
        entries.keySet().retainAll(present);
    }

    /** Writes the index atomically (a crash leaves the previous one). */
    public void save() throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (var e : entries.entrySet()) {
                if (e.getKey().indexOf('\n') >= 0 || e.getKey().indexOf('\r') >= 0) continue; // not representable: read again next time
                Entry v = e.getValue();
                out.write(v.size() + "\t" + v.mtimeNanos() + "\t" + v.inode() + "\t" + v.ctimeNanos() + "\t" + v.digest() + "\t" + e.getKey());
                out.newLine();
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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
