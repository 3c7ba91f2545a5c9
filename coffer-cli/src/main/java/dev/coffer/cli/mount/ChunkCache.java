package dev.coffer.cli.mount;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.coffer.chunk.ChunkId;
import dev.coffer.wire.FileWire;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Chunks read through the mount, kept on local disk up to a size cap (the least recently used go
 * first) and the hottest in memory. Chunks are named by their content's hash and checked against
 * it when fetched, so a cached chunk is never stale and never wrong: nothing here is invalidated.
 */
final class ChunkCache {
    private final Path dir;
    private final long capBytes;
    /** Chunk ids on disk in access order, with their sizes: the eviction order. */
    private final LinkedHashMap<String, Integer> onDisk = new LinkedHashMap<>(1024, 0.75f, true);

    private final AtomicLong diskBytes = new AtomicLong();
    private final Cache<String, byte[]> hot;
    /** One fetch per chunk at a time: readers of the same chunk wait for the first. */
    private final Map<String, Object> fetching = new ConcurrentHashMap<>();

    final AtomicLong hits = new AtomicLong();
    final AtomicLong fetches = new AtomicLong();

    ChunkCache(Path dir, long capBytes, long memoryBytes) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.capBytes = capBytes;
        this.hot = Caffeine.newBuilder()
                .maximumWeight(memoryBytes)
                .weigher((String k, byte[] v) -> v.length)
                .build();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> {
                String name = f.getFileName().toString();
                if (name.endsWith(".part")) {
                    deleteQuietly(f);
                } else {
                    try {
                        int size = (int) Files.size(f);
                        onDisk.put(name, size);
                        diskBytes.addAndGet(size);
                    } catch (IOException e) {
                        deleteQuietly(f);
                    }
                }
            });
        }
        evict();
    }

    /** The chunk {@code id}: from memory, from disk, or fetched (and checked against its id) with {@code fetch}. */
    byte[] get(String id, Supplier<byte[]> fetch) {
        byte[] data = hot.getIfPresent(id);
        if (data != null) {
            hits.incrementAndGet();
            return data;
        }
        Object lock = fetching.computeIfAbsent(id, k -> new Object());
        try {
            synchronized (lock) {
                data = hot.getIfPresent(id);
                if (data == null) data = fromDisk(id);
                if (data != null) {
                    hits.incrementAndGet();
                } else {
                    data = fetch.get();
                    if (!ChunkId.of(data).hex().equals(id)) {
                        throw new UncheckedIOException(
                                new IOException("chunk " + id + " arrived damaged (its bytes hash to another id)"));
                    }
                    fetches.incrementAndGet();
                    store(id, data);
                }
                hot.put(id, data);
                return data;
            }
        } finally {
            fetching.remove(id, lock);
        }
    }

    /**
     * Keeps chunks that arrived inside a manifest answer (a small file's bytes), after checking
     * each against its id; a damaged one fails the open as a damaged fetch would.
     */
    void seed(List<FileWire.ChunkRef> chunks, byte[] content) throws IOException {
        int at = 0;
        for (FileWire.ChunkRef c : chunks) {
            if (at + c.size() > content.length)
                throw new IOException("a file's inline bytes are shorter than its chunks");
            byte[] data =
                    at == 0 && c.size() == content.length ? content : Arrays.copyOfRange(content, at, at + c.size());
            if (!ChunkId.of(data).hex().equals(c.id()))
                throw new IOException("chunk " + c.id() + " arrived damaged (its bytes hash to another id)");
            hot.put(c.id(), data);
            at += c.size();
        }
    }

    boolean contains(String id) {
        if (hot.getIfPresent(id) != null) return true;
        synchronized (onDisk) {
            return onDisk.containsKey(id);
        }
    }

    private byte[] fromDisk(String id) {
        synchronized (onDisk) {
            if (onDisk.get(id) == null) return null;
        }
        try {
            return Files.readAllBytes(dir.resolve(id));
        } catch (NoSuchFileException e) {
            forget(id);
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void store(String id, byte[] data) {
        if (data.length > capBytes) return;
        Path part = dir.resolve(id + "." + Thread.currentThread().threadId() + ".part");
        try {
            Files.write(part, data);
            Files.move(part, dir.resolve(id), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // A full or failing cache disk costs speed, never a read: the bytes are in hand.
            deleteQuietly(part);
            return;
        }
        synchronized (onDisk) {
            if (onDisk.put(id, data.length) == null) diskBytes.addAndGet(data.length);
        }
        evict();
    }

    private void forget(String id) {
        synchronized (onDisk) {
            Integer size = onDisk.remove(id);
            if (size != null) diskBytes.addAndGet(-size);
        }
    }

    private void evict() {
        while (diskBytes.get() > capBytes) {
            String victim;
            synchronized (onDisk) {
                var it = onDisk.entrySet().iterator();
                if (!it.hasNext()) return;
                var e = it.next();
                victim = e.getKey();
                it.remove();
                diskBytes.addAndGet(-e.getValue());
            }
            deleteQuietly(dir.resolve(victim));
        }
    }

    long diskBytes() {
        return diskBytes.get();
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // Left behind, it is found and removed at the next start.
        }
    }
}
