package dev.coffer.bench.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON building blocks shared by the scenarios, so every report spells the same figure the same way. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** {"median":..,"min":..,"max":..} in seconds, to the millisecond. */
    public static ObjectNode seconds(Stats s) {
        ObjectNode n = object();
        n.put("median", Stats.round(s.median(), 3));
        n.put("min", Stats.round(s.min(), 3));
        n.put("max", Stats.round(s.max(), 3));
        return n;
    }

    /** A ratio to three decimals, or JSON null when it is undefined. */
    public static void putRatio(ObjectNode n, String key, Double ratio) {
        if (ratio == null) n.putNull(key);
        else n.put(key, Stats.round(ratio, 3));
    }

    public static String line(ObjectNode n) {
        try {
            return MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
