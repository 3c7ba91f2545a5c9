package dev.coffer.cli.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * One HTTP/1.1 request made on the calling thread with the JDK's blocking
 * {@link HttpURLConnection}, its connections kept alive between requests.
 *
 * <p>Why not {@code java.net.http.HttpClient} for these: it hands every request to its selector
 * thread and the answer back, three or four thread wake-ups per request. Measured on loopback
 * with a small answer (a file's manifest), that is about 1.0 ms a request against 0.6 ms here,
 * and a mount makes one such request for every file it opens or closes. Large request bodies
 * still go through {@code HttpClient} (see {@link ApiClient}): a server that refuses a
 * multi-megabyte body early answers while it is being written, which this blocking client would
 * report as a broken connection instead of the server's problem.
 */
final class Exchange {
    static {
        // More kept-alive connections than the JDK's default 5: uploads run up to 8 requests at once.
        if (System.getProperty("http.maxConnections") == null) System.setProperty("http.maxConnections", "16");
        // A POST (a commit, a move) is never sent a second time on its own when a kept-alive
        // connection turns out closed: the caller sees the failure and decides.
        System.setProperty("sun.net.http.retryPost", "false");
    }

    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final int READ_TIMEOUT_MS = 30 * 60_000;
    private static final InputStream EMPTY = new ByteArrayInputStream(new byte[0]);

    private Exchange() {}

    /** An answer: its status, headers and body (the error body for a status of 400 or more). */
    record Response(int status, Map<String, List<String>> headers, InputStream body) {
        List<String> header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) return e.getValue();
            }
            return List.of();
        }
    }

    /**
     * Sends {@code method url} with {@code headers} (name, value, name, value…) and {@code body}
     * (null for none; small, see {@link ApiClient}). The caller reads the answer's body to its
     * end and closes it, which returns the connection to the pool.
     */
    static Response send(String method, String url, String[] headers, byte[] body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection(Proxy.NO_PROXY);
        c.setRequestMethod(method);
        c.setConnectTimeout(CONNECT_TIMEOUT_MS);
        c.setReadTimeout(READ_TIMEOUT_MS);
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        for (int i = 0; i < headers.length; i += 2) c.setRequestProperty(headers[i], headers[i + 1]);
        if (body != null) {
            c.setDoOutput(true);
            // Buffered, not streamed: in streaming mode a 401 answer loses its problem body (the
            // connection gives up on it), and the bodies sent here are small.
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
        }
        int status = c.getResponseCode();
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        return new Response(status, c.getHeaderFields(), in == null ? EMPTY : in);
    }
}
