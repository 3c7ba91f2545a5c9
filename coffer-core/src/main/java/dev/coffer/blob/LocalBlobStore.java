package dev.coffer.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Blobs as files under a root folder. Keys already carry their fan-out ({@code chunks/ab/…}), so a
 * folder never holds more than a few thousand entries.
 *
 * <p>Durability: each put writes a temporary file in {@code _tmp/}, forces it to disk, renames it
 * into place atomically and then forces the destination folder, so after a crash a key is either
 * absent or complete. Leftover temporary files are removed when the store opens.
 */
public final class LocalBlobStore implements BlobStore {
    private final Path root;
    private final Path tmp;

    public LocalBlobStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        // "_tmp" is outside the key alphabet, so no key can ever land in the temporary folder.
        this.tmp = this.root.resolve("_tmp");
        Files.createDirectories(tmp);
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(tmp)) {
            for (Path p : leftovers) Files.deleteIfExists(p);
        }
    }

    public Path root() {
        return root;
    }

    private Path pathOf(String key) {
        return root.resolve(BlobKeys.check(key));
    }

    @Override
    public void put(String key, byte[] data) throws IOException {
        Path target = pathOf(key);
        Path temp = tmp.resolve(UUID.randomUUID() + ".part");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            Path dir = target.getParent();
            if (!Files.isDirectory(dir)) {
                createDurably(dir);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the content folder must be on one file system: " + root, e);
            }
            forceDirectory(dir);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Creates missing folders up to the root, forcing each parent so the new entry survives a crash. */
    private void createDurably(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        createDurably(dir.getParent());
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException raced) {
            return;
        }
        forceDirectory(dir.getParent());
    }

    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    @Override
    public byte[] get(String key) throws IOException {
        try {
            return Files.readAllBytes(pathOf(key));
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(key);
        }
    }

    @Override
    public byte[] getRange(String key, long offset, int length) throws IOException {
        try (FileChannel ch = FileChannel.open(pathOf(key), StandardOpenOption.READ)) {
            BlobKeys.checkRange(key, ch.size(), offset, length);
            ByteBuffer buf = ByteBuffer.allocate(length);
            long pos = offset;
            while (buf.hasRemaining()) {
                int n = ch.read(buf, pos);
                if (n < 0) throw new IOException("blob shrank while reading: " + key);
                pos += n;
            }
            return buf.array();
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(key);
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        try {
            return Files.newInputStream(pathOf(key));
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(key);
        }
    }

    @Override
    public long size(String key) throws IOException {
        try {
            return Files.size(pathOf(key));
        } catch (NoSuchFileException e) {
            return -1;
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(pathOf(key));
    }

    @Override
    public void list(String prefix, Consumer<String> visitor) throws IOException {
        BlobKeys.checkPrefix(prefix);
        // Walk only the folder the prefix names (or its parent), not the whole store.
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(start)) return;
        try (var paths = Files.walk(start)) {
            paths.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString())
                    .filter(k -> !k.startsWith("_tmp/") && k.startsWith(prefix))
                    .forEach(visitor);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public void checkReachable() throws IOException {
        if (!Files.isDirectory(root) || !Files.isWritable(tmp)) {
            throw new IOException("content folder is not a writable folder: " + root);
        }
    }

    @Override
    public String describe() {
        return "local folder " + root;
    }

    @Override
    public void close() {}
}
