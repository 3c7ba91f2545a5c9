package dev.coffer.server.http;

import dev.coffer.server.metrics.ServerMetrics;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Every request gets an id: the one the edge (a load balancer, a proxy) sent in
 * {@code X-Request-Id} when it is a plain token, else a new random one. It is returned in the
 * same header and in every problem body, and carried by every log line written while the
 * request is handled (the MDC key {@code requestId}), so one failed request can be followed
 * from the client's error to the server's log. When the answer is decided, the request is
 * counted and timed by route template, method and status.
 */
final class RequestTelemetry {
    static final String HEADER = "X-Request-Id";
    static final String MDC_KEY = "requestId";
    private static final String ID = "coffer.requestId";
    private static final String STARTED = "coffer.requestStarted";
    /** What an id from the edge may look like; anything else (too long, spaces, quotes) is replaced. */
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final ServerMetrics metrics;

    RequestTelemetry(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    void before(Context ctx) {
        String given = ctx.header(HEADER);
        String id = given != null && ACCEPTED.matcher(given).matches() ? given : newId();
        ctx.attribute(ID, id);
        ctx.attribute(STARTED, System.nanoTime());
        ctx.header(HEADER, id);
        MDC.put(MDC_KEY, id);
    }

    void after(Context ctx) {
        Long started = ctx.attribute(STARTED);
        if (started != null) {
            Endpoint matched = ctx.endpoints().lastHttpEndpoint();
            String route = matched == null ? "unmatched" : matched.path;
            metrics.request(ctx.method().name(), route, ctx.statusCode(), System.nanoTime() - started);
        }
        MDC.remove(MDC_KEY);
    }

    /** The id of the request {@code ctx} answers, or null outside one. */
    static String idOf(Context ctx) {
        return ctx.attribute(ID);
    }

    private static String newId() {
        byte[] random = new byte[12];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
