package dev.coffer.server.http;

import dev.coffer.access.Action;
import dev.coffer.access.Principal;
import dev.coffer.access.TeamAction;
import dev.coffer.chunk.ChunkId;
import dev.coffer.content.ChunkScope;
import dev.coffer.content.ContentStore;
import dev.coffer.error.CofferException;
import dev.coffer.server.Services;
import dev.coffer.team.Teams;
import dev.coffer.wire.ChunkWire;
import io.javalin.http.Context;
import java.io.DataInputStream;
import java.io.EOFException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The upload protocol's chunk side, per team ({@code /api/v1/teams/TEAM/chunks/...}) or for the
 * public datasets ({@code /api/v1/public/chunks/...}, operators): which chunks must the caller
 * send, and store chunks. Deduplication is global but possession is per scope ({@link
 * dev.coffer.content.Possession}): a chunk another team holds is "missing" for this one.
 * A chunk is at most {@link ContentStore#MAX_CHUNK_SIZE} bytes, so it is read whole, into memory
 * taken from the shared {@link MemoryBudget} as its bytes arrive (never a permit held while
 * waiting on a client), at the server's minimum pace ({@link GuardedBody}).
 */
final class ChunkRoutes {
    static final int MAX_IDS_PER_QUERY = 10_000;
    private final Services s;

    ChunkRoutes(Services s) {
        this.s = s;
    }

    /**
     * Whose chunks the request is about, after the authorizer: members and above (and notebook
     * tokens, which write files) send chunks to their team; operators to the public scope.
     * Platform tokens read no team's content and send none.
     */
    ChunkScope scope(Context ctx) {
        Principal who = Api.principal(ctx);
        String teamName = ctx.pathParamMap().get("team");
        if (teamName == null) {
            s.authorizer().checkPublic(who, Action.WRITE);
            return ChunkScope.PUBLIC;
        }
        Teams.Team team = s.teams().team(teamName);
        s.authorizer().checkTeam(who, team.id(), team.name(), TeamAction.SEND_CHUNKS);
        return ChunkScope.team(team.id());
    }

    void missing(Context ctx) {
        ChunkScope scope = scope(ctx);
        ChunkWire.MissingRequest req = Json.read(ctx, ChunkWire.MissingRequest.class, 1024 * 1024);
        if (req.chunks() == null) throw new CofferException.Invalid("field 'chunks' is required (a list of chunk ids)");
        if (req.chunks().size() > MAX_IDS_PER_QUERY)
            throw new CofferException.Invalid("ask about at most " + MAX_IDS_PER_QUERY + " chunks at once");
        List<ChunkId> ids = new ArrayList<>(req.chunks().size());
        for (String hex : req.chunks()) ids.add(new ChunkId(hex));
        List<String> missing =
                s.content().missing(scope, ids).stream().map(ChunkId::hex).toList();
        Json.send(ctx, 200, new ChunkWire.MissingChunks(missing));
    }

    /** A batch body holds at most this many chunk bytes (plus 36 bytes of framing per chunk). */
    static final int MAX_BATCH_BYTES = 16 * 1024 * 1024;

    static final int MAX_BATCH_CHUNKS = 10_000;

    /**
     * Many small chunks in one request, stored as one pack: the body is a sequence of records,
     * each the chunk's 32-byte SHA-256, its length as a 4-byte big-endian number, then its bytes.
     */
    void putBatch(Context ctx) throws Exception {
        ChunkScope scope = scope(ctx);
        long length = ctx.req().getContentLengthLong();
        if (length < 0) {
            Problems.write(ctx, 411, "length-required", "a chunk batch needs a Content-Length", Map.of());
            return;
        }
        if (length > MAX_BATCH_BYTES + 36L * MAX_BATCH_CHUNKS) {
            Problems.write(
                    ctx,
                    413,
                    "too-large",
                    "a chunk batch holds at most " + MAX_BATCH_BYTES + " bytes of chunks",
                    Map.of());
            return;
        }
        try (MemoryBudget.Lease lease = MemoryBudget.SHARED.lease()) {
            DataInputStream in = new DataInputStream(GuardedBody.of(ctx, length, "a chunk batch"));
            List<Map.Entry<ChunkId, byte[]>> chunks = new ArrayList<>();
            long read = 0;
            long total = 0;
            while (read < length) {
                byte[] hash = new byte[32];
                in.readFully(hash);
                int size = in.readInt();
                if (size < 0 || size > ContentStore.MAX_CHUNK_SIZE || read + 36 + size > length) {
                    throw new CofferException.Invalid("chunk record " + chunks.size() + " has a bad length " + size);
                }
                total += size;
                if (total > MAX_BATCH_BYTES || chunks.size() >= MAX_BATCH_CHUNKS) {
                    throw new CofferException.Invalid("a chunk batch holds at most " + MAX_BATCH_CHUNKS + " chunks and "
                            + MAX_BATCH_BYTES + " bytes");
                }
                byte[] data = ChunkBodies.readExactly(in, size, lease);
                chunks.add(Map.entry(new ChunkId(HexFormat.of().formatHex(hash)), data));
                read += 36 + size;
            }
            // Packing and compressing the batch takes about as much again.
            lease.reserve(total);
            int stored = s.content().putChunks(scope, chunks);
            s.traffic().received(total);
            Json.send(ctx, 200, new ChunkWire.StoredBatch(chunks.size(), stored));
        } catch (EOFException e) {
            throw new CofferException.Invalid("the chunk batch ends in the middle of a record");
        }
    }

    void put(Context ctx) throws Exception {
        ChunkScope scope = scope(ctx);
        ChunkId id = new ChunkId(ctx.pathParam("hash"));
        long length = ctx.req().getContentLengthLong();
        if (length < 0) {
            Problems.write(ctx, 411, "length-required", "a chunk upload needs a Content-Length", Map.of());
            return;
        }
        if (length > ContentStore.MAX_CHUNK_SIZE) {
            Problems.write(
                    ctx, 413, "too-large", "a chunk holds at most " + ContentStore.MAX_CHUNK_SIZE + " bytes", Map.of());
            return;
        }
        try (MemoryBudget.Lease lease = MemoryBudget.SHARED.lease()) {
            byte[] data = ChunkBodies.readExactly(GuardedBody.of(ctx, length, "a chunk"), (int) length, lease);
            // Compressing the chunk for the store takes up to as much again.
            lease.reserve(length);
            boolean stored = s.content().putChunk(scope, id, data);
            s.traffic().received(length);
            Json.send(ctx, stored ? 201 : 200, new ChunkWire.StoredChunk(id.hex(), stored));
        }
    }
}
