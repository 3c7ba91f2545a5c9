package dev.coffer.server.http;

import dev.coffer.server.config.BodyPace;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body read under two bounds, checked as the bytes arrive rather than after: at most
 * {@code maxBytes} (413, naming the limit), and no slower than the server's {@link BodyPace}
 * (408). Either refusal marks the body abandoned, so the answer closes the connection instead of
 * waiting for the rest of a body the server no longer wants.
 *
 * <p>A client that stops sending altogether is cut by Jetty's idle timeout; the read then fails
 * and is answered as too slow too.
 */
final class GuardedBody extends InputStream {
    static final String PACE = "coffer.body.pace";
    private static final String ABANDONED = "coffer.body.abandoned";

    private final Context ctx;
    private final InputStream in;
    private final long maxBytes;
    private final String limit;
    private final BodyPace pace;
    private final long start = System.nanoTime();
    private long count;

    private GuardedBody(Context ctx, InputStream in, long maxBytes, String limit, BodyPace pace) {
        this.ctx = ctx;
        this.in = in;
        this.maxBytes = maxBytes;
        this.limit = limit;
        this.pace = pace;
    }

    /**
     * The body of {@code ctx}, refused past {@code maxBytes} (with {@code limit} naming the limit
     * in the answer) or below the pace set for this server.
     */
    static GuardedBody of(Context ctx, long maxBytes, String limit) {
        BodyPace pace = GuardedBody.pace(ctx);
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            ctx.attribute(ABANDONED, Boolean.TRUE);
            throw Refusal.tooLarge(
                    "the request body has " + declared + " bytes; " + limit + " is " + maxBytes + " bytes",
                    limit,
                    maxBytes);
        }
        return new GuardedBody(ctx, ctx.bodyInputStream(), maxBytes, limit, pace);
    }

    /** The server's pace, from the servlet context (the default outside a server). */
    static BodyPace pace(Context ctx) {
        return ctx.req().getServletContext().getAttribute(PACE) instanceof BodyPace p ? p : BodyPace.DEFAULT;
    }

    /** True when a refusal left this request's body half read. */
    static boolean abandoned(Context ctx) {
        return Boolean.TRUE.equals(ctx.attribute(ABANDONED));
    }

    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) return 0;
        // One byte past the limit is enough to tell that the body is too large.
        long room = maxBytes - count;
        int ask = room >= len ? len : (int) room + 1;
        int n;
        try {
            n = in.read(b, off, ask);
        } catch (IOException e) {
            throw abandon(Refusal.tooSlow("the request body stopped arriving after " + count + " bytes"));
        }
        if (n < 0) return n;
        count += n;
        if (count > maxBytes) {
            throw abandon(Refusal.tooLarge(
                    "the request body is larger than " + maxBytes + " bytes (" + limit + ")", limit, maxBytes));
        }
        if (pace.behind(System.nanoTime() - start, count)) {
            throw abandon(Refusal.tooSlow("the request body arrives too slowly: " + count + " bytes in "
                    + (System.nanoTime() - start) / 1_000_000_000 + " s; send at least " + pace.minBytesPerSecond()
                    + " bytes per second after the first " + pace.grace().toSeconds() + " s"));
        }
        return n;
    }

    private Refusal abandon(Refusal r) {
        ctx.attribute(ABANDONED, Boolean.TRUE);
        return r;
    }
}
