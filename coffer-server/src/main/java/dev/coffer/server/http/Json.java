package dev.coffer.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.coffer.error.CofferException;
import io.javalin.http.Context;

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
        long length = ctx.req().getContentLengthLong();
        if (length > maxBytes) throw new CofferException.Invalid("request body is larger than " + maxBytes + " bytes");
        try {
            byte[] body = ctx.bodyInputStream().readNBytes(maxBytes + 1);
            if (body.length > maxBytes) throw new CofferException.Invalid("request body is larger than " + maxBytes + " bytes");
            if (body.length == 0) throw new CofferException.Invalid("a JSON request body is required");
            T value = MAPPER.readValue(body, type);
            if (value == null) throw new CofferException.Invalid("a JSON object is required, got null");
            return value;
        } catch (java.io.IOException e) {
            if (e instanceof com.fasterxml.jackson.core.JacksonException je) {
                throw new CofferException.Invalid("request body is not valid: " + je.getOriginalMessage());
            }
            throw new CofferException.Invalid("cannot read the request body: " + e.getMessage());
        }
    }

    static void send(Context ctx, int status, Object value) {
        ctx.status(status).contentType("application/json").result(write(value));
    }
}
