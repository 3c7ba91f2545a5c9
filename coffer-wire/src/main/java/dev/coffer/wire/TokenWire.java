package dev.coffer.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Personal and platform API tokens. Times are epoch milliseconds. */
public final class TokenWire {
    private TokenWire() {}

    /** {@code expiresInDays}: null for a token that never expires. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CreateToken(String name, Integer expiresInDays) {}

    /** A new token: {@code token} is shown only in this answer; {@code cluster} only for platform tokens. */
    public record CreatedToken(
            long id,
            String name,
            String token,
            @JsonInclude(JsonInclude.Include.NON_NULL) String cluster,
            @Nullable Long expiresAt) {}

    /** A token without its value; {@code createdBy} is given for platform tokens (the operator who made it). */
    public record TokenInfo(
            long id,
            String name,
            long createdAt,
            @Nullable Long expiresAt,
            @Nullable Long lastUsedAt,
            boolean revoked,
            boolean expired,
            @JsonInclude(JsonInclude.Include.NON_NULL) String createdBy) {}

    public record TokenList(List<TokenInfo> tokens) {}
}
