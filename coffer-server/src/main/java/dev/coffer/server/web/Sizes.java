package dev.coffer.server.web;

import java.util.Locale;

/** Sizes as people read them: 999 B, 1.5 kB, 12.3 MB, 4.0 GB (powers of 1000, as plans are priced). */
final class Sizes {
    private static final String[] UNITS = {"kB", "MB", "GB", "TB", "PB"};

    private Sizes() {}

    static String human(long bytes) {
        if (bytes < 1000) return bytes + " B";
        double value = bytes;
        int unit = -1;
        while (value >= 999.95 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
