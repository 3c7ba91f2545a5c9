package dev.coffer.wire;

import java.util.List;

/** A team's secrets: no answer carries a value. Times are epoch milliseconds. */
public final class SecretWire {
    private SecretWire() {}

    public record SecretValue(String value) {}

    public record Secret(String name, long createdAt, long updatedAt) {}

    /** The answer to setting a secret: {@code created} is false when it replaced one. */
    public record StoredSecret(String name, long createdAt, long updatedAt, boolean created) {}

    public record SecretList(List<Secret> secrets) {}
}
