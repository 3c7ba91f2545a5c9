package dev.coffer.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.wire.DatasetWire;
import dev.coffer.wire.Nullable;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3.1 document of the API, generated from the {@link RouteBook} (so every route is in
 * it), served at {@code /api/v1/openapi.json} and browsable at {@code /api/docs}. Bodies are
 * described from the records of {@code dev.coffer.wire}: each becomes a schema under
 * {@code components/schemas} named by the record, referenced from requests and responses. The
 * document is built from ordered maps only, so the same routes always give the same bytes.
 */
final class OpenApi {
    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}|<([^>]+)>");
    private static final String WIRE = "dev.coffer.wire.";

    private OpenApi() {}

    /** Javalin's {@code /a/{b}/<rest>} as OpenAPI's {@code /a/{b}/{rest}}. */
    static String openApiPath(String javalinPath) {
        return javalinPath.replaceAll("<([^>]+)>", "{$1}");
    }

    static Map<String, Object> document(List<RouteBook.Route> routes, String version) {
        Schemas schemas = new Schemas();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put(
                "info",
                ordered(
                        "title",
                        "Coffer API",
                        "version",
                        version,
                        "description",
                        "Storage and datasets for team notebook platforms. Errors are RFC 9457 problem details."));
        Map<String, Map<String, Object>> paths = new TreeMap<>();
        for (RouteBook.Route r : routes) {
            paths.computeIfAbsent(openApiPath(r.path), p -> new LinkedHashMap<>())
                    .put(r.method.name().toLowerCase(Locale.ROOT), operation(r, schemas));
        }
        doc.put("paths", paths);
        Map<String, Object> components = new LinkedHashMap<>();
        components.put(
                "securitySchemes",
                ordered(
                        "bearer",
                                ordered(
                                        "type",
                                        "http",
                                        "scheme",
                                        "bearer",
                                        "description",
                                        "a personal, platform or notebook API token"),
                        "session", ordered("type", "apiKey", "in", "cookie", "name", "coffer_session")));
        Map<String, Object> all = schemas.components();
        all.put(
                "Problem",
                ordered(
                        "type",
                        "object",
                        "properties",
                        ordered(
                                "type",
                                type("string"),
                                "title",
                                type("string"),
                                "status",
                                type("integer"),
                                "detail",
                                type("string"),
                                "instance",
                                type("string"))));
        components.put("schemas", new TreeMap<>(all));
        doc.put("components", components);
        return doc;
    }

    private static Map<String, Object> operation(RouteBook.Route r, Schemas schemas) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("tags", List.of(r.tag));
        op.put("summary", r.summary);
        op.put("operationId", operationId(r));
        List<Object> params = new ArrayList<>();
        Matcher m = PARAM.matcher(r.path);
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            params.add(ordered(
                    "name",
                    name,
                    "in",
                    "path",
                    "required",
                    true,
                    "schema",
                    type("string"),
                    "description",
                    m.group(2) != null ? "a path inside the volume (may contain '/')" : name));
        }
        for (RouteBook.Query q : r.query) {
            params.add(ordered(
                    "name",
                    q.name(),
                    "in",
                    q.in(),
                    "required",
                    false,
                    "schema",
                    type("string"),
                    "description",
                    q.description()));
        }
        if (!params.isEmpty()) op.put("parameters", params);
        if (r.body != null) {
            Object schema =
                    r.body == byte[].class ? ordered("type", "string", "format", "binary") : schemas.of(r.body, true);
            op.put(
                    "requestBody",
                    ordered("required", r.bodyRequired, "content", ordered(r.bodyType, ordered("schema", schema))));
        }
        op.put("security", r.open ? List.of() : List.of(ordered("bearer", List.of()), ordered("session", List.of())));
        Map<String, Object> responses = new LinkedHashMap<>();
        if (r.responses.isEmpty()) responses.put("2XX", ordered("description", "success (not described yet)"));
        for (RouteBook.Response answer : r.responses.values())
            responses.put(Integer.toString(answer.status()), response(answer, schemas));
        responses.put(
                "default",
                ordered(
                        "description",
                        "a problem (RFC 9457)",
                        "content",
                        ordered(
                                "application/problem+json",
                                ordered("schema", ordered("$ref", "#/components/schemas/Problem")))));
        op.put("responses", responses);
        return op;
    }

    private static Map<String, Object> response(RouteBook.Response answer, Schemas schemas) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(
                "description",
                answer.description() != null
                        ? answer.description()
                        : switch (answer.status()) {
                            case 201 -> "created";
                            case 202 -> "accepted: the work goes on in the background";
                            default -> "success";
                        });
        Map<String, Object> content = new LinkedHashMap<>();
        for (String media : answer.mediaTypes()) {
            Object schema = switch (answer.kind()) {
                case JSON -> schemas.of(answer.type(), false);
                case BYTES -> ordered("type", "string", "format", "binary");
                case NDJSON -> ordered("type", "string", "description", "one JSON object per line");
                case TEXT, EMPTY -> type("string");
            };
            content.put(media, ordered("schema", schema));
        }
        if (!content.isEmpty()) out.put("content", content);
        return out;
    }

    private static String operationId(RouteBook.Route r) {
        String words = openApiPath(r.path).replaceAll("[{}]", "").replace("/api/v1/", "");
        StringBuilder id = new StringBuilder(r.method.name().toLowerCase(Locale.ROOT));
        for (String w : words.split("[^A-Za-z0-9]+")) {
            if (!w.isEmpty()) id.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
        }
        return id.toString();
    }

    /**
     * The schemas of one document: records and enums of the wire become components (by simple
     * name, which must be unique), referenced with {@code $ref}; other records (bodies the server
     * still defines itself) are written inline.
     */
    private static final class Schemas {
        private final Map<String, Class<?>> named = new TreeMap<>();
        /** Records read by the server: their schemas refuse unknown fields, as the server does. */
        private final Set<Class<?>> strict = new HashSet<>();

        Map<String, Object> of(Type type, boolean request) {
            return schema(type, request);
        }

        private Map<String, Object> schema(Type type, boolean request) {
            if (type instanceof ParameterizedType pt) {
                Class<?> raw = (Class<?>) pt.getRawType();
                if (List.class.isAssignableFrom(raw))
                    return ordered("type", "array", "items", schema(pt.getActualTypeArguments()[0], request));
                if (Map.class.isAssignableFrom(raw))
                    return ordered(
                            "type", "object", "additionalProperties", schema(pt.getActualTypeArguments()[1], request));
            }
            Class<?> c = (Class<?>) (type instanceof ParameterizedType pt ? pt.getRawType() : type);
            if (c == String.class) return type("string");
            if (c == Boolean.class || c == boolean.class) return type("boolean");
            if (c == Integer.class || c == int.class) return ordered("type", "integer", "format", "int32");
            if (c == Long.class || c == long.class) return ordered("type", "integer", "format", "int64");
            if (Number.class.isAssignableFrom(c)) return type("number");
            if (c.isArray()) return ordered("type", "array", "items", schema(c.getComponentType(), request));
            if (JsonNode.class.isAssignableFrom(c) || c == Object.class) return new LinkedHashMap<>();
            if (c.getName().startsWith(WIRE) && (c.isRecord() || c.isEnum())) {
                String name = c.getSimpleName();
                Class<?> before = named.putIfAbsent(name, c);
                if (before != null && before != c) {
                    throw new IllegalStateException(
                            "two wire types are both named " + name + ": " + before.getName() + " and " + c.getName());
                }
                if (request && c.isRecord() && strict.add(c)) {
                    for (RecordComponent rc : c.getRecordComponents()) schema(rc.getGenericType(), true);
                }
                return ordered("$ref", "#/components/schemas/" + name);
            }
            if (c.isRecord()) return object(c, request);
            return type("object");
        }

        private Map<String, Object> object(Class<?> c, boolean request) {
            Map<String, Object> props = new LinkedHashMap<>();
            List<String> required = new ArrayList<>();
            for (RecordComponent rc : c.getRecordComponents()) {
                Field field = field(c, rc.getName());
                JsonProperty renamed = field.getAnnotation(JsonProperty.class);
                String name = renamed != null && !renamed.value().isEmpty() ? renamed.value() : rc.getName();
                Map<String, Object> s = schema(rc.getGenericType(), request);
                if (rc.isAnnotationPresent(Nullable.class)) s = nullable(s);
                props.put(name, s);
                if (c.getName().startsWith(WIRE) && !leftOutWhenNull(c, field)) required.add(name);
            }
            Map<String, Object> out = ordered("type", "object", "properties", props);
            if (!required.isEmpty()) out.put("required", required);
            if (request) out.put("additionalProperties", false);
            return out;
        }

        /** Every component, including those reached only through other components. */
        Map<String, Object> components() {
            Map<String, Object> out = new TreeMap<>();
            while (out.size() < named.size()) {
                for (Map.Entry<String, Class<?>> e : new TreeMap<>(named).entrySet()) {
                    if (out.containsKey(e.getKey())) continue;
                    Class<?> c = e.getValue();
                    out.put(
                            e.getKey(),
                            c.isEnum()
                                    ? enumeration(c)
                                    : c == DatasetWire.VersionSelector.class
                                            ? numberOrWord()
                                            : object(c, strict.contains(c)));
                }
            }
            return out;
        }

        /** A version selector travels as itself, a number or a word ({@code 3}, {@code "v1"}, {@code "latest"}). */
        private static Map<String, Object> numberOrWord() {
            return ordered("oneOf", List.of(ordered("type", "integer", "format", "int64"), type("string")));
        }

        private static Map<String, Object> enumeration(Class<?> c) {
            List<String> codes = new ArrayList<>();
            for (Object constant : c.getEnumConstants())
                codes.add(Json.MAPPER.valueToTree(constant).asText());
            return ordered("type", "string", "enum", codes);
        }
    }

    /** The same schema, also allowing JSON null (OpenAPI 3.1: a type list, or oneOf for a reference). */
    private static Map<String, Object> nullable(Map<String, Object> s) {
        if (s.get("type") instanceof String t) {
            Map<String, Object> out = new LinkedHashMap<>(s);
            out.put("type", List.of(t, "null"));
            return out;
        }
        return ordered("oneOf", List.of(s, type("null")));
    }

    private static boolean leftOutWhenNull(Class<?> record, Field field) {
        JsonInclude own = field.getAnnotation(JsonInclude.class);
        if (own != null) return own.value() == JsonInclude.Include.NON_NULL;
        JsonInclude all = record.getAnnotation(JsonInclude.class);
        return all != null && all.value() == JsonInclude.Include.NON_NULL;
    }

    private static Field field(Class<?> record, String name) {
        try {
            return record.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("a record without the field of its component " + name, e);
        }
    }

    private static Map<String, Object> type(String name) {
        return ordered("type", name);
    }

    /** A map that keeps the order its keys are given in. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return m;
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
