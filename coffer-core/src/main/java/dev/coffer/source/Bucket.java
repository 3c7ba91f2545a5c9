package dev.coffer.source;

import dev.coffer.error.CofferException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A data source's bucket, under its prefix, as files and folders: paths are relative to the
 * prefix, {@code /}-separated, and a folder is a key prefix (made explicit, when empty, by a
 * zero-byte {@code NAME/} marker). Reads are ranged and streamed; writes stream too, in parts of
 * {@value #PART_SIZE_MIB} MiB (a multipart upload, so a file of any size holds at most two parts
 * in memory, one being sent while the next is read, from a budget shared by the process, see
 * {@link Multipart}; a failed write leaves nothing: an unfinished upload is aborted). A rename is a copy
 * and a delete, as S3 has nothing else.
 *
 * <p>The secret key lives in the client only; no message of this class contains it. Every
 * failure of the bucket's server becomes {@link CofferException.Upstream} naming the source,
 * after the SDK's retries with backoff (standard mode).
 */
public final class Bucket implements AutoCloseable {
    static final int PART_SIZE_MIB = 8;
    public static final int PART_SIZE = PART_SIZE_MIB << 20;
    private static final int DELETE_BATCH = 1000;
    static final long MAX_SINGLE_COPY = 5L << 30;

    /**
     * A file or a folder; {@code mtime} is epoch milliseconds (0 for folders). {@code metadata}
     * is the object's user metadata, given by {@link #stat} only (a listing has none).
     */
    public record Item(String name, boolean folder, long size, long mtime, Map<String, String> metadata) {
        public Item(String name, boolean folder, long size, long mtime) {
            this(name, folder, size, mtime, Map.of());
        }
    }

    /** A page of a folder, in name order; {@code next} continues it (null: the last page). */
    public record Page(List<Item> items, String next) {}

    private final DataSource source;
    final S3Client s3;
    private final String base;
    /** What closing this bucket does instead of closing its client (a shared client), or null. */
    private final Runnable onClose;
    /** Objects larger than this are copied in parts of this size (S3 copies at most 5 GiB at once). */
    private long copyPartSize = MAX_SINGLE_COPY;

    private Bucket(DataSource source, S3Client s3, Runnable onClose) {
        this.source = source;
        this.s3 = s3;
        this.base = source.prefix();
        this.onClose = onClose;
    }

    /** A client for {@code source} with its secret key (read from the team secret by the caller). */
    public static Bucket open(DataSource source, String secretKey) {
        return new Bucket(source, client(source, secretKey), null);
    }

    /** {@code source} through a client that others share ({@link BucketClients}); {@code release} is run at close. */
    static Bucket shared(DataSource source, S3Client s3, Runnable release) {
        return new Bucket(source, s3, release);
    }

