package dev.coffer.db;

import java.util.ArrayList;
import java.util.List;

/**
 * The values of an {@code IN (<list>)} binding, padded to one of a few lengths by repeating the
 * last value (which changes no {@code IN}'s answer). Every length of a bound list renders a
 * different statement text, and each new text is parsed again (a lexer pass over the whole
 * statement) and takes a place in a cache of a thousand; with lists of any length from 1 to 500
 * at a few dozen places, the cache never held them and the parsing cost about a sixth of the
 * server's CPU while small files were committed in batches. Padded, each place has at most ten
 * texts up to 512 values.
 */
public final class InList {
    private static final int STEP = 512;

    private InList() {}

    public static <T> List<T> padded(List<T> values) {
        int n = values.size();
        if (n <= 1) return values;
        int target = n <= STEP ? Integer.highestOneBit(n - 1) << 1 : (n + STEP - 1) / STEP * STEP;
        if (target == n) return values;
        List<T> out = new ArrayList<>(target);
        out.addAll(values);
        T last = values.get(n - 1);
        while (out.size() < target) out.add(last);
        return out;
    }
}
