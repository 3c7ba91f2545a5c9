package dev.coffer.billing;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Storage sizes as operators write them in configuration: {@code 5GB}, {@code 500 MB},
 * {@code 1.5TB}, {@code 5000000} (bytes), {@code 8GiB}, or {@code unlimited}. Decimal units are
 * powers of 10 (1 GB = 10^9 bytes, as plans are sold); binary units ({@code KiB}…{@code PiB})
 * are powers of 2. Units ignore case.
 */
public final class ByteSize {
    /** The size of an unlimited plan: larger than any usage, so it never has an overage. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    public static final long GB = 1_000_000_000L;

    private static final Pattern SIZE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([a-z]*)");

    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("", 1L),
            Map.entry("b", 1L),
            Map.entry("kb", 1_000L),
            Map.entry("mb", 1_000_000L),
            Map.entry("gb", GB),
            Map.entry("tb", 1_000_000_000_000L),
            Map.entry("pb", 1_000_000_000_000_000L),
            Map.entry("kib", 1L << 10),
            Map.entry("mib", 1L << 20),
            Map.entry("gib", 1L << 30),
            Map.entry("tib", 1L << 40),
            Map.entry("pib", 1L << 50));

    private ByteSize() {}

    /**
     * The number of bytes {@code text} names, or {@link #UNLIMITED}.
     *
     * @throws IllegalArgumentException with a message saying what to write instead
     */
    public static long parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("unlimited")) return UNLIMITED;
        Matcher m = SIZE.matcher(t);
        if (!m.matches() || !UNITS.containsKey(m.group(2))) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a size: write a number of bytes or a number with a unit"
                            + " (5GB, 500MB, 8GiB; KB, MB, GB, TB are powers of 10, KiB, MiB, GiB, TiB powers of 2), or unlimited");
        }
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(UNITS.get(m.group(2))));
        try {
            long exact = bytes.stripTrailingZeros().longValueExact();
            if (exact == UNLIMITED) throw new ArithmeticException();
            return exact;
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    "'" + text
                            + "' is not a whole number of bytes below 9 EB: write a smaller size, a whole number of bytes, or unlimited");
        }
    }

    /** A short, exact rendering: {@code 15 GB}, {@code 5 MB}, {@code 1234 bytes}, {@code unlimited}. */
    public static String format(long bytes) {
        if (bytes == UNLIMITED) return "unlimited";
        String[] units = {"PB", "TB", "GB", "MB", "KB"};
        long[] sizes = {1_000_000_000_000_000L, 1_000_000_000_000L, GB, 1_000_000L, 1_000L};
        for (int i = 0; i < units.length; i++) {
            if (bytes != 0 && bytes % sizes[i] == 0) return bytes / sizes[i] + " " + units[i];
        }
        return bytes + (bytes == 1 ? " byte" : " bytes");
    }

    /** Bytes in GB (10^9 bytes), exact. */
    public static BigDecimal toGb(long bytes) {
        return BigDecimal.valueOf(bytes).movePointLeft(9).stripTrailingZeros();
    }
}
