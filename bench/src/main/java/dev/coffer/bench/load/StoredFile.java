package dev.coffer.bench.load;

import java.util.zip.CRC32C;

/** A file the scenario put on the server, and what reading it back must give: its size and CRC-32C. */
public record StoredFile(String path, long size, long crc) {
    static StoredFile of(String path, byte[] content) {
        CRC32C crc = new CRC32C();
        crc.update(content);
        return new StoredFile(path, content.length, crc.getValue());
    }

    /** Why {@code answer}'s bytes are not this file's, or null when they are. */
    String mismatch(StorageClient.Answer answer) {
        if (answer.bytes() != size) return path + ": " + answer.bytes() + " bytes read back, " + size + " stored";
        if (answer.crc() != crc) return path + ": " + size + " bytes read back, but not the bytes stored (CRC-32C)";
        return null;
    }
}
