package dev.coffer.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.chunk.ChunkId;
import dev.coffer.chunk.Chunker;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The upload protocol spoken by hand, as any client (or an attacker) would over HTTP: cut the
 * bytes into chunks, ask which are missing, send those, commit the manifest.
 */
public final class ChunkClient {
    static final ObjectMapper JSON = new ObjectMapper();

    private ChunkClient() {}

    public record Chunk(String id, byte[] bytes) {}

    /** The chunks the CLI would cut {@code data} into. */
    public static List<Chunk> chunks(byte[] data) {
        try {
            Chunker chunker = new Chunker(new ByteArrayInputStream(data));
            List<Chunk> out = new ArrayList<>();
            for (byte[] c = chunker.next(); c != null; c = chunker.next())
                out.add(new Chunk(ChunkId.of(c).hex(), c));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body of a manifest commit naming {@code ids} with {@code sizes}. */
    public static byte[] manifest(List<String> ids, List<Integer> sizes) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) list.add(Map.of("id", ids.get(i), "size", sizes.get(i)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("chunks", list);
        body.put("mtime", 1);
        return write(body);
    }

    public static byte[] manifest(List<Chunk> chunks) {
        return manifest(
                chunks.stream().map(Chunk::id).toList(),
                chunks.stream().map(c -> c.bytes().length).toList());
    }

    /** The chunks a team must send ({@code chunksBase} is {@code /api/v1/teams/T/chunks}). */
    public static HttpResponse<byte[]> missing(TestServer s, String token, String chunksBase, List<String> ids) {
        return s.as(token, "POST", chunksBase + "/missing", write(Map.of("chunks", ids)));
    }

    public static Set<String> missingIds(HttpResponse<byte[]> answer) {
        Set<String> out = new HashSet<>();
        read(answer).path("missing").forEach(n -> out.add(n.asText()));
        return out;
    }

    /**
     * Uploads {@code data} to the file URL prefix {@code volumeBase} (…/storage/default) at
     * {@code path}; returns the commit's answer (201 when the file is stored).
     */
    public static HttpResponse<byte[]> upload(
            TestServer s, String token, String chunksBase, String volumeBase, String path, byte[] data) {
        List<Chunk> chunks = chunks(data);
        HttpResponse<byte[]> asked =
                missing(s, token, chunksBase, chunks.stream().map(Chunk::id).toList());
        if (asked.statusCode() != 200) return asked;
        Set<String> missing = missingIds(asked);
        for (Chunk c : chunks) {
            if (!missing.remove(c.id())) continue;
            HttpResponse<byte[]> put = s.as(token, "PUT", chunksBase + "/" + c.id(), c.bytes());
            if (put.statusCode() >= 300) return put;
        }
        return s.as(token, "POST", volumeBase + "/manifest/" + path, manifest(chunks));
    }

    public static JsonNode read(HttpResponse<byte[]> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    new IOException("not JSON: " + new String(r.body(), StandardCharsets.UTF_8), e));
        }
    }

    static byte[] write(Object o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
