package dev.coffer.cli.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.wire.SessionWire;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** The HTTP client of the Coffer API: JSON in and out, problems turned into {@link CliException}. */
public final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final String base;
    /** Header name, value, name, value…: how each request signs in. */
    private final String[] authHeaders;

    public ApiClient(ClientConfig config) {
        this(complete(config).url(), "Authorization", "Bearer " + config.token());
    }

    private static ClientConfig complete(ClientConfig config) {
        config.requireComplete();
        return config;
    }

    private ApiClient(String url, String... authHeaders) {
        this.base = url.replaceAll("/+$", "");
        this.authHeaders = authHeaders;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /**
     * Signs in with a name and a password and returns a client that acts through the web
     * session (the cookie, with the CSRF header the server asks of cookie-signed changes).
     */
    public static ApiClient signIn(String url, String name, String password) {
        ApiClient anonymous = new ApiClient(url);
        Exchange.Response r = anonymous.send(
                "POST", "/api/v1/login", "application/json", bytes(new SessionWire.LoginRequest(name, password)));
        String csrf = json(r).path("csrfToken").asText(null);
        if (csrf == null)
            throw new CliException("the server signed you in but sent no csrfToken; is it a newer Coffer?");
        String cookie = r.header("Set-Cookie").stream()
                .filter(c -> c.startsWith("coffer_session="))
                .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
                .findFirst()
                .orElseThrow(() -> new CliException(
                        "the server signed you in but sent no session; is " + url + " a Coffer server?"));
        return new ApiClient(url, "Cookie", cookie, "X-Coffer-CSRF", csrf);
    }

    /** Percent-encodes each name of a path (keeping the slashes between names). */
    public static String encodePath(String path) {
        StringBuilder out = new StringBuilder();
        for (String part : path.split("/", -1)) {
            if (!out.isEmpty()) out.append('/');
            out.append(URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return out.toString();
    }

    public static String encodeName(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Bodies up to this size go through {@link Exchange}; larger ones through {@link HttpClient}. */
    private static final int SMALL_BODY = 1 << 20;

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofMinutes(30));
        for (int i = 0; i < authHeaders.length; i += 2) b.header(authHeaders[i], authHeaders[i + 1]);
        return b;
    }

    /**
     * A client that sends one more header with every request, on top of how this one signs in
     * (a data source defined on the fly, see {@code Coffer-Source}).
     */
    public ApiClient withHeader(String name, String value) {
        String[] more = Arrays.copyOf(authHeaders, authHeaders.length + 2);
        more[authHeaders.length] = name;
        more[authHeaders.length + 1] = value;
        return new ApiClient(base, more);
    }

    /** Bytes {@code [offset, offset + length)} of a download, with a Range header. */
    public byte[] getRange(String pathAndQuery, long offset, int length) {
        if (length == 0) return new byte[0];
        String[] headers = Arrays.copyOf(authHeaders, authHeaders.length + 2);
        headers[authHeaders.length] = "Range";
        headers[authHeaders.length + 1] = "bytes=" + offset + "-" + (offset + length - 1);
        Exchange.Response r;
        try {
            r = Exchange.send("GET", base + pathAndQuery, headers, null);
        } catch (ConnectException e) {
            throw unreachable();
        } catch (IOException e) {
            throw new CliException("lost the connection to " + base + ": " + e.getMessage(), 7);
        }
        if (r.status() >= 400) throw problem(r);
        try (InputStream in = r.body()) {
            byte[] data = in.readAllBytes();
            if (data.length != length)
                throw new CliException("asked for " + length + " bytes at " + offset + " of " + pathAndQuery + ", got "
                        + data.length + " (the file changed?)");
            return data;
        } catch (IOException e) {
            throw new CliException("lost the connection to " + base + ": " + e.getMessage(), 7);
        }
    }

    public JsonNode getJson(String pathAndQuery) {
        return json(send("GET", pathAndQuery, null, null));
    }

    public JsonNode postJson(String pathAndQuery, Object body) {
        return json(send("POST", pathAndQuery, "application/json", bytes(body)));
    }

    public JsonNode putJson(String pathAndQuery, Object body) {
        return json(send("PUT", pathAndQuery, "application/json", bytes(body)));
    }

    /** A PATCH, sent with java.net.http: the JDK's HttpURLConnection knows no PATCH method. */
    public JsonNode patchJson(String pathAndQuery, Object body) {
        return json(sendLarge(request(pathAndQuery)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(bytes(body)))
                .build()));
    }

    public JsonNode putBytes(String pathAndQuery, byte[] data) {
        return json(send("PUT", pathAndQuery, "application/octet-stream", data));
    }

    public JsonNode postBytes(String pathAndQuery, byte[] data) {
        return json(send("POST", pathAndQuery, "application/octet-stream", data));
    }

    public <T> T putFile(String pathAndQuery, Path file, Class<T> type) throws IOException {
        return read(putFile(pathAndQuery, file), type);
    }

    public JsonNode putFile(String pathAndQuery, Path file) throws IOException {
        return json(sendLarge(request(pathAndQuery)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofFile(file))
                .build()));
    }

    public void delete(String pathAndQuery) {
        Exchange.Response r = send("DELETE", pathAndQuery, null, null);
        try (InputStream in = r.body()) {
            in.readAllBytes();
        } catch (IOException e) {
            throw new CliException("lost the connection to " + base + ": " + e.getMessage());
        }
    }

    /** A streamed GET; the caller reads and closes the body. */
    public InputStream getStream(String pathAndQuery) {
        return send("GET", pathAndQuery, null, null).body();
    }

    public byte[] getBytes(String pathAndQuery) {
        Exchange.Response r = send("GET", pathAndQuery, null, null);
        try (InputStream in = r.body()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new CliException("lost the connection to " + base + ": " + e.getMessage());
        }
    }

    /** Sends a request with an optional body; problems (400 and more) become exceptions. */
    private Exchange.Response send(String method, String pathAndQuery, String contentType, byte[] body) {
        if (body != null && body.length > SMALL_BODY) {
            HttpRequest.Builder b = request(pathAndQuery).header("Content-Type", contentType);
            return sendLarge(b.method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                    .build());
        }
        String[] headers = authHeaders;
        if (contentType != null) {
            headers = Arrays.copyOf(authHeaders, authHeaders.length + 2);
            headers[authHeaders.length] = "Content-Type";
            headers[authHeaders.length + 1] = contentType;
        }
        Exchange.Response r;
        try {
            r = Exchange.send(method, base + pathAndQuery, headers, body);
        } catch (ConnectException e) {
            throw unreachable();
        } catch (IOException e) {
            throw new CliException("lost the connection to " + base + ": " + e.getMessage(), 7);
        }
        if (r.status() >= 400) throw problem(r);
        return r;
    }

    private Exchange.Response sendLarge(HttpRequest req) {
        HttpResponse<InputStream> r;
        try {
            r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException e) {
            throw unreachable();
        } catch (IOException e) {
            throw new CliException("lost the connection to " + base + ": " + e.getMessage(), 7);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted", 130);
        }
        Exchange.Response answer =
                new Exchange.Response(r.statusCode(), r.headers().map(), r.body());
        if (answer.status() >= 400) throw problem(answer);
        return answer;
    }

    private CliException unreachable() {
        return new CliException(
                "cannot reach the Coffer server at " + base
                        + " (is it running? check COFFER_URL or 'coffer login --url')",
                7);
    }

    private static ProblemException problem(Exchange.Response r) {
        String detail;
        JsonNode extra = null;
        try (InputStream in = r.body()) {
            byte[] body = in.readNBytes(64 * 1024);
            JsonNode node = JSON.readTree(body);
            detail = node.path("detail").asText("HTTP " + r.status());
            extra = node;
        } catch (IOException | RuntimeException e) {
            detail = "HTTP " + r.status();
        }
        return new ProblemException(r.status(), detail, extra);
    }

    private static JsonNode json(Exchange.Response r) {
        try (InputStream in = r.body()) {
            byte[] body = in.readAllBytes();
            return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new CliException("the server sent a response that is not JSON: " + e.getMessage());
        }
    }

    private static byte[] bytes(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads answers into the records of {@code dev.coffer.wire}. Lenient where the server is
     * strict: a newer server may add fields and words (a new state, a new entry type), which an
     * older CLI ignores (an unknown word reads as null) instead of failing.
     */
    static final ObjectMapper WIRE = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL);

    /** A GET whose answer is the wire record {@code type}. */
    public <T> T get(String pathAndQuery, Class<T> type) {
        return read(getJson(pathAndQuery), type);
    }

    /** A POST of {@code body} (a record or a map) whose answer is the wire record {@code type}. */
    public <T> T post(String pathAndQuery, Object body, Class<T> type) {
        return read(postJson(pathAndQuery, body), type);
    }

    /** A PUT of {@code body} whose answer is the wire record {@code type}. */
    public <T> T put(String pathAndQuery, Object body, Class<T> type) {
        return read(putJson(pathAndQuery, body), type);
    }

    /** A PATCH of {@code body} whose answer is the wire record {@code type}. */
    public <T> T patch(String pathAndQuery, Object body, Class<T> type) {
        return read(patchJson(pathAndQuery, body), type);
    }

    /** A PUT of raw bytes whose answer is the wire record {@code type}. */
    public <T> T putBytes(String pathAndQuery, byte[] data, Class<T> type) {
        return read(putBytes(pathAndQuery, data), type);
    }

    private static <T> T read(JsonNode answer, Class<T> type) {
        try {
            return WIRE.treeToValue(answer, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new CliException("the server's answer is not the " + type.getSimpleName() + " this coffer expects: "
                    + e.getMessage());
        }
    }

    public String base() {
        return base;
    }

    /** A problem answer from the server, with its status and body. */
    public static final class ProblemException extends RuntimeException {
        private final int status;
        private final transient JsonNode body;

        ProblemException(int status, String detail, JsonNode body) {
            super(detail);
            this.status = status;
            this.body = body;
        }

        public int status() {
            return status;
        }

        public JsonNode body() {
            return body;
        }

        public List<String> missingChunks() {
            if (body == null || !body.has("missingChunks")) return List.of();
            return JSON.convertValue(
                    body.get("missingChunks"), JSON.getTypeFactory().constructCollectionType(List.class, String.class));
        }
    }
}
