package dev.coffer.blob;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Blobs as objects in an S3 bucket (AWS or any S3-compatible service), under a key prefix so
 * that one bucket can hold several stores.
 *
 * <p>Each blob is one single-part PUT: S3 makes an object visible only once the whole body has
 * arrived and been stored durably, so puts are atomic and durable as the contract asks, with no
 * temporary names to clean up. Blobs are at most a few MiB, well under the single-part limit.
 *
 * <p>Not-found is decided by the error code, not the HTTP status alone: a missing bucket also
 * answers 404, and reporting that as "blob not found" (or size -1) would make a misconfigured
 * store look like lost data. Every other SDK failure becomes an {@link IOException}.
 */
public final class S3BlobStore implements BlobStore {
    private final S3Settings settings;
    private final String bucket;
    private final String prefix;
    private final S3Client s3;

    public S3BlobStore(S3Settings settings) {
        this.settings = settings;
        this.bucket = settings.bucket();
        this.prefix = settings.prefix();
        S3ClientBuilder b = S3Client.builder()
                // Named explicitly: with several HTTP clients on the classpath the SDK refuses to guess.
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60)))
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                // Send each body as plain bytes with Content-Length, signed (or checksummed) in the
                // headers, instead of the aws-chunked framing. Observed with S3Proxy 4.1.0: it
                // answers a chunked PUT before reading the chunked trailer, closes the connection,
                // and the JDK client then writes the next PUT into that dead pooled connection
                // ("Error writing request body to server"; 10-45 % of first attempts, sometimes
                // all four attempts). Plain bodies: 0 failures in 1,800 puts. Blobs are in memory
                // anyway, so the one-pass hash costs the same.
                .serviceConfiguration(
                        S3Configuration.builder().chunkedEncodingEnabled(false).build());
        if (settings.endpoint() != null) b.endpointOverride(settings.endpoint());
        if (settings.hasStaticCredentials()) {
            b.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())));
        } // else the SDK's default chain: environment, profile files, container and instance roles
        this.s3 = b.build();
    }

    public S3Settings settings() {
        return settings;
    }

    private String objectKey(String key) {
        return prefix + BlobKeys.check(key);
    }

    @Override
    public void put(String key, byte[] data) throws IOException {
        String objectKey = objectKey(key);
        try {
            s3.putObject(
                    r -> r.bucket(bucket).key(objectKey).contentLength((long) data.length),
                    RequestBody.fromBytes(data));
        } catch (SdkException e) {
            throw failure("put", key, e);
        }
    }

    @Override
    public byte[] get(String key) throws IOException {
        String objectKey = objectKey(key);
        try {
            return s3.getObjectAsBytes(r -> r.bucket(bucket).key(objectKey)).asByteArray();
        } catch (SdkException e) {
            throw failure("get", key, e);
        }
    }

    /**
     * One ranged GET; the size check uses the total in the answer's {@code Content-Range}, so the
     * common case costs one request. Only an empty range or a refused one (416) asks for the size.
     */
    @Override
    public byte[] getRange(String key, long offset, int length) throws IOException {
        String objectKey = objectKey(key);
        if (offset < 0 || length < 0 || offset > Long.MAX_VALUE - length) {
            throw new IllegalArgumentException("invalid range " + offset + "+" + length + " of " + key);
        }
        if (length == 0) {
            checkRangeBySize(key, offset, length); // an HTTP range cannot be empty
            return new byte[0];
        }
        ResponseBytes<GetObjectResponse> answer;
        try {
            answer = s3.getObjectAsBytes(
                    r -> r.bucket(bucket).key(objectKey).range("bytes=" + offset + "-" + (offset + length - 1)));
        } catch (S3Exception e) {
            if (e.statusCode() == 416) { // the range starts at or past the end (or the blob is empty)
                checkRangeBySize(key, offset, length);
                throw new IOException(
                        "the store refused range " + offset + "+" + length + " of " + key
                                + " although the blob is long enough",
                        e);
            }
            throw failure("get range of", key, e);
        } catch (SdkException e) {
            throw failure("get range of", key, e);
        }
        byte[] body = answer.asByteArray();
        String contentRange = answer.response().contentRange();
        if (contentRange == null) {
            // The service ignored the Range header and sent the whole blob (allowed by HTTP).
            BlobKeys.checkRange(key, body.length, offset, length);
            return Arrays.copyOfRange(body, (int) offset, (int) offset + length);
        }
        // The service cuts a range that runs past the end; the total says by how much.
        BlobKeys.checkRange(key, totalOf(contentRange, key), offset, length);
        if (body.length != length || !contentRange.startsWith("bytes " + offset + "-")) {
            throw new IOException("asked for " + offset + "+" + length + " of " + key + ", got " + body.length
                    + " bytes (" + contentRange + ")");
        }
        return body;
    }

    private void checkRangeBySize(String key, long offset, int length) throws IOException {
        long size = size(key);
        if (size < 0) throw new BlobNotFoundException(key);
        BlobKeys.checkRange(key, size, offset, length);
    }

    /** The total of {@code bytes FIRST-LAST/TOTAL}. */
    private static long totalOf(String contentRange, String key) throws IOException {
        int slash = contentRange.lastIndexOf('/');
        try {
            return Long.parseLong(contentRange.substring(slash + 1).trim());
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new IOException("unreadable Content-Range for " + key + ": " + contentRange, e);
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        String objectKey = objectKey(key);
        try {
            return s3.getObject(r -> r.bucket(bucket).key(objectKey));
        } catch (SdkException e) {
            throw failure("open", key, e);
        }
    }

    /**
     * A HEAD answer has no body, so a 404 does not say whether the key or the whole bucket is
     * missing; only in that case a second request tells them apart.
     */
    @Override
    public long size(String key) throws IOException {
        String objectKey = objectKey(key);
        try {
            return s3.headObject(r -> r.bucket(bucket).key(objectKey)).contentLength();
        } catch (S3Exception e) {
            if (e.statusCode() != 404) throw failure("size of", key, e);
            checkReachable();
            return -1;
        } catch (SdkException e) {
            throw failure("size of", key, e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        String objectKey = objectKey(key);
        try {
            // S3 answers 204 whether or not the key existed: idempotent as the contract asks.
            s3.deleteObject(r -> r.bucket(bucket).key(objectKey));
        } catch (SdkException e) {
            throw failure("delete", key, e);
        }
    }

    /**
     * Objects under the prefix whose names are not valid keys (a folder marker made by a console,
     * a file someone copied in) are skipped: they are not blobs, and every other method would
     * refuse their names anyway.
     */
    @Override
    public void list(String listPrefix, Consumer<String> visitor) throws IOException {
        BlobKeys.checkPrefix(listPrefix);
        try {
            for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix + listPrefix))
                    .contents()) {
                String key = o.key().substring(prefix.length());
                if (isValidKey(key)) visitor.accept(key);
            }
        } catch (SdkException e) {
            throw failure("list", listPrefix.isEmpty() ? "(all)" : listPrefix, e);
        }
    }

    private static boolean isValidKey(String key) {
        try {
            BlobKeys.check(key);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void checkReachable() throws IOException {
        try {
            s3.headBucket(r -> r.bucket(bucket));
        } catch (S3Exception e) {
            String why = switch (e.statusCode()) {
                case 404 -> "the bucket does not exist";
                case 301, 400 -> "the bucket is in another region or the endpoint is wrong";
                case 403 -> "access denied (check the keys and the bucket policy)";
                default -> "HTTP " + e.statusCode();
            };
            throw new IOException(
                    "S3 bucket " + bucket + " at " + S3Settings.redact(settings.endpoint()) + " is not usable: " + why,
                    e);
        } catch (SdkException e) {
            throw new IOException(
                    "S3 bucket " + bucket + " at " + S3Settings.redact(settings.endpoint()) + " is not reachable: "
                            + e.getMessage(),
                    e);
        }
    }

    @Override
    public String describe() {
        return "s3 bucket " + bucket + "/" + prefix + " at " + S3Settings.redact(settings.endpoint()) + " (region "
                + settings.region() + ")";
    }

    @Override
    public void close() {
        s3.close();
    }

    private IOException failure(String op, String key, SdkException e) {
        if (e instanceof NoSuchKeyException
                || (e instanceof S3Exception s
                        && s.awsErrorDetails() != null
                        && "NoSuchKey".equals(s.awsErrorDetails().errorCode()))) {
            BlobNotFoundException notFound = new BlobNotFoundException(key);
            notFound.initCause(e);
            return notFound;
        }
        String detail = e instanceof S3Exception s && s.awsErrorDetails() != null
                ? s.awsErrorDetails().errorCode() + " (HTTP " + s.statusCode() + ")"
                : e.getMessage();
        return new IOException("could not " + op + " " + key + " in " + describe() + ": " + detail, e);
    }
}
