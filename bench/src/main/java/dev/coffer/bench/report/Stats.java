package dev.coffer.bench.report;

import java.util.Arrays;
import java.util.List;

/**
 * Median, minimum and maximum of a few timings. The median (not the mean) is the headline figure
 * because with 3 to 5 runs on a shared 2-core machine one disturbed run would drag a mean far off.
 */
public record Stats(double median, double min, double max, int count) {

    public static Stats of(List<? extends Number> values) {
        if (values.isEmpty()) throw new IllegalArgumentException("no values");
        double[] v = values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        int n = v.length;
        double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        return new Stats(median, v[0], v[n - 1], n);
    }

    public static Stats of(double... values) {
        return of(Arrays.stream(values).boxed().toList());
    }

    /** (max - min) / median: how much the runs disagreed, 0.1 meaning a 10% spread. */
    public double spread() {
        return median == 0 ? 0 : (max - min) / median;
    }

    /** {@code a / b}, or null when b is zero (a ratio to nothing means nothing). */
    public static Double ratio(double a, double b) {
        return b == 0 ? null : a / b;
    }

    /** Decimal megabytes per second, the unit disks and networks are sold in. */
    public static double megabytesPerSecond(long bytes, double seconds) {
        return seconds <= 0 ? 0 : bytes / 1e6 / seconds;
    }

    public static double perSecond(long count, double seconds) {
        return seconds <= 0 ? 0 : count / seconds;
    }

    /** Rounds for the report: timings to the millisecond, rates and ratios to fewer digits. */
    public static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
