package dev.coffer.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Files and folders of volumes and dataset versions. Times are epoch milliseconds; sizes are
 * bytes; {@code digest} is the SHA-256 of a file's bytes (folders have none).
 */
public final class FileWire {
    private FileWire() {}

    public enum EntryType implements Coded {
        FOLDER("folder"), FILE("file");

        private final String code;

        EntryType(String code) {
            this.code = code;
        }

        @Override
        public String code() {
            return code;
        }

        @Override
        public String toString() {
            return code;
        }
    }

    public record FileEntry(String name, EntryType type, long size, long mtime,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String digest) {}

    /**
     * A page of a folder, sorted by name: {@code next} is the {@code after} of the next page
     * (null on the last); {@code version} is given for folders of dataset versions.
     */
    public record FileListing(String path, List<FileEntry> entries, @Nullable String next,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Long version) {}

    public record ChunkRef(String id, int size) {}

    /** A file and its content as an ordered list of chunks. */
    public record FileManifest(String name, EntryType type, long size, long mtime,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String digest, List<ChunkRef> chunks) {}

    /** Files committed together, with their digests in the order they were sent. */
    public record BatchCommitResult(int committed, List<String> digests) {}

    public record DeleteResult(int deleted) {}
}
