package dev.coffer.cli.mount;

import dev.coffer.cli.client.ApiClient;
import dev.coffer.cli.client.Location;
import dev.coffer.cli.transfer.BatchUploader;
import dev.coffer.cli.transfer.Progress;
import dev.coffer.cli.transfer.TransferStats;
import dev.coffer.cli.transfer.Uploader;
import dev.coffer.content.Manifest;
import dev.coffer.wire.FileWire;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One tree the mount shows (a notebook's {@code /notebooks}, the team's {@code /storage}, a dataset
 * version), spoken to through the file API. Paths are relative to the tree's root, without a
 * leading slash ({@code ""} is the root). Failures arrive as {@link ApiClient.ProblemException}s,
 * which {@link Errors} turns into errno values.
 */
class RemoteTree {
    /** Files up to this size are sent in one request (see {@link #upload}). */
    static final long ONE_REQUEST = 1L << 20;

    /** Files up to this size are read with their manifest, in one request (the server's limit). */
    static final long INLINE = 256 * 1024;

    /** Entries per listing page: a folder of 100,000 entries takes 10 requests. */
    static final int PAGE = 10_000;

    final ApiClient api;
    final String team;
    final Location.Remote root;
    private final boolean writable;
    private final Uploader uploader;

    RemoteTree(ApiClient api, String team, Location.Remote root, boolean writable, Uploader uploader) {
        this.api = api;
        this.team = team;
        this.root = root;
        this.writable = writable;
        this.uploader = uploader;
    }

    boolean writable() {
        return writable;
    }

    /** How logs name this tree, e.g. {@code storage@default}. */
    String label() {
        return root.toString().replaceAll(":$", "");
    }

    final String url(String op, String rel) {
        return root.url(team, op, rel);
    }

    /** What is at {@code rel}, or null when nothing is. */
    FileWire.FileEntry stat(String rel) {
        try {
            return api.get(url("stat", rel), FileWire.FileEntry.class);
        } catch (ApiClient.ProblemException e) {
            if (e.status() == 404) return null;
            throw e;
        }
    }

    /** A folder's entries, and the manifests (bytes included) of its small files when they were asked for. */
    record Listing(List<FileWire.FileEntry> entries, List<FileWire.FileManifest> manifests) {}

    /**
     * Every entry of folder {@code rel}, all pages, in name order; with {@code inline} above 0,
     * also the manifests of its files of at most that many bytes (what the server gives).
     */
    Listing list(String rel, long inline) {
        List<FileWire.FileEntry> all = new ArrayList<>();
        List<FileWire.FileManifest> manifests = new ArrayList<>();
        String after = null;
        do {
            String q = "?limit=" + PAGE + (after == null ? "" : "&after=" + ApiClient.encodeName(after))
                    + (inline > 0 ? "&inline=" + inline : "");
            FileWire.FileListing page = api.get(url("list", rel) + q, FileWire.FileListing.class);
            all.addAll(page.entries());
            if (page.manifests() != null) manifests.addAll(page.manifests());
            after = page.next();
        } while (after != null);
        return new Listing(all, manifests);
    }

    /** A file's manifest as it is now; a file of at most {@link #INLINE} bytes comes with its bytes. */
    FileWire.FileManifest manifest(String rel) {
        return api.get(url("manifest", rel) + "?inline=" + INLINE, FileWire.FileManifest.class);
    }

    /** One chunk's bytes, read through this tree (a chunk is readable only through a tree that holds it). */
    byte[] chunk(String id) {
        return api.getBytes(root.apiBase(team) + "/chunks/" + id);
    }

    /** The bytes of one piece of the file at {@code rel} (here a chunk), through the mount's chunk cache. */
    byte[] piece(ChunkCache cache, String rel, FileWire.ChunkRef ref) {
        return cache.get(ref.id(), () -> chunk(ref.id()));
    }

    /** Whether {@link #piece} would answer without a request. */
    boolean hasPiece(ChunkCache cache, String rel, FileWire.ChunkRef ref) {
        return cache.contains(ref.id());
    }

    /** Sends small files held in memory and commits them all in one transaction; returns their digests, in order. */
    List<String> uploadBatch(List<BatchUploader.SmallContent> files) {
        return new BatchUploader(api, team, new TransferStats()).upload(root, files);
    }

    FileWire.FileEntry mkdir(String rel) {
        return api.post(url("mkdir", rel), Map.of(), FileWire.FileEntry.class);
    }

    void delete(String rel, boolean recursive) {
        api.delete(url("files", rel) + (recursive ? "?recursive=true" : ""));
    }

    void move(String from, String to, boolean replace) {
        api.postJson(root.apiBase(team) + "/move", new FileWire.MoveRequest(from, to, replace ? true : null, null));
    }

    void symlink(String rel, String target) {
        api.postJson(url("symlink", rel), new FileWire.SymlinkRequest(target, null));
    }

    FileWire.FileEntry attributes(String rel, Long mtime, Integer mode) {
        String octal = mode == null ? null : Integer.toOctalString(mode & 07777);
        return api.post(url("attributes", rel), new FileWire.AttributesRequest(mtime, octal), FileWire.FileEntry.class);
    }

    /**
     * Sends the spooled file and commits it at {@code rel} with {@code mtime} and {@code mode};
     * returns what the server committed, or null when it does not say (a large file). A file
     * of at most {@link #ONE_REQUEST} bytes goes in one request (its bytes and the commit: one
     * round trip instead of three, what a tree of small files is made of); a larger one with
     * the deduplicating upload protocol (only chunks the server lacks travel, so an edit in
     * the middle of a big file sends the chunks around it). Either way the server's digest is
     * checked against the one computed here.
     */
    FileWire.FileEntry upload(Path spool, String rel, long mtime, int mode) throws IOException {
        if (Files.size(spool) <= ONE_REQUEST) return upload(Files.readAllBytes(spool), rel, mtime, mode);
        Files.setLastModifiedTime(spool, FileTime.fromMillis(mtime));
        try (Progress quiet = Progress.start(rel, Files.size(spool), false)) {
            uploader.upload(spool, root.child(rel), quiet, mode & 07777);
        }
        return null;
    }

    /** A file of at most {@link #ONE_REQUEST} bytes held in memory, sent and committed in one request. */
    FileWire.FileEntry upload(byte[] data, String rel, long mtime, int mode) throws IOException {
        String expected = new Manifest(BatchUploader.chunkRefs(data)).digest();
        String query = "?mtime=" + mtime + ((mode & 07777) == 0 ? "" : "&mode=" + Integer.toOctalString(mode & 07777));
        FileWire.FileEntry committed = api.putBytes(url("files", rel) + query, data, FileWire.FileEntry.class);
        if (!expected.equals(committed.digest())) {
            throw new IOException("verification failed for " + rel + ": the server stored digest " + committed.digest()
                    + ", expected " + expected);
        }
        return committed;
    }
}
