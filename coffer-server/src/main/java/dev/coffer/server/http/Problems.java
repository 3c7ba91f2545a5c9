package dev.coffer.server.http;

import com.fasterxml.jackson.core.JacksonException;
import dev.coffer.blob.StoreUnavailableException;
import dev.coffer.error.CofferException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns errors into RFC 9457 problem details, in one place for the whole API. */
final class Problems {
    private static final Logger log = LoggerFactory.getLogger(Problems.class);
    static final String TYPE_BASE = "https://coffer.dev/problems/";

    private Problems() {}

    static int status(CofferException e) {
        return switch (e) {
            case CofferException.NotFound n -> 404;
            case CofferException.Conflict c -> 409;
            case CofferException.Invalid i -> 400;
            case CofferException.Unauthorized u -> 401;
            case CofferException.Forbidden f -> 403;
            case CofferException.Corrupt c -> 422;
            case CofferException.QuotaExceeded q -> 507;
            case CofferException.Busy b -> 429;
            case CofferException.Upstream u -> 502;
        };
    }

    static void handle(Exception e, Context ctx) {
        switch (e) {
            case CofferException.Busy b -> busy(ctx, 429, b.getMessage(), b.retryAfterSeconds());
            case Refusal r -> {
                if (r.retryAfterSeconds > 0) ctx.header("Retry-After", String.valueOf(r.retryAfterSeconds));
                write(ctx, r.status, r.kind, r.getMessage(), r.details);
            }
            case CofferException ce -> write(ctx, status(ce), ce.kind(), ce.getMessage(), ce.details());
            case JacksonException je -> write(ctx, 400, "invalid", Json.describe(je), Map.of());
            case GuardedOutput.ClientTooSlow slow ->
                log.debug("{} {}: {}", ctx.method(), ctx.path(), slow.getMessage());
            case HttpResponseException he ->
                write(ctx, he.getStatus(), "http-" + he.getStatus(), he.getMessage(), Map.of());
            case IllegalArgumentException iae -> write(ctx, 400, "invalid", iae.getMessage(), Map.of());
            default -> {
                StoreUnavailableException down = storeUnavailable(e);
                if (down != null) {
                    log.warn("{} {}: {}", ctx.method(), ctx.path(), down.getMessage());
                    busy(ctx, 503, "the content store is not answering; nothing was changed, try again later", 5);
                    return;
                }
                log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
                write(ctx, 500, "internal", "internal error; the server log has the details", Map.of());
            }
        }
    }

    /** The store outage behind {@code e}, when that is what it is (it may come wrapped). */
    private static StoreUnavailableException storeUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof StoreUnavailableException down) return down;
        return null;
    }

    /**
     * A refusal because the server is at one of its bounds (429: this kind of request; 503: the
     * whole server): nothing was changed, and {@code Retry-After} says when to try again.
     */
    static void busy(Context ctx, int status, String detail, long retryAfterSeconds) {
        ctx.header("Retry-After", String.valueOf(retryAfterSeconds));
        write(ctx, status, "busy", detail, Map.of("retryAfter", retryAfterSeconds));
    }

    static void write(Context ctx, int status, String kind, String detail, Map<String, Object> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + kind);
        body.put("title", title(status));
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", ctx.path());
        body.putAll(details);
        String requestId = RequestTelemetry.idOf(ctx);
        if (requestId != null) body.put("requestId", requestId);
        if (status == 401) ctx.header("WWW-Authenticate", "Bearer realm=\"coffer\"");
        releaseBody(ctx);
        ctx.status(status).contentType("application/problem+json").result(Json.write(body));
    }

    /**
     * After an error, up to this much of a request body is still read and dropped. A client
     * that is still sending when the answer comes (an upload refused half-way) then finishes
     * its send and reads the answer; were the connection closed under it instead, its kernel
     * could discard the answer with the reset and the client would see only a broken
     * connection. Past this the connection is closed.
     */
    private static final long DRAIN_LIMIT = 32L * 1024 * 1024;

    /**
     * An error may be answered before the request body was read. A client that reuses the
     * connection would then find the unread body where it expects the next answer. A rest of
     * up to {@link #DRAIN_LIMIT} is read and dropped; otherwise (or when the body was abandoned
     * as too slow or too large) the connection is closed and the client is told so.
     */
    private static void releaseBody(Context ctx) {
        if (GuardedBody.abandoned(ctx)) {
            ctx.header("Connection", "close");
            return;
        }
        long length = ctx.req().getContentLengthLong();
        boolean chunked = ctx.req().getHeader("Transfer-Encoding") != null;
        if (length <= 0 && !chunked) return;
        // A declared rest past the limit would be read only to close anyway: close at once.
        if (length - bytesRead(ctx) > DRAIN_LIMIT) {
            ctx.header("Connection", "close");
            return;
        }
        if (drainedWithinLimit(ctx)) return;
        ctx.header("Connection", "close");
    }

    /** How much of the request body the server has read so far (0 when that cannot be told). */
    private static long bytesRead(Context ctx) {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        return request == null ? 0 : Request.getContentBytesRead(request);
    }

    private static boolean drainedWithinLimit(Context ctx) {
        try {
            InputStream in = ctx.req().getInputStream();
            byte[] sink = new byte[64 * 1024];
            long dropped = 0;
            for (int n; (n = in.read(sink)) >= 0; ) {
                dropped += n;
                if (dropped > DRAIN_LIMIT) return false;
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false; // the body cannot be read any more, so the connection must go
        }
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 409 -> "Conflict";
            case 408 -> "Request timeout";
            case 411 -> "Length required";
            case 413 -> "Content too large";
            case 416 -> "Range not satisfiable";
            case 422 -> "Unprocessable content";
            case 429 -> "Too many requests";
            case 431 -> "Request header fields too large";
            case 502 -> "Bad gateway";
            case 503 -> "Service unavailable";
            case 507 -> "Insufficient storage";
            default -> status >= 500 ? "Server error" : "Request error";
        };
    }
}
