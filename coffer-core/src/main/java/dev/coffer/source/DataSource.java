package dev.coffer.source;

/**
 * A registered bucket. It names its secret key by the team secret that holds it
 * ({@code secretName}), never by value. Exactly one of {@code region} (AWS) and {@code endpoint}
 * (any other S3-compatible host) is set. Times are epoch milliseconds.
 */
public record DataSource(
        long id,
        long teamId,
        String name,
        String bucket,
        String prefix,
        String accessKeyId,
        String secretName,
        String region,
        String endpoint,
        boolean pathStyle,
        long createdAt,
        long updatedAt) {

    /** The bucket and prefix as users write them: {@code s3://bucket} or {@code s3://bucket/prefix}. */
    public String url() {
        return SourceSpec.SCHEME + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    /** How the secret key is named in requests and answers: {@code secret:NAME}. */
    public String secretReference() {
        return SourceSpec.SECRET_PREFIX + secretName;
    }
}
