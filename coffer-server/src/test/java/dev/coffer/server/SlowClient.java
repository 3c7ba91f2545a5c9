package dev.coffer.server;

import dev.coffer.testkit.RealTime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hostile HTTP/1.1 client on a raw socket: it sends a request body, or takes a response, a few
 * bytes at a time, as a slow or malicious peer would. It records the status the server answered
 * with (or -1 when the server closed without one) and how many bytes moved.
 *
 * <p>Its pace is real time on purpose: the server's minimum data rate and grace period are
 * measured on the wall clock (Jetty's and the body guards' timers), which no test clock moves.
 */
public final class SlowClient implements AutoCloseable {
    private final Socket socket;
    private final CompletableFuture<Integer> status = new CompletableFuture<>();
    private final AtomicLong moved = new AtomicLong();
    private volatile boolean closed;

    private SlowClient(Socket socket) {
        this.socket = socket;
    }

    /** Announces {@code contentLength} body bytes, then sends {@code perTick} of them every {@code every}. */
    public static SlowClient upload(
            String baseUrl, String method, String path, String token, long contentLength, int perTick, Duration every)
            throws IOException {
        SlowClient c = new SlowClient(connect(baseUrl, 0));
        OutputStream out = c.socket.getOutputStream();
        out.write(head(
                baseUrl,
                method,
                path,
                token,
                "Content-Type: application/octet-stream\r\nContent-Length: " + contentLength + "\r\n"));
        out.flush();
        Thread.ofVirtual().start(() -> {
            byte[] tick = new byte[perTick];
            try {
                while (!c.closed && !c.status.isDone() && c.moved.get() < contentLength) {
                    int n = (int) Math.min(perTick, contentLength - c.moved.get());
                    out.write(tick, 0, n);
                    out.flush();
                    c.moved.addAndGet(n);
                    RealTime.pause(every);
                }
            } catch (IOException | InterruptedException e) {
                // the server cut us off, or the test is done
            }
        });
        Thread.ofVirtual().start(c::readStatus);
        return c;
    }

    /** Asks for {@code path} and takes the answer {@code perTick} bytes every {@code every}, through a small receive window. */
    public static SlowClient download(String baseUrl, String path, String token, int perTick, Duration every)
            throws IOException {
        SlowClient c = new SlowClient(connect(baseUrl, 4096));
        OutputStream out = c.socket.getOutputStream();
        out.write(head(baseUrl, "GET", path, token, ""));
        out.flush();
        Thread.ofVirtual().start(() -> {
            c.readStatus();
            byte[] tick = new byte[perTick];
            try {
                InputStream in = c.socket.getInputStream();
                while (!c.closed) {
                    int n = in.read(tick);
                    if (n < 0) break;
                    c.moved.addAndGet(n);
                    RealTime.pause(every);
                }
            } catch (IOException | InterruptedException e) {
                // cut off by the server, or closed by the test
            }
        });
        return c;
    }

    private static Socket connect(String baseUrl, int receiveBuffer) throws IOException {
        URI u = URI.create(baseUrl);
        Socket s = new Socket();
        if (receiveBuffer > 0) s.setReceiveBufferSize(receiveBuffer);
        s.connect(new InetSocketAddress(u.getHost(), u.getPort()), 10_000);
        return s;
    }

    private static byte[] head(String baseUrl, String method, String path, String token, String extra) {
        URI u = URI.create(baseUrl);
        String auth = token == null ? "" : "Authorization: Bearer " + token + "\r\n";
        return (method + " " + path + " HTTP/1.1\r\nHost: " + u.getHost() + ":" + u.getPort() + "\r\n" + auth + extra
                        + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads the status line; -1 when the connection ends first. */
    private void readStatus() {
        try {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) line.write(b);
            String text = line.toString(StandardCharsets.US_ASCII);
            if (!text.startsWith("HTTP/1.1 ")) {
                status.complete(-1);
                return;
            }
            status.complete(Integer.parseInt(text.substring(9, 12)));
            // Skip the rest of the head so a download counts body bytes only.
            int crlf = 0;
            for (int b = in.read(); b >= 0; b = in.read()) {
                crlf = (b == '\n') ? crlf + 1 : (b == '\r' ? crlf : 0);
                if (crlf == 2) break;
            }
        } catch (IOException | RuntimeException e) {
            status.complete(-1);
        }
    }

    /** The status the server answered with, waiting up to {@code timeout}; null when it has not answered yet. */
    public Integer status(Duration timeout) {
        try {
            return status.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            return -1;
        }
    }

    public boolean answered() {
        return status.isDone();
    }

    /** Body bytes sent (uploads) or received (downloads) so far. */
    public long moved() {
        return moved.get();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        socket.close();
    }
}