    static S3Client client(DataSource source, String secretKey) {
        var b = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60)))
                .overrideConfiguration(
                        o -> o.retryStrategy(RetryMode.STANDARD).apiCallAttemptTimeout(Duration.ofMinutes(5)))
                .forcePathStyle(source.pathStyle())
                // Plain bodies with a Content-Length rather than aws-chunked framing, which some
                // S3-compatible servers mishandle (see S3BlobStore).
                .serviceConfiguration(
                        S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(source.accessKeyId(), secretKey)));
        if (source.endpoint() != null) {
            // Any region signs for a custom endpoint; us-east-1 is what most of them expect.
            b.endpointOverride(URI.create(source.endpoint())).region(Region.US_EAST_1);
        } else {
            b.region(Region.of(source.region()));
        }
        return b.build();
    }

    /** For tests: copy in parts above {@code bytes} (at least 5 MiB, S3's smallest part), not only above 5 GiB. */
    void copyInPartsAbove(long bytes) {
        if (bytes < (5 << 20) || bytes > MAX_SINGLE_COPY) throw new IllegalArgumentException("5 MiB to 5 GiB");
        copyPartSize = bytes;
    }

    String bucketName() {
        return source.bucket();
    }

    public DataSource source() {
        return source;
    }

    private String key(String path) {
        if (path.startsWith("/") || path.endsWith("/") || path.contains("//")) {
            // S3 keeps "a//b" and "/a" as keys of their own; callers pass checked relative paths.
            throw new IllegalArgumentException("not a relative path: '" + path + "'");
        }
        if (path.isEmpty()) return base;
        return base.isEmpty() ? path : base + "/" + path;
    }

    private String folderPrefix(String path) {
        String k = key(path);
        return k.isEmpty() ? "" : k + "/";
    }

    /** The file or folder at {@code path} ({@code ""}: the root, which always exists if the bucket does). */
    public Item stat(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (!path.isEmpty()) {
            HeadObjectResponse head = head(path);
            if (head != null)
                return new Item(
                        name,
                        false,
                        head.contentLength(),
                        head.lastModified().toEpochMilli(),
                        head.hasMetadata() ? Map.copyOf(head.metadata()) : Map.of());
        }
        ListObjectsV2Response r = call(
                "list",
                path,
                () -> s3.listObjectsV2(q ->
                        q.bucket(source.bucket()).prefix(folderPrefix(path)).maxKeys(1)));
        if (path.isEmpty() || r.keyCount() > 0) return new Item(name, true, 0, 0);
        throw notFound(path);
    }

    private HeadObjectResponse head(String path) {
        try {
            return s3.headObject(q -> q.bucket(source.bucket()).key(key(path)));
        } catch (NoSuchKeyException e) {
            return null;
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !"NoSuchBucket".equals(code(e))) return null;
            throw upstream("stat", path, e);
        } catch (SdkException e) {
            throw upstream("stat", path, e);
        }
    }

    /** Up to {@code limit} entries of folder {@code dir}, continuing after {@code token} (null: from the start). */
    public Page list(String dir, String token, int limit) {
        String prefix = folderPrefix(dir);
        ListObjectsV2Response r = call(
                "list",
                dir,
                () -> s3.listObjectsV2(q -> q.bucket(source.bucket())
                        .prefix(prefix)
                        .delimiter("/")
                        .maxKeys(limit)
                        .continuationToken(token)));
        List<Item> items = new ArrayList<>();
        for (CommonPrefix p : r.commonPrefixes()) {
            String name = p.prefix().substring(prefix.length(), p.prefix().length() - 1);
            if (!name.isEmpty()) items.add(new Item(name, true, 0, 0));
        }
        for (S3Object o : r.contents()) {
            String name = o.key().substring(prefix.length());
            if (name.isEmpty()) continue; // the folder's own marker
            items.add(new Item(name, false, o.size(), o.lastModified().toEpochMilli()));
        }
        // S3 gives keys and common prefixes in two lists, each in UTF-8 byte order.
        items.sort(Comparator.comparing(Item::name, Bucket::compareUtf8));
        if (!dir.isEmpty() && items.isEmpty() && token == null && r.keyCount() == 0) throw notFound(dir);
        return new Page(items, Boolean.TRUE.equals(r.isTruncated()) ? r.nextContinuationToken() : null);
    }

    static int compareUtf8(String a, String b) {
        // UTF-16 order differs from UTF-8 byte order only for surrogates; compare by code point.
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) return Integer.compare(x, y);
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** Bytes {@code [offset, offset + length)} of the file ({@code length} < 0: to its end), streamed. */
    public InputStream read(String path, long offset, long length) {
        String range = length < 0 ? "bytes=" + offset + "-" : "bytes=" + offset + "-" + (offset + length - 1);
        if (length == 0) return InputStream.nullInputStream();
        try {
            return s3.getObject(
                    q -> q.bucket(source.bucket()).key(key(path)).range(offset == 0 && length < 0 ? null : range));
        } catch (NoSuchKeyException e) {
            throw notFound(path);
        } catch (SdkException e) {
            throw upstream("read", path, e);
        }
    }

    /**
     * Writes the file at {@code path} from {@code in} (to its end), replacing what is there. Up to
     * two parts are held in memory; the object appears whole when the last part is in, or not at
     * all. Returns the file as it is now.
     */
    public Item write(String path, InputStream in) throws IOException {
        return write(path, in, Map.of());
    }

    /** The same, with user metadata kept with the object (S3 sends it as {@code x-amz-meta-} headers). */
    public Item write(String path, InputStream in, Map<String, String> metadata) throws IOException {
        if (path.isEmpty()) throw new CofferException.Invalid("a file needs a name inside the data source");
        String key = key(path);
        try (Multipart.Buffers buffers = Multipart.Buffers.take(label())) {
            byte[] part = buffers.first();
            int first = in.readNBytes(part, 0, PART_SIZE);
            if (first < PART_SIZE) {
                call(
                        "write",
                        path,
                        () -> s3.putObject(
                                q -> q.bucket(source.bucket())
                                        .key(key)
                                        .metadata(metadata)
                                        .contentLength((long) first),
                                RequestBody.fromInputStream(new ByteArrayInputStream(part, 0, first), first)));
            } else {
                Multipart.upload(this, path, key, buffers, first, in, metadata);
            }
        }
        return stat(path);
    }

    /** Replaces the user metadata of the file at {@code path} (a copy of the object onto itself, as S3 has no other way). */
    public Item setMetadata(String path, Map<String, String> metadata) {
        String key = key(path);
        call(
                "change",
                path,
                () -> s3.copyObject(q -> q.sourceBucket(source.bucket())
                        .sourceKey(key)
                        .destinationBucket(source.bucket())
                        .destinationKey(key)
                        .metadata(metadata)
                        .metadataDirective(MetadataDirective.REPLACE)));
        return stat(path);
    }

    /** Makes an empty folder (a {@code NAME/} marker); one that exists, empty or not, is fine. */
    public void mkdir(String path) {
        if (path.isEmpty()) return;
        if (head(path) != null)
            throw new CofferException.Conflict("a file named " + path + " exists already in " + label());
        call(
                "mkdir",
                path,
                () -> s3.putObject(
                        q -> q.bucket(source.bucket()).key(key(path) + "/").contentLength(0L), RequestBody.empty()));
    }

    /** Deletes a file, or a folder ({@code recursive}: with everything under it). */
    public void delete(String path, boolean recursive) {
        if (!path.isEmpty() && head(path) != null) {
            call(
                    "delete",
                    path,
                    () -> s3.deleteObject(q -> q.bucket(source.bucket()).key(key(path))));
            return;
        }
        List<String> keys = keysUnder(path);
        if (keys.isEmpty()) throw notFound(path);
        String marker = folderPrefix(path);
        if (!recursive && !(keys.size() == 1 && keys.getFirst().equals(marker))) {
            throw new CofferException.Conflict("the folder " + path + " in " + label() + " is not empty");
        }
        deleteKeys(path, keys);
    }

    /**
     * Moves a file or a folder: each object is copied to its new key, then the old ones are
     * deleted. A file replaces a file at {@code to} only with {@code replace}; a folder is never
     * replaced. Not atomic (S3 has no rename): a failure midway leaves both names, never neither.
     */
    public void move(String from, String to, boolean replace) {
        if (from.isEmpty() || to.isEmpty()) throw new CofferException.Invalid("the data source's root cannot move");
        if (from.equals(to)) {
            stat(from);
            return;
        }
        boolean fromIsFile = head(from) != null;
        boolean toIsFile = head(to) != null;
        if (toIsFile && !(replace && fromIsFile)) {
            throw new CofferException.Conflict(
                    "a file named " + to + " exists already in " + label() + "; delete it first or replace it");
        }
        if (!toIsFile && !keysUnder(to).isEmpty()) {
            throw new CofferException.Conflict("a folder named " + to + " exists already in " + label());
        }
        if (fromIsFile) {
            copy(from, key(from), key(to), head(from).contentLength());
            call(
                    "move",
                    from,
                    () -> s3.deleteObject(q -> q.bucket(source.bucket()).key(key(from))));
            return;
        }
        List<S3Object> objects = objectsUnder(from);
        if (objects.isEmpty()) throw notFound(from);
        String oldPrefix = folderPrefix(from);
        String newPrefix = folderPrefix(to);
        for (S3Object o : objects) copy(from, o.key(), newPrefix + o.key().substring(oldPrefix.length()), o.size());
        deleteKeys(from, objects.stream().map(S3Object::key).toList());
    }

    /**
     * Copies one object inside the bucket, metadata included. S3 copies at most 5 GiB in one
     * request; a larger object is copied in parts of {@link #copyPartSize} by the bucket itself
     * (no byte passes through here), and an unfinished copy is aborted.
     */
    private void copy(String path, String fromKey, String toKey, long size) {
        if (size <= copyPartSize) {
            call(
                    "copy",
                    path,
                    () -> s3.copyObject(q -> q.sourceBucket(source.bucket())
                            .sourceKey(fromKey)
                            .destinationBucket(source.bucket())
                            .destinationKey(toKey)));
            return;
        }
        Multipart.copy(this, path, fromKey, toKey, size, copyPartSize);
    }

    private List<String> keysUnder(String path) {
        return objectsUnder(path).stream().map(S3Object::key).toList();
    }

    private List<S3Object> objectsUnder(String path) {
        String prefix = folderPrefix(path);
        List<S3Object> keys = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            ListObjectsV2Response r = call(
                    "list",
                    path,
                    () -> s3.listObjectsV2(
                            q -> q.bucket(source.bucket()).prefix(prefix).continuationToken(t)));
            keys.addAll(r.contents());
            token = Boolean.TRUE.equals(r.isTruncated()) ? r.nextContinuationToken() : null;
        } while (token != null);
        return keys;
    }

    private void deleteKeys(String path, List<String> keys) {
        for (int i = 0; i < keys.size(); i += DELETE_BATCH) {
            List<ObjectIdentifier> batch = keys.subList(i, Math.min(keys.size(), i + DELETE_BATCH)).stream()
                    .map(k -> ObjectIdentifier.builder().key(k).build())
                    .toList();
            var r = call(
                    "delete",
                    path,
                    () -> s3.deleteObjects(q -> q.bucket(source.bucket())
                            .delete(d -> d.objects(batch).quiet(true))));
            if (!r.errors().isEmpty()) {
                throw new CofferException.Upstream(
                        label() + " did not delete " + r.errors().size() + " object(s) of " + path + ": "
                                + r.errors().getFirst().code() + " "
                                + r.errors().getFirst().message());
            }
        }
    }

    private String label() {
        return "data source '" + source.name() + "' (" + source.url() + ")";
    }

    private CofferException.NotFound notFound(String path) {
        return new CofferException.NotFound("no file or folder " + (path.isEmpty() ? "/" : path) + " in " + label());
    }

    interface Call<T> {
        T run();
    }

    /** {@code body}, its failures turned into messages naming this source (see {@link #upstream}). */
    <T> T call(String op, String path, Call<T> body) {
        try {
            return body.run();
        } catch (NoSuchKeyException e) {
            throw notFound(path);
        } catch (SdkException e) {
            throw upstream(op, path, e);
        }
    }

    private static String code(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    /** What went wrong, naming the source; never a key (the SDK's messages hold none). */
    private CofferException upstream(String op, String path, SdkException e) {
        String where = op + " " + (path.isEmpty() ? "/" : path);
        if (e instanceof S3Exception s) {
            String code = code(s);
            if ("NoSuchBucket".equals(code)) {
                return new CofferException.Upstream(label() + ": the bucket '" + source.bucket() + "' does not exist");
            }
            if (s.statusCode() == 403 || "InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code)) {
                return new CofferException.Upstream(label() + " refused " + where + " (" + code + "): check the access"
                        + " key id and the team secret '" + source.secretName() + "', and what the key may do");
            }
            return new CofferException.Upstream(label() + " failed " + where + ": HTTP " + s.statusCode() + " " + code);
        }
        if (e instanceof SdkClientException) {
            String at = source.endpoint() != null ? source.endpoint() : "AWS region " + source.region();
            return new CofferException.Upstream(
                    label() + " is not reachable at " + at + " (" + where + "): " + e.getMessage());
        }
        return new CofferException.Upstream(label() + " failed " + where + ": " + e.getMessage());
    }

    @Override
    public void close() {
        if (onClose != null) onClose.run();
        else s3.close();
    }
}
