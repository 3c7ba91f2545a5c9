package dev.coffer.wire;

import com.fasterxml.jackson.annotation.JsonValue;

/** An enum whose constants travel as fixed words ({@code "owner"}, {@code "Running"}). */
public interface Coded {
    /** The word on the wire. */
    @JsonValue
    String code();

    /** The constant of {@code type} whose code is {@code code}. */
    static <E extends Enum<E> & Coded> E of(Class<E> type, String code) {
        for (E e : type.getEnumConstants()) {
            if (e.code().equals(code)) return e;
        }
        throw new IllegalArgumentException("no " + type.getSimpleName() + " has the code '" + code + "'");
    }
}
