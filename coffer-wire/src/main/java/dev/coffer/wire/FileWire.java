package dev.coffer.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Files, folders and symbolic links of every tree (volumes, drafts, versions), and the requests
 * that change them. Times are epoch milliseconds; sizes are bytes; {@code digest} is the SHA-256
 * of a file's bytes (folders have none; a link's is that of its target text); {@code mode} is a
 * file's permission bits in octal ("755"), absent when none were given.
 */
public final class FileWire {
    private FileWire() {}

    public enum EntryType implements Coded {
        FOLDER,
        FILE,
        SYMLINK;

        @Override
        public String toString() {
            return code();
        }
    }

    /** {@code target}: what a symbolic link points at, as text (never followed). */
    public record FileEntry(
            String name,
            EntryType type,
            long size,
            long mtime,
            @JsonInclude(JsonInclude.Include.NON_NULL) String digest,
            @JsonInclude(JsonInclude.Include.NON_NULL) String mode,
            @JsonInclude(JsonInclude.Include.NON_NULL) String target) {}

    /**
     * A page of a folder, sorted by name: {@code next} is the {@code after} of the next page
     * (null on the last); {@code version} is given for folders of dataset versions.
     */
    public record FileListing(
            String path,
            List<FileEntry> entries,
            @Nullable String next,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long version,
            /** With {@code ?inline=BYTES}: the manifests, bytes included, of the page's files of at most that size. */
            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            List<FileManifest> manifests) {}

    public record ChunkRef(String id, int size) {}

    /** A file and its content as an ordered list of chunks. */
    public record FileManifest(
            String name,
            EntryType type,
            long size,
            long mtime,
            @JsonInclude(JsonInclude.Include.NON_NULL) String digest,
            @JsonInclude(JsonInclude.Include.NON_NULL) String mode,
            List<ChunkRef> chunks,
            @JsonInclude(JsonInclude.Include.NON_NULL) byte[] content) {
        public FileManifest(
                String name, EntryType type, long size, long mtime, String digest, String mode, List<ChunkRef> chunks) {
            this(name, type, size, mtime, digest, mode, chunks, null);
        }
    }

    /** A file to commit from chunks the server already holds ({@code size} of each is optional). */
    public record ChunkSpec(
            String id,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer size) {}

    public record FileCommitRequest(
            List<ChunkSpec> chunks,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long mtime,
            @JsonInclude(JsonInclude.Include.NON_NULL) String mode) {}

    /** One file of a batch; {@code path} is relative to the folder named in the URL. */
    public record BatchFile(
            String path,
            List<ChunkSpec> chunks,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long mtime,
            @JsonInclude(JsonInclude.Include.NON_NULL) String mode) {}

    public record BatchCommitRequest(List<BatchFile> files) {}

    /** {@code paths} relative to the folder named in the URL (the tree's root without one). */
    public record DeleteRequest(
            List<String> paths,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean recursive) {}

    /** {@code target}: what the link points at, as text; {@code mtime} optional. */
    public record SymlinkRequest(
            String target,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long mtime) {}

    /** Either or both: {@code mtime} and {@code mode} (a file's permission bits in octal). */
    public record AttributesRequest(
            @JsonInclude(JsonInclude.Include.NON_NULL) Long mtime,
            @JsonInclude(JsonInclude.Include.NON_NULL) String mode) {}

    /**
     * The tree a copy or move takes its source from, when not the one in the URL: {@code kind}
     * is storage, notebooks, datasets or public; {@code name} the volume or the dataset
     * reference (name, name@version, name@tag, name@draft); {@code team} defaults to the URL's.
     */
    public record SourceTree(
            String kind,
            String name,
            @JsonInclude(JsonInclude.Include.NON_NULL) String team) {}

    public record CopyRequest(
            String from,
            String to,
            @JsonInclude(JsonInclude.Include.NON_NULL) SourceTree source) {}

    public record MoveRequest(
            String from,
            String to,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean replace,
            @JsonInclude(JsonInclude.Include.NON_NULL) SourceTree source) {}

    /** Files committed together, with their digests in the order they were sent. */
    public record BatchCommitResult(int committed, List<String> digests) {}

    public record DeleteResult(int deleted) {}

    /**
     * Modification times (epoch milliseconds) to set, by path relative to the folder named in the
     * URL: all in one transaction, or none when a path does not exist.
     */
    public record TimesRequest(Map<String, Long> times) {}

    /** Many symbolic links at once: path (below the request's folder) to its target and time. */
    public record LinksRequest(Map<String, SymlinkRequest> links) {}

    public record LinksResult(int made) {}

    public record TimesResult(int changed) {}
}
