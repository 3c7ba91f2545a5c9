package dev.coffer.chunk;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** The name of a chunk: the SHA-256 of its plain bytes, written as 64 lower-case hex digits. */
public record ChunkId(String hex) {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public ChunkId {
        if (hex == null || !HEX64.matcher(hex).matches()) {
            throw new IllegalArgumentException(
                    "a chunk id is 64 lower-case hex digits (SHA-256), got: " + abbreviate(hex));
        }
    }

    public static ChunkId of(byte[] data) {
        return of(data, 0, data.length);
    }

    public static ChunkId of(byte[] data, int offset, int length) {
        MessageDigest sha = sha256();
        sha.update(data, offset, length);
        return new ChunkId(HexFormat.of().formatHex(sha.digest()));
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Where a standalone chunk lives in a BlobStore; two hex digits of fan-out keep folders small. */
    public String blobKey() {
        return "chunks/" + hex.substring(0, 2) + "/" + hex;
    }

    public byte[] bytes() {
        return HexFormat.of().parseHex(hex);
    }

    private static String abbreviate(String s) {
        if (s == null) return "null";
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    @Override
    public String toString() {
        return hex;
    }
}
