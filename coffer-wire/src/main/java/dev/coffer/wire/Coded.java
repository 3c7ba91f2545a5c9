package dev.coffer.wire;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** An enum whose constants travel as fixed words ({@code "owner"}, {@code "Running"}). */
public interface Coded {
    /** The word on the wire: the constant's name in lower case unless the enum says otherwise. */
    @JsonValue
    default String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The constant's name (every enum has it). */
    String name();

    /** The constant of {@code type} whose code is {@code code}. */
    static <E extends Enum<E> & Coded> E of(Class<E> type, String code) {
        for (E e : type.getEnumConstants()) {
            if (e.code().equals(code)) return e;
        }
        throw new IllegalArgumentException("no " + type.getSimpleName() + " has the code '" + code + "'");
    }
}
