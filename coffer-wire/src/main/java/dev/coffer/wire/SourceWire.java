package dev.coffer.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * External data sources (S3-compatible buckets). The secret key is named, never sent:
 * {@code secretAccessKey} is always {@code secret:NAME}, a team secret. Times are epoch
 * milliseconds.
 */
public final class SourceWire {
    private SourceWire() {}

    /**
     * A new source ({@code url}, {@code accessKeyId} and {@code secretAccessKey} required), or in
     * an update the fields to change, null keeping what the source has. Exactly one of
     * {@code region} (AWS) and {@code endpoint} (any other host).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SourceSpec(
            String url,
            String accessKeyId,
            String secretAccessKey,
            String region,
            String endpoint,
            Boolean pathStyle) {}

    public record Source(
            String name,
            String url,
            String accessKeyId,
            String secretAccessKey,
            @Nullable String region,
            @Nullable String endpoint,
            boolean pathStyle,
            long createdAt,
            long updatedAt) {}

    public record SourceList(List<Source> sources) {}
}
