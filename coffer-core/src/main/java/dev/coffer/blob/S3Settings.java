package dev.coffer.blob;

import java.net.URI;
import java.util.Objects;

/**
 * Where an {@link S3BlobStore} keeps its blobs and how it signs in.
 *
 * @param bucket    the bucket, which must already exist (Coffer never creates or deletes buckets)
 * @param prefix    the folder inside the bucket that holds this store's keys; {@code ""} or
 *                  {@code null} for the bucket's top, otherwise normalized to end with {@code /}
 *                  so that {@code coffer} and {@code coffer/} name the same folder
 * @param endpoint  the S3-compatible service (MinIO, S3Proxy, Garage, …), or {@code null} for AWS
 * @param region    the signing region; {@code null} means {@code us-east-1}, which S3-compatible
 *                  services accept whatever their own name for it
 * @param accessKey the access key, or {@code null} to use the AWS default chain (environment,
 *                  profile, instance role); given together with {@code secretKey}
 * @param secretKey the secret key; never printed, see {@link #toString()}
 * @param pathStyle {@code true} for {@code http://host/bucket/key} addressing, which most
 *                  self-hosted services need; {@code false} for {@code http://bucket.host/key}
 */
public record S3Settings(
        String bucket,
        String prefix,
        URI endpoint,
        String region,
        String accessKey,
        String secretKey,
        boolean pathStyle) {

    public static final String DEFAULT_REGION = "us-east-1";

    public S3Settings {
        Objects.requireNonNull(bucket, "bucket");
        if (bucket.isBlank()) throw new IllegalArgumentException("the S3 bucket name is empty");
        prefix = normalizePrefix(prefix);
        region = region == null || region.isBlank() ? DEFAULT_REGION : region;
        if ((accessKey == null) != (secretKey == null)) {
            throw new IllegalArgumentException("give both the S3 access key and the secret key, or neither");
        }
        if (endpoint != null && (endpoint.getScheme() == null || endpoint.getHost() == null)) {
            throw new IllegalArgumentException(
                    "the S3 endpoint must be a URL like http://host:port, not " + redact(endpoint));
        }
    }

    /** Whether keys come from this record rather than the AWS default credentials chain. */
    public boolean hasStaticCredentials() {
        return accessKey != null;
    }

    /**
     * The endpoint without any user-info part, fit for logs: someone may have written the keys
     * into the URL out of habit, and those must not reach a log line or the start-up banner.
     */
    public static String redact(URI endpoint) {
        if (endpoint == null) return "the AWS endpoint";
        if (endpoint.getRawUserInfo() == null) return endpoint.toString();
        String s = endpoint.toString();
        return s.replace(endpoint.getRawUserInfo() + "@", "");
    }

    /** Records print every field by default; this one must not print the secret key. */
    @Override
    public String toString() {
        return "S3Settings[bucket=" + bucket + ", prefix=" + prefix + ", endpoint=" + redact(endpoint)
                + ", region=" + region + ", accessKey=" + (accessKey == null ? "(default chain)" : accessKey)
                + ", secretKey=" + (secretKey == null ? "(default chain)" : "***") + ", pathStyle=" + pathStyle + "]";
    }

    private static String normalizePrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) return "";
        // A leading slash would make an object literally named "/coffer/…" on most services, and
        // an empty or ".." segment makes keys that tools show differently from how S3 stores them.
        if (prefix.startsWith("/")
                || prefix.contains("//")
                || ("/" + prefix + "/").contains("/../")
                || ("/" + prefix + "/").contains("/./")) {
            throw new IllegalArgumentException("invalid S3 prefix: " + prefix
                    + " (use a relative folder such as coffer/ without empty, . or .. parts)");
        }
        return prefix.endsWith("/") ? prefix : prefix + "/";
    }
}
