package dev.coffer.cli.mount;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.coffer.cli.client.ApiClient;
import dev.coffer.cli.client.Location;
import dev.coffer.wire.FileWire;
import dev.coffer.wire.SourceWire;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A bucket the mount shows at {@code /datasets/NAME}, read-write, through the server's data
 * source routes: the mount never sees the secret key, only the team secret's name. A settings
 * file's {@code type: s3} entry is a source defined on the fly: every request carries its
 * definition (header {@code Coffer-Source}) and the server checks it like a registered one.
 *
 * <p>A bucket holds objects, not chunks: a file is read in ranges of {@value #PIECE} bytes
 * (cached in memory, named by the object's path, size and time, so a changed object is read
 * anew) and written whole from the spool when closed. Buckets keep no links, modes or times
 * of their own: a link is refused (EPERM, with the reason logged), and chmod and utimens leave
 * a file as it is (its time is when it was last written to the bucket).
 */
public final class BucketTree extends RemoteTree {
    /** Bytes per ranged read: a 1 GiB file is 256 requests, and read-ahead keeps a few in flight. */
    static final int PIECE = 4 << 20;

    private static final int EEXIST = 17;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String label;
    private final Cache<String, byte[]> pieces = Caffeine.newBuilder()
            .maximumWeight(64L << 20)
            .weigher((String k, byte[] v) -> v.length)
            .build();

    private BucketTree(ApiClient api, String team, String name, String label) {
        super(api, team, new Location.Remote("sources", name, ""), true, null);
        this.label = label;
    }

    /** The bucket of a settings file's {@code type: s3} entry, defined on the fly for each request. */
    static BucketTree of(ApiClient api, String team, Settings.BucketMount b) {
        var spec = new SourceWire.SourceSpec(
                b.url(), b.accessKeyId(), "secret:" + b.secretName(), b.region(), b.endpoint(), null);
        String header;
        try {
            header = JSON.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String where = b.endpoint() != null ? b.endpoint() : b.region();
        return new BucketTree(
                api.withHeader("Coffer-Source", header),
                team,
                b.name(),
                "s3:" + b.name() + " (" + b.url() + " at " + where + ", key " + b.accessKeyId() + ", secret "
                        + b.secretName() + ")");
    }

    /**
     * Why the server refuses the bucket {@code b} declares (its plan, the secret it names, the
     * bucket's answer), or null when it accepts it: the check the mount makes before mounting.
     */
    public static String refusal(ApiClient api, String team, Settings.BucketMount b) {
        try {
            of(api, team, b).stat("");
            return null;
        } catch (ApiClient.ProblemException e) {
            return e.getMessage();
        }
    }

    @Override
    String label() {
        return label;
    }

    /** The file as ranges of the object; the object's size and time name them (see {@link #piece}). */
    @Override
    FileWire.FileManifest manifest(String rel) {
        FileWire.FileEntry e = api.get(url("stat", rel), FileWire.FileEntry.class);
        List<FileWire.ChunkRef> ranges = new ArrayList<>();
        if (e.type() == FileWire.EntryType.FILE) {
            for (long at = 0; at < e.size(); at += PIECE) {
                int length = (int) Math.min(PIECE, e.size() - at);
                ranges.add(new FileWire.ChunkRef(at + "+" + length + "@" + e.size() + "." + e.mtime(), length));
            }
        }
        return new FileWire.FileManifest(e.name(), e.type(), e.size(), e.mtime(), null, null, ranges);
    }

    @Override
    byte[] piece(ChunkCache cache, String rel, FileWire.ChunkRef ref) {
        return pieces.get(rel + "\0" + ref.id(), k -> {
            long offset = Long.parseLong(ref.id().substring(0, ref.id().indexOf('+')));
            return api.getRange(url("files", rel), offset, ref.size());
        });
    }

    @Override
    boolean hasPiece(ChunkCache cache, String rel, FileWire.ChunkRef ref) {
        return pieces.getIfPresent(rel + "\0" + ref.id()) != null;
    }

    @Override
    byte[] chunk(String id) {
        throw new UnsupportedOperationException("a bucket is read in ranges, not chunks");
    }

    /** A folder; one that exists already is refused, as a file system does (S3 would just keep it). */
    @Override
    FileWire.FileEntry mkdir(String rel) {
        if (stat(rel) != null) throw new Errors.Refused(EEXIST, rel + " exists already in " + label);
        return super.mkdir(rel);
    }

    @Override
    void symlink(String rel, String target) {
        throw new Errors.Refused(Errors.EPERM, "a bucket keeps no symbolic links (" + label + ")");
    }

    /** Buckets keep no modes or times of their own: the file stays as it is. */
    @Override
    FileWire.FileEntry attributes(String rel, Long mtime, Integer mode) {
        return stat(rel);
    }

    /** Streams the spool into the bucket (the server writes it in parts); the object appears whole or not at all. */
    @Override
    FileWire.FileEntry upload(Path spool, String rel, long mtime, int mode) throws IOException {
        return api.putFile(url("files", rel), spool, FileWire.FileEntry.class);
    }
}
