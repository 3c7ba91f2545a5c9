package dev.coffer.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Every route of the API is registered here, with what the OpenAPI document says about it, so
 * the document cannot forget a route: {@link OpenApi} is generated from this book, and a test
 * compares it with what the HTTP server actually routes. A route also declares what it answers
 * ({@link Route#returns}); {@link Json#send} checks the declaration while tests run (with
 * assertions on), so the document cannot drift from the bodies either.
 */
final class RouteBook {
    /** The request attribute that holds the {@link Route} being served. */
    static final String ROUTE = "coffer.route";

    /** A query (or, with {@code in} "header", a header) parameter of a route, for the document. */
    record Query(String name, String description, String in) {}

    /** How a route answers with one status. */
    enum Kind {
        /** A JSON body: a record of {@code dev.coffer.wire}. */
        JSON,
        /** Raw bytes of the media types (file downloads, archives). */
        BYTES,
        /** Newline-delimited JSON objects, streamed. */
        NDJSON,
        /** A page for people. */
        TEXT,
        /** No body (204, or the answer to HEAD). */
        EMPTY
    }

    /** What a route answers with {@code status}. */
    record Response(int status, Kind kind, Class<?> type, List<String> mediaTypes, String description) {}

    /** One route: method, Javalin path template, and its description. */
    static final class Route {
        final HandlerType method;
        final String path;
        final String tag;
        final String summary;
        final boolean open;
        Class<?> body;
        boolean bodyRequired = true;
        String bodyType = "application/json";
        final List<Query> query = new ArrayList<>();
        /** By status, in order. Empty: not declared (see {@code OpenApiTest.NOT_YET_DESCRIBED}). */
        final Map<Integer, Response> responses = new TreeMap<>();

        Route(HandlerType method, String path, String tag, String summary, boolean open) {
            this.method = method;
            this.path = path;
            this.tag = tag;
            this.summary = summary;
            this.open = open;
        }

        /** The JSON body this route reads (a record: its components become the schema). */
        Route body(Class<?> type) {
            this.body = type;
            return this;
        }

        /** Like {@link #body}, for a body that may be left out (the defaults apply then). */
        Route optionalBody(Class<?> type) {
            this.bodyRequired = false;
            return body(type);
        }

        /** The route reads raw bytes of this media type (file uploads). */
        Route rawBody(String mediaType) {
            this.bodyType = mediaType;
            this.body = byte[].class;
            return this;
        }

        Route query(String name, String description) {
            query.add(new Query(name, description, "query"));
            return this;
        }

        /** An optional request header the route reads. */
        Route header(String name, String description) {
            query.add(new Query(name, description, "header"));
            return this;
        }

        /** The route answers 200 with this JSON body (a record of {@code dev.coffer.wire}). */
        Route returns(Class<?> type) {
            return returns(200, type);
        }

        /**
         * The route answers {@code status} with this JSON body; a route may declare several
         * statuses. {@code Map.class} stands for a free-form object (the API document itself).
         */
        Route returns(int status, Class<?> type) {
            if (!type.isRecord() && type != Map.class)
                throw new IllegalArgumentException(path + ": a JSON answer is a record, not " + type.getName());
            return respond(new Response(status, Kind.JSON, type, List.of("application/json"), null));
        }

        /** The route answers 204 with no body. */
        Route noContent() {
            return respond(new Response(204, Kind.EMPTY, null, List.of(), "done; no body"));
        }

        /** The route answers 200 with raw bytes of one of these media types. */
        Route returnsBytes(String description, String... mediaTypes) {
            return respond(new Response(200, Kind.BYTES, byte[].class, List.of(mediaTypes), description));
        }

        /** The route streams newline-delimited JSON objects, described in words. */
        Route returnsNdjson(String description) {
            return respond(new Response(200, Kind.NDJSON, null, List.of("application/x-ndjson"), description));
        }

        /** The route answers with a page of this media type (HTML for people). */
        Route returnsText(String mediaType, String description) {
            return respond(new Response(200, Kind.TEXT, String.class, List.of(mediaType), description));
        }

        /** The route answers with headers only (HEAD). */
        Route returnsHeaders(String description) {
            return respond(new Response(200, Kind.EMPTY, null, List.of(), description));
        }

        private Route respond(Response r) {
            if (responses.putIfAbsent(r.status(), r) != null) {
                throw new IllegalStateException(
                        method + " " + path + " declares what it answers with " + r.status() + " twice");
            }
            return this;
        }
    }

    private final RoutesConfig routes;
    private final UnaryOperator<Handler> authenticate;
    private final List<Route> all = new ArrayList<>();

    RouteBook(RoutesConfig routes, UnaryOperator<Handler> authenticate) {
        this.routes = routes;
        this.authenticate = authenticate;
    }

    List<Route> all() {
        return List.copyOf(all);
    }

    /** A route registered earlier, to declare more about it from elsewhere; unknown routes are a mistake. */
    Route route(HandlerType method, String path) {
        for (Route r : all) if (r.method == method && r.path.equals(path)) return r;
        throw new IllegalStateException("no route " + method + " " + path + " is registered");
    }

    Route get(String path, String tag, String summary, Handler h) {
        return add(HandlerType.GET, path, tag, summary, h, false);
    }

    Route head(String path, String tag, String summary, Handler h) {
        return add(HandlerType.HEAD, path, tag, summary, h, false);
    }

    Route post(String path, String tag, String summary, Handler h) {
        return add(HandlerType.POST, path, tag, summary, h, false);
    }

    Route put(String path, String tag, String summary, Handler h) {
        return add(HandlerType.PUT, path, tag, summary, h, false);
    }

    Route patch(String path, String tag, String summary, Handler h) {
        return add(HandlerType.PATCH, path, tag, summary, h, false);
    }

    Route delete(String path, String tag, String summary, Handler h) {
        return add(HandlerType.DELETE, path, tag, summary, h, false);
    }

    /** A route that answers without a token (health checks, sign-in, the API document). */
    Route open(HandlerType method, String path, String tag, String summary, Handler h) {
        return add(method, path, tag, summary, h, true);
    }

    private Route add(HandlerType method, String path, String tag, String summary, Handler h, boolean open) {
        Route r = new Route(method, path, tag, summary, open);
        all.add(r);
        Handler marked = ctx -> {
            ctx.attribute(ROUTE, r);
            h.handle(ctx);
        };
        routes.addHttpHandler(method, path, open ? marked : authenticate.apply(marked));
        return r;
    }

    /**
     * Whether {@code value}, sent with {@code status} by the route being served, is what the
     * route declares; called in an {@code assert}, so only tests pay for it. A route that
     * declares nothing yet, or an answer that is not a success, passes. A body built as a map
     * (routes not yet moved to records) must read into the declared record and write back as
     * the same JSON.
     */
    static boolean conforms(Context ctx, int status, Object value) {
        Route r = ctx.attribute(ROUTE);
        if (r == null || r.responses.isEmpty() || status < 200 || status > 299) return true;
        Response declared = r.responses.get(status);
        String route = r.method + " " + r.path;
        if (declared == null || declared.kind() != Kind.JSON) {
            throw new AssertionError(route + " answered " + status
                    + " with JSON, which it does not declare; it declares " + r.responses.values());
        }
        if (declared.type().isInstance(value)) return true;
        if (value instanceof Map<?, ?>) {
            try {
                Object typed = Json.MAPPER.convertValue(value, declared.type());
                var sent = Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(value));
                var again = Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(typed));
                if (sent.equals(again)) return true;
                throw new AssertionError(route + " sent " + sent + " but its declared "
                        + declared.type().getName() + " reads it as " + again);
            } catch (IOException | IllegalArgumentException e) {
                throw new AssertionError(
                        route + " sent a body that is not its declared "
                                + declared.type().getName() + ": " + e.getMessage(),
                        e);
            }
        }
        throw new AssertionError(route + " sent a " + value.getClass().getName() + " but declares "
                + declared.type().getName());
    }
}
