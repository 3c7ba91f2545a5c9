package dev.coffer.content;

import dev.coffer.chunk.ChunkCodec;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A pack: many small stored chunks back to back in one blob ({@code packs/XX/ID}), each in the
 * chunk format of {@link ChunkCodec} (header + payload), found through the {@code pack} and
 * {@code pack_offset} columns of its row. Packing saves a blob write and a sync per chunk when
 * thousands of small files arrive together. A pack is written once and deleted when none of its
 * chunks is registered any more.
 */
record Pack(String id, byte[] bytes, List<Entry> entries) {
    private static final SecureRandom RANDOM = new SecureRandom();

    record Entry(String hash, int size, int storedSize, long offset) {}

    static String key(String id) {
        return "packs/" + id.substring(0, 2) + "/" + id;
    }

    String key() {
        return key(id);
    }

    /** Encodes each plain chunk and lays them out in one buffer. */
    static Pack build(Map<String, byte[]> plainByHash) {
        byte[] raw = new byte[16];
        RANDOM.nextBytes(raw);
        String id = HexFormat.of().formatHex(raw);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Entry> entries = new ArrayList<>(plainByHash.size());
        for (var e : plainByHash.entrySet()) {
            byte[] stored = ChunkCodec.encode(e.getValue());
            entries.add(new Entry(e.getKey(), e.getValue().length, stored.length, out.size()));
            out.writeBytes(stored);
        }
        return new Pack(id, out.toByteArray(), List.copyOf(entries));
    }
}
