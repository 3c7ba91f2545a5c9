package dev.coffer.server.http;

import dev.coffer.server.config.BodyPace;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A download's output held to the server's {@link BodyPace}: a client that takes the bytes
 * slower than that, once the grace period has passed, is disconnected, so it cannot keep a chunk
 * of a file in the server's memory for hours. Bytes go out in slices so the pace is checked
 * between them, not only once a whole chunk (up to 4 MiB) has gone.
 */
final class GuardedOutput extends OutputStream {
    private static final Logger log = LoggerFactory.getLogger(GuardedOutput.class);
    private static final int SLICE = 64 * 1024;

    private final Context ctx;
    private final OutputStream out;
    private final BodyPace pace;
    private final long start = System.nanoTime();
    private long count;

    private GuardedOutput(Context ctx, OutputStream out, BodyPace pace) {
        this.ctx = ctx;
        this.out = out;
        this.pace = pace;
    }

    static GuardedOutput of(Context ctx) {
        BodyPace pace = GuardedBody.pace(ctx);
        return new GuardedOutput(ctx, ctx.outputStream(), pace);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        for (int done = 0; done < len; ) {
            int n = Math.min(SLICE, len - done);
            out.write(b, off + done, n);
            done += n;
            count += n;
            if (pace.behind(System.nanoTime() - start, count)) throw disconnect();
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /**
     * Closes the connection at once: the answer has started, so no status can tell the client,
     * and finishing the response normally would wait on the same slow client.
     */
    private IOException disconnect() {
        log.debug(
                "disconnecting {} from {}: {} bytes taken in {} ms",
                ctx.req().getRemoteAddr(),
                ctx.path(),
                count,
                (System.nanoTime() - start) / 1_000_000);
        try {
            ServletContextRequest.getServletContextRequest(ctx.req())
                    .getConnectionMetaData()
                    .getConnection()
                    .getEndPoint()
                    .close();
        } catch (RuntimeException e) {
            // Not a Jetty request (never in the server): the exception below still ends the download.
        }
        return new ClientTooSlow(
                "the client takes the download slower than " + pace.minBytesPerSecond() + " bytes per second");
    }

    /** The download was cut off because the client read too slowly; nothing to answer or log as an error. */
    static final class ClientTooSlow extends IOException {
        ClientTooSlow(String message) {
            super(message, null);
        }
    }
}
