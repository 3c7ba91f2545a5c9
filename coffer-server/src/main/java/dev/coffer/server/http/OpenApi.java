package dev.coffer.server.http;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3.1 document of the API, generated from the {@link RouteBook} (so every route is in
 * it), served at {@code /api/v1/openapi.json} and browsable at {@code /api/docs}.
 */
final class OpenApi {
    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}|<([^>]+)>");

    private OpenApi() {}

    /** Javalin's {@code /a/{b}/<rest>} as OpenAPI's {@code /a/{b}/{rest}}. */
    static String openApiPath(String javalinPath) {
        return javalinPath.replaceAll("<([^>]+)>", "{$1}");
    }

    static Map<String, Object> document(List<RouteBook.Route> routes, String version) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put("info", Map.of("title", "Coffer API", "version", version,
                "description", "Storage and datasets for team notebook platforms. Errors are RFC 9457 problem details."));
        Map<String, Map<String, Object>> paths = new TreeMap<>();
        for (RouteBook.Route r : routes) {
            paths.computeIfAbsent(openApiPath(r.path), p -> new LinkedHashMap<>())
                    .put(r.method.name().toLowerCase(Locale.ROOT), operation(r));
        }
        doc.put("paths", paths);
        doc.put("components", Map.of(
                "securitySchemes", Map.of(
                        "bearer", Map.of("type", "http", "scheme", "bearer", "description", "a personal, platform or notebook API token"),
                        "session", Map.of("type", "apiKey", "in", "cookie", "name", "coffer_session")),
                "schemas", Map.of("Problem", Map.of("type", "object", "properties", Map.of(
                        "type", Map.of("type", "string"), "title", Map.of("type", "string"),
                        "status", Map.of("type", "integer"), "detail", Map.of("type", "string"),
                        "instance", Map.of("type", "string"))))));
        return doc;
    }

    private static Map<String, Object> operation(RouteBook.Route r) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("tags", List.of(r.tag));
        op.put("summary", r.summary);
        op.put("operationId", operationId(r));
        List<Object> params = new ArrayList<>();
        Matcher m = PARAM.matcher(r.path);
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            params.add(Map.of("name", name, "in", "path", "required", true,
                    "schema", Map.of("type", "string"),
                    "description", m.group(2) != null ? "a path inside the volume (may contain '/')" : name));
        }
        for (RouteBook.Query q : r.query) {
            params.add(Map.of("name", q.name(), "in", "query", "required", false, "schema", Map.of("type", "string"), "description", q.description()));
        }
        if (!params.isEmpty()) op.put("parameters", params);
        if (r.body != null) {
            Object schema = r.body == byte[].class ? Map.of("type", "string", "format", "binary") : schema(r.body);
            op.put("requestBody", Map.of("required", true, "content", Map.of(r.bodyType, Map.of("schema", schema))));
        }
        op.put("security", r.open ? List.of() : List.of(Map.of("bearer", List.of()), Map.of("session", List.of())));
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put("2XX", Map.of("description", "success"));
        responses.put("default", Map.of("description", "a problem (RFC 9457)",
                "content", Map.of("application/problem+json", Map.of("schema", Map.of("$ref", "#/components/schemas/Problem")))));
        op.put("responses", responses);
        return op;
    }

    private static String operationId(RouteBook.Route r) {
        String words = openApiPath(r.path).replaceAll("[{}]", "").replace("/api/v1/", "");
        StringBuilder id = new StringBuilder(r.method.name().toLowerCase(Locale.ROOT));
        for (String w : words.split("[^A-Za-z0-9]+")) {
            if (!w.isEmpty()) id.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
        }
        return id.toString();
    }

    /** A JSON schema for a record type (nested records, lists, maps and scalars). */
    static Map<String, Object> schema(Type type) {
        if (type instanceof ParameterizedType pt) {
            Class<?> raw = (Class<?>) pt.getRawType();
            if (List.class.isAssignableFrom(raw)) return Map.of("type", "array", "items", schema(pt.getActualTypeArguments()[0]));
            if (Map.class.isAssignableFrom(raw)) return Map.of("type", "object", "additionalProperties", schema(pt.getActualTypeArguments()[1]));
        }
        Class<?> c = (Class<?>) (type instanceof ParameterizedType pt ? pt.getRawType() : type);
        if (c == String.class) return Map.of("type", "string");
        if (c == Boolean.class || c == boolean.class) return Map.of("type", "boolean");
        if (c == Integer.class || c == int.class || c == Long.class || c == long.class) return Map.of("type", "integer");
        if (Number.class.isAssignableFrom(c)) return Map.of("type", "number");
        if (c.isRecord()) {
            Map<String, Object> props = new LinkedHashMap<>();
            for (RecordComponent rc : c.getRecordComponents()) props.put(rc.getName(), schema(rc.getGenericType()));
            return Map.of("type", "object", "properties", props, "additionalProperties", false);
        }
        return Map.of("type", "object");
    }

    /** A small page that renders the document with Swagger UI (served from its WebJar). */
    static String page(String swaggerUiVersion) {
        String base = "/webjars/swagger-ui/" + swaggerUiVersion;
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Coffer API</title>
                <link rel="stylesheet" href="%1$s/swagger-ui.css"></head>
                <body><div id="api"></div>
                <script src="%1$s/swagger-ui-bundle.js"></script>
                <script>SwaggerUIBundle({url: "/api/v1/openapi.json", dom_id: "#api"});</script>
                </body></html>
                """.formatted(base);
    }
}
