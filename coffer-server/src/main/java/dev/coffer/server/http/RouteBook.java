package dev.coffer.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Every route of the API is registered here, with what the OpenAPI document says about it, so
 * the document cannot forget a route: {@link OpenApi} is generated from this book, and a test
 * compares it with what the HTTP server actually routes.
 */
final class RouteBook {
    /** A query parameter of a route, for the document. */
    record Query(String name, String description) {}

    /** One route: method, Javalin path template, and its description. */
    static final class Route {
        final HandlerType method;
        final String path;
        final String tag;
        final String summary;
        final boolean open;
        Class<?> body;
        String bodyType = "application/json";
        final List<Query> query = new ArrayList<>();

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

        /** The route reads raw bytes of this media type (file uploads). */
        Route rawBody(String mediaType) {
            this.bodyType = mediaType;
            this.body = byte[].class;
            return this;
        }

        Route query(String name, String description) {
            query.add(new Query(name, description));
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
        routes.addHttpHandler(method, path, open ? h : authenticate.apply(h));
        return r;
    }
}
