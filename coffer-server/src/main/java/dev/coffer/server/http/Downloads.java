package dev.coffer.server.http;

import dev.coffer.content.ContentStore;
import dev.coffer.error.CofferException;
import dev.coffer.server.Traffic;
import dev.coffer.tree.Entry;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sends a file's bytes: ETag and If-None-Match, one byte range, streamed chunk by chunk. */
final class Downloads {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private Downloads() {}

    static void sendFile(Context ctx, ContentStore content, Traffic traffic, Entry e) throws Exception {
        sendFile(ctx, content, traffic, e.digest(), e.size(), e.contentId());
    }

    /**
     * Sends the file with content {@code contentId} (named by {@code digest}, {@code size} bytes),
     * counting the bytes sent in {@code traffic}.
     */
    static void sendFile(Context ctx, ContentStore content, Traffic traffic, String digest, long size, long contentId)
            throws Exception {
        String etag = "\"" + digest + "\"";
        ctx.header("ETag", etag).header("Accept-Ranges", "bytes");
        String inm = ctx.header("If-None-Match");
        if (inm != null
                && (inm.equals("*")
                        || Arrays.stream(inm.split(",")).map(String::strip).anyMatch(etag::equals))) {
            ctx.status(304);
            return;
        }
        long start = 0;
        long length = size;
        String range = ctx.header("Range");
        String ifRange = ctx.header("If-Range");
        if (range != null && (ifRange == null || ifRange.equals(etag))) {
            long[] r = parseRange(range, size);
            if (r == null) {
                ctx.header("Content-Range", "bytes */" + size);
                Problems.write(
                        ctx,
                        416,
                        "range-not-satisfiable",
                        "range '" + range + "' is outside the file (" + size + " bytes)",
                        Map.of("size", size));
                return;
            }
            start = r[0];
            length = r[1] - r[0] + 1;
            ctx.status(206).header("Content-Range", "bytes " + r[0] + "-" + r[1] + "/" + size);
        } else {
            ctx.status(200);
        }
        ctx.contentType("application/octet-stream").header("Content-Length", Long.toString(length));
        if (ctx.method().name().equals("HEAD") || length == 0) return;
        content.read(contentId, start, length, traffic.counting(GuardedOutput.of(ctx)));
    }

    /** {first, last} (inclusive) of a single range, or null when it cannot be satisfied. */
    static long[] parseRange(String header, long size) {
        Matcher m = RANGE.matcher(header.strip());
        if (!m.matches())
            throw new CofferException.Invalid("unsupported Range '" + header + "': use one range such as bytes=0-1023");
        String a = m.group(1);
        String b = m.group(2);
        if (a.isEmpty() && b.isEmpty()) throw new CofferException.Invalid("Range needs a start or an end: " + header);
        try {
            if (a.isEmpty()) {
                long suffix = Long.parseLong(b);
                if (suffix == 0 || size == 0) return null;
                return new long[] {Math.max(0, size - suffix), size - 1};
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
            if (first >= size || (!b.isEmpty() && Long.parseLong(b) < first)) return null;
            return new long[] {first, last};
        } catch (NumberFormatException ex) {
            throw new CofferException.Invalid("Range numbers are too large: " + header);
        }
    }
}
