package dev.coffer.server.http;

import dev.coffer.content.ContentStore;
import dev.coffer.content.Manifest;
import dev.coffer.error.CofferException;
import dev.coffer.server.Services;
import dev.coffer.source.Bucket;
import dev.coffer.tree.FileCommit;
import dev.coffer.tree.FileEntry;
import dev.coffer.tree.FileModes;
import dev.coffer.tree.FileTree;
import dev.coffer.tree.VolumePath;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Copies between a team's bucket and Coffer's trees, on the server, streamed: an import reads
 * each object of a prefix and stores it as chunks (deduplicated on the way in, counted toward the
 * team's storage, within its quota), committing files a batch at a time; an export reads each
 * file's chunks in order and writes it to the bucket in parts. Neither holds a whole file in
 * memory. An import commits in batches of {@value #BATCH} files: a failure midway keeps the
 * batches committed before it (each is whole), and the copy can be run again.
 */
final class BucketCopies {
    private static final int BATCH = 500;
    private static final int PAGE = 1000;

    private final Services s;
    private final Buckets buckets;

    BucketCopies(Services s) {
        this.s = s;
        this.buckets = new Buckets(s);
    }

    /** {@code from} of data source {@code source} into {@code to} of {@code target}. */
    FileEntry importInto(Context ctx, FileTree target, String team, String source, VolumePath from, VolumePath to)
            throws IOException {
        if (to.isRoot()) throw new CofferException.Invalid("name the folder or file to copy into ('to')");
        target.checkCanCreate(to);
        try (Bucket bucket = buckets.open(ctx, team, source, false)) {
            String rel = SourceFileRoutes.relative(from);
            Bucket.Item item = bucket.stat(rel);
            if (!item.folder()) {
                return target.put(to, ingest(target, bucket, rel, item.size()), item.mtime(), 0);
            }
            target.mkdir(to, true);
            List<FileCommit> batch = new ArrayList<>();
            importFolder(target, bucket, rel, to, batch);
            if (!batch.isEmpty()) target.putAll(batch);
            return target.stat(to);
        }
    }

    private void importFolder(FileTree target, Bucket bucket, String dir, VolumePath to, List<FileCommit> batch)
            throws IOException {
        String token = null;
        do {
            Bucket.Page page = bucket.list(dir, token, PAGE);
            for (Bucket.Item i : page.items()) {
                String rel = dir.isEmpty() ? i.name() : dir + "/" + i.name();
                VolumePath path = to.child(i.name());
                if (i.folder()) {
                    target.mkdir(path, true);
                    importFolder(target, bucket, rel, path, batch);
                    continue;
                }
                batch.add(new FileCommit(path, ingest(target, bucket, rel, i.size()), i.mtime(), 0));
                if (batch.size() >= BATCH) {
                    target.putAll(List.copyOf(batch));
                    batch.clear();
                }
            }
            token = page.next();
        } while (token != null);
    }

    private Manifest ingest(FileTree target, Bucket bucket, String rel, long size) throws IOException {
        s.content().admitUpload(target.scope(), size);
        try (InputStream in = bucket.read(rel, 0, -1)) {
            return s.content().ingest(target.scope(), in);
        }
    }

    /** {@code from} of {@code source} (a Coffer tree the caller may read) into {@code to} of data source {@code name}. */
    Bucket.Item exportTo(Context ctx, String team, String name, FileTree source, VolumePath from, String to)
            throws Exception {
        try (Bucket bucket = buckets.open(ctx, team, name, true)) {
            FileEntry top = source.stat(from);
            if (!top.directory()) {
                if (to.isEmpty()) throw new CofferException.Invalid("name the file to copy into ('to')");
                return bucket.write(to, contentOf(top, from));
            }
            // Folders that get no file are made as markers at the end, so they are not lost.
            Set<String> emptyFolders = new HashSet<>();
            if (!to.isEmpty()) emptyFolders.add(to);
            source.walk(from, (entry, relative) -> {
                String key = join(to, String.join("/", relative));
                if (entry.directory()) {
                    if (!key.isEmpty()) emptyFolders.add(key);
                } else if (!entry.symlink()) {
                    bucket.write(key, contentOf(entry, from));
                    for (String k = key; k.contains("/"); k = k.substring(0, k.lastIndexOf('/')))
                        emptyFolders.remove(k.substring(0, k.lastIndexOf('/')));
                    emptyFolders.remove(key);
                }
            });
            for (String folder : emptyFolders) bucket.mkdir(folder);
            return to.isEmpty() ? new Bucket.Item("", true, 0, 0) : bucket.stat(to);
        }
    }

    private static String join(String a, String b) {
        if (a.isEmpty()) return b;
        return b.isEmpty() ? a : a + "/" + b;
    }

    /** A file's bytes, read chunk by chunk as the stream is read (one chunk in memory at a time). */
    private InputStream contentOf(FileEntry file, VolumePath where) {
        long contentId = FileModes.contentOf(file, where);
        ContentStore content = s.content();
        Iterator<ContentStore.PlacedChunk> chunks =
                content.chunksFrom(contentId, 0).iterator();
        return new InputStream() {
            private byte[] current = new byte[0];
            private int at;

            private boolean fill() throws IOException {
                while (at >= current.length) {
                    if (!chunks.hasNext()) return false;
                    current = content.readChunk(chunks.next().id());
                    at = 0;
                }
                return true;
            }

            @Override
            public int read() throws IOException {
                return fill() ? current[at++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) return 0;
                if (!fill()) return -1;
                int n = Math.min(len, current.length - at);
                System.arraycopy(current, at, b, off, n);
                at += n;
                return n;
            }
        };
    }
}
