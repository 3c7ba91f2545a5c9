package dev.coffer.secret;

import dev.coffer.error.CofferException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's key for team secrets: 32 random bytes for AES-256-GCM. It comes from the setting
 * {@code secrets.key} (base64), or is generated on first start into a file of the data folder
 * that only its owner can read. Every server that shares a database must have the same key.
 *
 * <p>Neither the key nor its base64 text ever appears in a message, a log line or
 * {@link #toString()}; only its {@link #id() fingerprint} and where it came from do.
 */
public final class MasterKey {
    private static final Logger log = LoggerFactory.getLogger(MasterKey.class);
    public static final int BYTES = 32;
    /** How users are told to set the key, in every message about it. */
    public static final String SETTING = "the setting secrets.key (COFFER_SECRETS_KEY or COFFER_SECRETS_KEY_FILE)";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final String id;
    private final String source;

    private MasterKey(byte[] raw, String source) {
        this.key = new SecretKeySpec(raw, "AES");
        this.id = fingerprint(raw);
        this.source = source;
        Arrays.fill(raw, (byte) 0);
    }

    /** A key given as the base64 of 32 bytes; {@code source} says where it came from, for messages. */
    public static MasterKey fromBase64(String base64, String source) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64 == null ? "" : base64.strip());
        } catch (IllegalArgumentException e) {
            throw new CofferException.Invalid(source + " is not valid base64; it must hold the base64 of " + BYTES
                    + " random bytes (make one with: openssl rand -base64 32)");
        }
        if (raw.length != BYTES) {
            int length = raw.length;
            Arrays.fill(raw, (byte) 0);
            throw new CofferException.Invalid(source + " must hold the base64 of exactly " + BYTES + " bytes, it holds "
                    + length + " (make one with: openssl rand -base64 32)");
        }
        return new MasterKey(raw, source);
    }

    /** A fresh random key (tests and tools). */
    public static MasterKey generate(String source) {
        byte[] raw = new byte[BYTES];
        RANDOM.nextBytes(raw);
        return new MasterKey(raw, source);
    }

    /**
     * The key in {@code file}, created with a new random key when it does not exist. The file is
     * created with owner-only permissions from its first byte (never readable by others, not even
     * for a moment), filled and synced under a temporary name, and then linked into place, so a
     * crash never leaves a half-written key and two servers starting at once agree on one key.
     */
    public static MasterKey loadOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) create(file);
        warnIfReadableByOthers(file);
        byte[] text = Files.readAllBytes(file);
        try {
            return fromBase64(new String(text, StandardCharsets.US_ASCII), file.toString());
        } finally {
            Arrays.fill(text, (byte) 0);
        }
    }

    private static void create(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        byte[] raw = new byte[BYTES];
        RANDOM.nextBytes(raw);
        byte[] text = (Base64.getEncoder().encodeToString(raw) + "\n").getBytes(StandardCharsets.US_ASCII);
        Arrays.fill(raw, (byte) 0);
        Path tmp = Files.createTempFile(dir, ".secrets-key-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(text));
                ch.force(true);
            }
            try {
                Files.createLink(file, tmp); // fails if another process made the key first: theirs wins
            } catch (FileAlreadyExistsException e) {
                return;
            }
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true); // the new name must survive a crash too
            } catch (IOException e) {
                // some file systems cannot sync a folder; the key file itself is synced
            }
            log.info(
                    "generated the key for team secrets in {} (readable by its owner only); back it up with the database",
                    file);
        } finally {
            Arrays.fill(text, (byte) 0);
            Files.deleteIfExists(tmp);
        }
    }

    private static void warnIfReadableByOthers(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(p -> !OWNER_ONLY.contains(p) && p != PosixFilePermission.OWNER_EXECUTE)) {
                log.warn(
                        "{} can be read by other users ({}); restrict it with: chmod 600 {}",
                        file,
                        PosixFilePermissions.toString(perms),
                        file);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        }
    }

    private static String fingerprint(byte[] raw) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("coffer secrets key id\0".getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha.digest(raw), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    SecretKeySpec key() {
        return key;
    }

    /** A short fingerprint that names this key without revealing anything about it. */
    public String id() {
        return id;
    }

    /** Where the key came from (the setting, or the key file), for messages. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "MasterKey[id=" + id + ", from " + source + "]";
    }
}
