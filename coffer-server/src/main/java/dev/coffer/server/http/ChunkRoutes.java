package dev.coffer.server.http;

import dev.coffer.chunk.ChunkId;
import dev.coffer.content.ContentStore;
import dev.coffer.error.CofferException;
import dev.coffer.server.Services;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * The upload protocol's chunk side: which chunks does the server lack, and store one chunk.
 * A chunk is at most {@link ContentStore#MAX_CHUNK_SIZE} bytes, so it is read whole; a semaphore
 * bounds how many are in memory at once, whatever the number of clients.
 */
final class ChunkRoutes {
    static final int MAX_IDS_PER_QUERY = 10_000;
    private static final Semaphore BUFFERS = new Semaphore(12);
    private final Services s;

    ChunkRoutes(Services s) {
        this.s = s;
    }

    record MissingRequest(List<String> chunks) {}

    void missing(Context ctx) {
        MissingRequest req = Json.read(ctx, MissingRequest.class, 1024 * 1024);
        if (req.chunks() == null) throw new CofferException.Invalid("field 'chunks' is required (a list of chunk ids)");
        if (req.chunks().size() > MAX_IDS_PER_QUERY) throw new CofferException.Invalid("ask about at most " + MAX_IDS_PER_QUERY + " chunks at once");
        List<ChunkId> ids = new ArrayList<>(req.chunks().size());
        for (String hex : req.chunks()) ids.add(new ChunkId(hex));
        List<String> missing = s.content().missing(ids).stream().map(ChunkId::hex).toList();
        Json.send(ctx, 200, Map.of("missing", missing));
    }

    void put(Context ctx) throws Exception {
        ChunkId id = new ChunkId(ctx.pathParam("hash"));
        long length = ctx.req().getContentLengthLong();
        if (length < 0) {
            Problems.write(ctx, 411, "length-required", "a chunk upload needs a Content-Length", Map.of());
            return;
        }
        if (length > ContentStore.MAX_CHUNK_SIZE) {
            Problems.write(ctx, 413, "too-large", "a chunk holds at most " + ContentStore.MAX_CHUNK_SIZE + " bytes", Map.of());
            return;
        }
        BUFFERS.acquire();
        try {
            byte[] data = ctx.bodyInputStream().readNBytes((int) length + 1);
            if (data.length != length) throw new CofferException.Invalid("the body holds " + data.length + " bytes but Content-Length says " + length);
            boolean stored = s.content().putChunk(id, data);
            Json.send(ctx, stored ? 201 : 200, Map.of("id", id.hex(), "stored", stored));
        } finally {
            BUFFERS.release();
        }
    }
}
