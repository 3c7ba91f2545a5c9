package dev.coffer.billing;

import dev.coffer.error.CofferException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Calendar months in UTC, as epoch milliseconds: billing months start at 00:00 UTC on the 1st. */
public final class Months {
    private Months() {}

    public static YearMonth of(long epochMillis) {
        return YearMonth.from(Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC));
    }

    /** The first millisecond of {@code month}. */
    public static long start(YearMonth month) {
        return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    /** The first millisecond after {@code month}. */
    public static long end(YearMonth month) {
        return start(month.plusMonths(1));
    }

    /** The month's length in milliseconds (28 to 31 days; UTC has no daylight saving). */
    public static long lengthMillis(YearMonth month) {
        return month.lengthOfMonth() * 86_400_000L;
    }

    /** {@code YYYY-MM} → the month. */
    public static YearMonth parse(String text) {
        try {
            YearMonth m = YearMonth.parse(text);
            if (m.getYear() < 1970 || m.getYear() > 9999) throw new DateTimeParseException("year", text, 0);
            return m;
        } catch (DateTimeParseException | NullPointerException e) {
            throw new CofferException.Invalid("'" + text + "' is not a month: write YYYY-MM, e.g. 2026-03");
        }
    }
}
