package dev.coffer.blob;

import java.util.regex.Pattern;

/** Checks the key rules of {@link BlobStore} in one place, for every implementation. */
public final class BlobKeys {
    private static final Pattern VALID = Pattern.compile("[a-z0-9._-]+(/[a-z0-9._-]+)*");

    private BlobKeys() {}

    public static String check(String key) {
        if (key == null || !VALID.matcher(key).matches() || key.contains("..")) {
            throw new IllegalArgumentException("invalid blob key: " + key);
        }
        return key;
    }

    /** A prefix may be empty or end with a slash; same alphabet as keys. */
    public static String checkPrefix(String prefix) {
        if (prefix.isEmpty()) return prefix;
        String trimmed = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        check(trimmed);
        return prefix;
    }

    public static void checkRange(String key, long size, long offset, int length) {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new IllegalArgumentException(
                    "range " + offset + "+" + length + " is outside " + key + " (" + size + " bytes)");
        }
    }
}
