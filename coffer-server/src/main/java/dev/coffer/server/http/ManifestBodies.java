package dev.coffer.server.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.coffer.chunk.ChunkId;
import dev.coffer.chunk.FastCdc;
import dev.coffer.content.ChunkRef;
import dev.coffer.content.ContentStore;
import dev.coffer.content.Manifest;
import dev.coffer.error.CofferException;
import dev.coffer.tree.FileModes;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads manifest commits ({@link FileRoutes.CommitRequest}, {@link FileRoutes.BatchCommitRequest})
 * from the request body as a stream of JSON tokens, straight into chunk references: no copy of
 * the whole body, no intermediate objects per chunk, and the limits are enforced while parsing,
 * so a body past a limit is refused before the server has built it.
 *
 * <p>The limits cover the largest legitimate file: chunks are at least {@link FastCdc#MIN_SIZE}
 * (256 KiB) except a file's last one, so {@link #MAX_CHUNKS_PER_FILE} chunks describe a file of
 * 64 GiB. A batch commit (many small files) holds at most as many chunks in total. The JSON is as
 * strict as {@link Json}'s mapper: unknown fields, wrong types and trailing data are refused.
 */
final class ManifestBodies {
    static final long MAX_FILE_SIZE = 64L << 30;
    static final int MAX_CHUNKS_PER_FILE = (int) (MAX_FILE_SIZE / FastCdc.MIN_SIZE);
    static final int MAX_CHUNKS_PER_BATCH = MAX_CHUNKS_PER_FILE;
    /** About 90 bytes of JSON a chunk at the chunk limit, with room for whitespace. */
    static final long MAX_FILE_BODY = 48L << 20;
    /** The chunk limit plus up to 10,000 long paths. */
    static final long MAX_BATCH_BODY = 96L << 20;

    private ManifestBodies() {}

    /** One file's commit: its chunks and modification time (null: now). */
    record FileBody(Manifest manifest, Long mtime, int mode) {}

    /** One file of a batch commit, its path relative to the folder in the URL. */
    record BatchFile(String path, Manifest manifest, Long mtime, int mode) {}

    static FileBody readFile(Context ctx) {
        GuardedBody body = GuardedBody.of(ctx, MAX_FILE_BODY, "the manifest body limit");
        return parse(body, p -> {
            int[] count = {0};
            List<ChunkRef> chunks = null;
            Long mtime = null;
            int mode = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "chunks" ->
                        chunks = t == JsonToken.VALUE_NULL
                                ? null
                                : chunks(p, count, MAX_CHUNKS_PER_FILE, "chunks per file");
                    case "mtime" -> mtime = mtime(p, t);
                    case "mode" -> mode = mode(p, t);
                    default -> throw unknown(field);
                }
            }
            if (chunks == null) throw new CofferException.Invalid("field 'chunks' is required (a list of {id, size})");
            return new FileBody(new Manifest(chunks), mtime, mode);
        });
    }

    static List<BatchFile> readBatch(Context ctx) {
        GuardedBody body = GuardedBody.of(ctx, MAX_BATCH_BODY, "the batch commit body limit");
        return parse(body, p -> {
            int[] count = {0};
            List<BatchFile> files = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (!field.equals("files")) throw unknown(field);
                files = t == JsonToken.VALUE_NULL ? null : files(p, count);
            }
            if (files == null)
                throw new CofferException.Invalid("field 'files' is required (a list of {path, chunks, mtime})");
            return files;
        });
    }

    private static List<BatchFile> files(JsonParser p, int[] count) throws IOException {
        expect(p, p.currentToken() == JsonToken.START_ARRAY, "field 'files' must be a list of {path, chunks, mtime}");
        List<BatchFile> files = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (files.size() >= FileRoutes.MAX_FILES_PER_BATCH) {
                throw new CofferException.Invalid(
                        "commit at most " + FileRoutes.MAX_FILES_PER_BATCH + " files at once");
            }
            if (t != JsonToken.START_OBJECT) throw new CofferException.Invalid("every file needs 'path' and 'chunks'");
            String path = null;
            List<ChunkRef> chunks = null;
            Long mtime = null;
            int mode = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "path" -> {
                        if (v != JsonToken.VALUE_STRING && v != JsonToken.VALUE_NULL)
                            throw new CofferException.Invalid("a file's 'path' must be a string");
                        path = p.getValueAsString();
                    }
                    case "chunks" ->
                        chunks = v == JsonToken.VALUE_NULL
                                ? null
                                : chunks(p, count, MAX_CHUNKS_PER_BATCH, "chunks per batch commit");
                    case "mtime" -> mtime = mtime(p, v);
                    case "mode" -> mode = mode(p, v);
                    default -> throw unknown(field);
                }
            }
            if (path == null || chunks == null)
                throw new CofferException.Invalid("every file needs 'path' and 'chunks'");
            files.add(new BatchFile(path, new Manifest(chunks), mtime, mode));
        }
        return files;
    }

    /** A list of {id, size}; {@code count} runs across the request so a batch's total is bounded too. */
    private static List<ChunkRef> chunks(JsonParser p, int[] count, int max, String limit) throws IOException {
        expect(p, p.currentToken() == JsonToken.START_ARRAY, "field 'chunks' must be a list of {id, size}");
        List<ChunkRef> refs = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (++count[0] > max) {
                throw Refusal.tooLarge(
                        "a request may name at most " + max + " " + limit
                                + " (a 64 GiB file of 256 KiB chunks); split the commit",
                        limit,
                        max);
            }
            if (t != JsonToken.START_OBJECT) throw new CofferException.Invalid("every chunk needs 'id' and 'size'");
            String id = null;
            Integer size = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "id" -> {
                        if (v != JsonToken.VALUE_STRING && v != JsonToken.VALUE_NULL)
                            throw new CofferException.Invalid("a chunk's 'id' must be a string");
                        id = p.getValueAsString();
                    }
                    case "size" -> {
                        if (v == JsonToken.VALUE_NULL) size = null;
                        else if (v != JsonToken.VALUE_NUMBER_INT)
                            throw new CofferException.Invalid("a chunk's 'size' must be a whole number");
                        else if (p.getNumberType() != JsonParser.NumberType.INT) size = -1;
                        else size = p.getIntValue();
                    }
                    default -> throw unknown(field);
                }
            }
            if (id == null || size == null) throw new CofferException.Invalid("every chunk needs 'id' and 'size'");
            if (size < 0 || size > ContentStore.MAX_CHUNK_SIZE) {
                throw new CofferException.Invalid("chunk size must be between 0 and " + ContentStore.MAX_CHUNK_SIZE);
            }
            refs.add(new ChunkRef(new ChunkId(id), size));
        }
        return refs;
    }

    private static Long mtime(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) return null;
        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new CofferException.Invalid("'mtime' must be a whole number (epoch milliseconds)");
        }
        return p.getLongValue();
    }

    /** Permission bits in octal, as text ("755"), as the API shows them. */
    private static int mode(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) return 0;
        if (t != JsonToken.VALUE_STRING)
            throw new CofferException.Invalid("'mode' must be octal permission bits as text, such as \"755\"");
        return FileModes.parse(p.getValueAsString());
    }

    private static CofferException.Invalid unknown(String field) {
        return new CofferException.Invalid("request body is not valid: unrecognized field \"" + field + "\"");
    }

    private static void expect(JsonParser p, boolean ok, String message) {
        if (!ok) throw new CofferException.Invalid(message);
    }

    private interface Reader<T> {
        T read(JsonParser p) throws IOException;
    }

    private static <T> T parse(GuardedBody body, Reader<T> reader) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(body)) {
            JsonToken first = p.nextToken();
            if (first == null) throw new CofferException.Invalid("a JSON request body is required");
            if (first != JsonToken.START_OBJECT) throw new CofferException.Invalid("a JSON object is required");
            T value = reader.read(p);
            if (p.currentToken() != JsonToken.END_OBJECT)
                throw new CofferException.Invalid("request body is not valid: expected the end of the object");
            if (p.nextToken() != null)
                throw new CofferException.Invalid("request body is not valid: data after the JSON object");
            return value;
        } catch (JacksonException e) {
            throw new CofferException.Invalid("request body is not valid: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new CofferException.Invalid("cannot read the request body: " + e.getMessage());
        }
    }
}
