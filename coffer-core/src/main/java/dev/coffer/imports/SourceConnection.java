package dev.coffer.imports;

import dev.coffer.error.CofferException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 GET to a source, over a socket to an address that {@link UrlGuard} checked.
 *
 * <p>Why not {@code java.net.http.HttpClient}: it resolves the host itself, so the address it
 * connects to is not the one that was checked (DNS rebinding), and it has no idle timeout for a
 * body that stops arriving. Here the socket is opened to a checked address, TLS still verifies
 * the certificate against the URL's host name (and sends it as SNI), and every read waits at most
 * {@code readTimeout}: a source that stops sending fails the job instead of holding a worker.
 *
 * <p>Only what imports need: GET with optional {@code Range}/{@code If-Range}, no compression
 * ({@code Accept-Encoding: identity}), bodies with a length, chunked, or up to the close.
 */
final class SourceConnection {
    private static final int MAX_HEADER_BYTES = 64 * 1024;

    /** How long to wait for a connection, and for each read once connected. */
    record Timeouts(Duration connect, Duration read) {}

    /** The status, the headers (names in lower case, first value) and the body; closing it closes the connection. */
    record Response(int status, Map<String, String> headers, InputStream body) {
        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }

        Long contentLength() {
            try {
                return header("Content-Length")
                        .map(v -> Long.parseLong(v.strip()))
                        .orElse(null);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    private SourceConnection() {}

    static Response get(UrlGuard.Target target, Map<String, String> extraHeaders, Timeouts timeouts)
            throws IOException {
        Socket raw = connect(target, timeouts);
        try {
            raw.setSoTimeout(Math.toIntExact(Math.max(1, timeouts.read().toMillis())));
            Socket socket = target.https() ? tls(raw, target) : raw;
            OutputStream out = socket.getOutputStream();
            out.write(request(target, extraHeaders).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            int status;
            Map<String, String> headers;
            do {
                status = statusOf(line(in));
                headers = headers(in);
            } while (status >= 100 && status < 200);
            InputStream body = body(in, headers);
            // Closing the plain socket (not the TLS layer) stops a read blocked in another
            // thread at once, without waiting on a close_notify to a source that went quiet.
            return new Response(status, headers, new FilterInputStream(body) {
                @Override
                public void close() throws IOException {
                    raw.close();
                }
            });
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** Tries the checked addresses in order; the error names none of them. */
    private static Socket connect(UrlGuard.Target target, Timeouts timeouts) throws IOException {
        IOException last = null;
        for (InetAddress a : target.addresses()) {
            Socket s = new Socket();
            try {
                s.connect(
                        new InetSocketAddress(a, target.port()),
                        Math.toIntExact(Math.max(1, timeouts.connect().toMillis())));
                return s;
            } catch (IOException e) {
                s.close();
                last = e;
            }
        }
        if (last instanceof SocketTimeoutException) {
            throw new CofferException.Invalid("the source did not accept a connection within "
                    + seconds(timeouts.connect()) + " (imports.connectTimeout)");
        }
        throw new CofferException.Invalid("cannot connect to the source");
    }

    private static Socket tls(Socket raw, UrlGuard.Target target) throws IOException {
        SSLSocket ssl = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                .createSocket(raw, target.host(), target.port(), true);
        SSLParameters p = ssl.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isLiteral(target.host())) p.setServerNames(List.of(new SNIHostName(target.host())));
        ssl.setSSLParameters(p);
        ssl.startHandshake();
        return ssl;
    }

    private static boolean isLiteral(String host) {
        return host.startsWith("[") || host.chars().allMatch(c -> Character.isDigit(c) || c == '.');
    }

    private static String request(UrlGuard.Target target, Map<String, String> extraHeaders) {
        String path =
                target.uri().getRawPath() == null || target.uri().getRawPath().isEmpty()
                        ? "/"
                        : target.uri().getRawPath();
        if (target.uri().getRawQuery() != null) path += "?" + target.uri().getRawQuery();
        boolean defaultPort = target.port() == (target.https() ? 443 : 80);
        StringBuilder r = new StringBuilder("GET ")
                .append(path)
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(target.host())
                .append(defaultPort ? "" : ":" + target.port())
                .append("\r\n")
                .append("User-Agent: coffer-import/0.1\r\n")
                .append("Accept-Encoding: identity\r\n")
                .append("Connection: close\r\n");
        extraHeaders.forEach((k, v) -> r.append(k).append(": ").append(v).append("\r\n"));
        return r.append("\r\n").toString();
    }

    private static int statusOf(String line) {
        String[] parts = line.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1."))
            throw new CofferException.Invalid("the source did not answer in HTTP/1.x");
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new CofferException.Invalid("the source sent an unreadable status line");
        }
    }

    private static Map<String, String> headers(InputStream in) throws IOException {
        Map<String, String> headers = new HashMap<>();
        int total = 0;
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            total += line.length();
            if (total > MAX_HEADER_BYTES)
                throw new CofferException.Invalid(
                        "the source sent more than " + MAX_HEADER_BYTES + " bytes of headers");
            int colon = line.indexOf(':');
            if (colon <= 0) continue;
            headers.putIfAbsent(
                    line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).strip());
        }
        return headers;
    }

    /** One header line (ISO-8859-1), without its CRLF. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        while (true) {
            int c = in.read();
            if (c < 0) {
                if (b.size() == 0)
                    throw new CofferException.Invalid("the source closed the connection before answering");
                break;
            }
            if (c == '\n') break;
            if (c != '\r') b.write(c);
            if (b.size() > 8192)
                throw new CofferException.Invalid("the source sent a header line longer than 8192 bytes");
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static InputStream body(InputStream in, Map<String, String> headers) {
        String encoding = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
        if (encoding.contains("chunked")) return new ChunkedBody(in);
        String length = headers.get("content-length");
        if (length != null) {
            try {
                return new LimitedBody(in, Long.parseLong(length.strip()));
            } catch (NumberFormatException e) {
                throw new CofferException.Invalid("the source sent an unreadable Content-Length");
            }
        }
        return in;
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** A body of known length: ends there; a connection that closes early is an error, not a short file. */
    private static final class LimitedBody extends FilterInputStream {
        private long left;

        LimitedBody(InputStream in, long length) {
            super(in);
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) return -1;
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n < 0)
                throw new IOException("the source closed the connection " + left + " bytes before the end of the file");
            left -= n;
            return n;
        }
    }

    /** {@code Transfer-Encoding: chunked}: sizes in hex, each chunk followed by CRLF, a 0 chunk and trailers at the end. */
    private static final class ChunkedBody extends FilterInputStream {
        private long left;
        private boolean done;

        ChunkedBody(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) return -1;
            if (left == 0) {
                String size = line(in);
                int semi = size.indexOf(';');
                try {
                    left = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).strip(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("the source sent a malformed chunked body");
                }
                if (left == 0) {
                    while (!line(in).isEmpty()) {
                        // trailers: not used
                    }
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) throw new IOException("the source closed the connection in the middle of the file");
            left -= n;
            if (left == 0) line(in);
            return n;
        }
    }
}
