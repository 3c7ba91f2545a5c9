package dev.coffer.server.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.coffer.error.CofferException;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;

/** The one strict JSON mapper: wrong types, unknown fields and nulls for numbers are refused. */
final class Json {
    static final ObjectMapper MAPPER = strict();

    private Json() {}

    private static ObjectMapper strict() {
        ObjectMapper m = JsonMapper.builder()
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .build();
        m.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return m;
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** Reads a JSON body of at most {@code maxBytes} into {@code type}; a missing body is an error. */
    static <T> T read(Context ctx, Class<T> type, int maxBytes) {
        return read(ctx, type, maxBytes, null);
    }

    /**
     * Like {@link #read}, for bodies that carry a secret: a refusal says where the JSON went
     * wrong (line and column) and what shape was expected ({@code expected}), but never quotes
     * the body, because Jackson's own messages repeat the tokens they trip over.
     */
    static <T> T readSecret(Context ctx, Class<T> type, int maxBytes, String expected) {
        return read(ctx, type, maxBytes, expected);
    }

    private static <T> T read(Context ctx, Class<T> type, int maxBytes, String quietShape) {
        long length = ctx.req().getContentLengthLong();
        if (length > maxBytes) throw new CofferException.Invalid("request body is larger than " + maxBytes + " bytes");
        byte[] body = null;
        try {
            body = GuardedBody.of(ctx, maxBytes + 1L, "the body limit of this route")
                    .readNBytes(maxBytes + 1);
            if (body.length > maxBytes)
                throw new CofferException.Invalid("request body is larger than " + maxBytes + " bytes");
            if (body.length == 0) throw new CofferException.Invalid("a JSON request body is required");
            T value = MAPPER.readValue(body, type);
            if (value == null) throw new CofferException.Invalid("a JSON object is required, got null");
            return value;
        } catch (JacksonException je) {
            throw new CofferException.Invalid(
                    quietShape == null
                            ? describe(je)
                            : "request body is not valid JSON of the form " + quietShape + where(je));
        } catch (IOException e) {
            throw new CofferException.Invalid(
                    "cannot read the request body" + (quietShape == null ? ": " + e.getMessage() : ""));
        } finally {
            if (quietShape != null && body != null) Arrays.fill(body, (byte) 0);
        }
    }

    /**
     * Reads a JSON body of up to {@code maxBytes} into {@code type} straight from the stream, for
     * bodies too large to hold twice (as bytes and as objects). Past the limit the answer is 413.
     */
    static <T> T readStream(Context ctx, Class<T> type, long maxBytes) {
        GuardedBody body = GuardedBody.of(ctx, maxBytes, "the body limit of this route");
        try (var parser = MAPPER.getFactory().createParser(body)) {
            if (parser.nextToken() == null) throw new CofferException.Invalid("a JSON request body is required");
            T value = MAPPER.readValue(parser, type);
            if (value == null) throw new CofferException.Invalid("a JSON object is required, got null");
            if (parser.nextToken() != null)
                throw new CofferException.Invalid("request body is not valid: data after the JSON value");
            return value;
        } catch (JacksonException je) {
            throw new CofferException.Invalid(describe(je));
        } catch (IOException e) {
            throw new CofferException.Invalid("cannot read the request body: " + e.getMessage());
        }
    }

    /**
     * What is wrong with a body, told without Jackson's own message: that message quotes the
     * tokens it trips over, so a sign-in body with a typo would echo part of the password into the
     * answer and the logs. Only the path of known fields, the expected type and the position in the
     * body are said.
     */
    static String describe(JacksonException je) {
        if (je instanceof UnrecognizedPropertyException u) {
            // Not even the unknown name is repeated: a mistyped body may have put a secret there.
            return "request body has an unknown field" + where(je) + "; the fields are " + u.getKnownPropertyIds();
        }
        if (je instanceof MismatchedInputException m) {
            String must = " must be " + shape(m.getTargetType());
            return m.getPath().isEmpty() ? "request body" + must : "request body field " + path(m) + must;
        }
        if (je instanceof JsonMappingException m) {
            return m.getPath().isEmpty()
                    ? "request body does not have the expected shape"
                    : "request body field " + path(m) + " is not valid";
        }
        return "request body is not valid JSON" + where(je);
    }

    private static String where(JacksonException je) {
        var at = je.getLocation();
        return at == null || at.getLineNr() < 1
                ? ""
                : " (at line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    /** {@code 'chunks[2].size'}: field names and list positions only. */
    private static String path(JsonMappingException m) {
        StringBuilder b = new StringBuilder();
        for (var ref : m.getPath()) {
            if (ref.getFieldName() != null) {
                if (!b.isEmpty()) b.append('.');
                b.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                b.append('[').append(ref.getIndex()).append(']');
            }
        }
        return "'" + b + "'";
    }

    private static String shape(Class<?> type) {
        if (type == null) return "of another type";
        if (type == String.class) return "a string";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class)
            return "a whole number";
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) return "a number";
        if (type.isArray() || Collection.class.isAssignableFrom(type)) return "a list";
        return "an object";
    }

    /** Sends {@code value} as the JSON answer; with assertions on (tests), it must be what the route declares. */
    static void send(Context ctx, int status, Object value) {
        assert RouteBook.conforms(ctx, status, value);
        ctx.status(status).contentType("application/json").result(write(value));
    }
}
