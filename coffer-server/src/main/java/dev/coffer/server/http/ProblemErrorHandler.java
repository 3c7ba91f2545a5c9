package dev.coffer.server.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty answers before a request reaches the API (oversized headers, malformed
 * requests) are problem details too, so every client sees one error format.
 */
final class ProblemErrorHandler extends ErrorHandler {
    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", Problems.TYPE_BASE + "http-" + code);
        body.put("title", message == null ? "Request error" : message);
        body.put("status", code);
        body.put("detail", message == null ? "the server could not read the request" : message);
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/problem+json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
