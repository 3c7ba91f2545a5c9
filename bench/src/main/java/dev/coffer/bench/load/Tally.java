package dev.coffer.bench.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What clients saw during the timed phase: the latency of every request answered with success, by
 * kind, and the requests that failed or were refused. Each client keeps its own (nothing shared
 * while the clock runs, so recording costs no lock and no contention); {@link #merge} adds them up
 * at the end. Latencies are kept whole, in plain arrays, and sorted once: exact percentiles for a
 * minute of requests cost a few megabytes, less than a histogram dependency would.
 */
public final class Tally {
    /** How many error messages are kept to show in the report: the first few say what went wrong. */
    static final int ERROR_SAMPLES = 5;

    private final Map<RequestKind, Kind> kinds = new EnumMap<>(RequestKind.class);
    private final List<String> errorSamples = new ArrayList<>();
    private long uploadedBytes;
    private long downloadedBytes;

    public Tally() {
        for (RequestKind k : RequestKind.values()) kinds.put(k, new Kind());
    }

    /** A request answered with success after {@code nanos}, from sending it to its answer's last byte. */
    public void ok(RequestKind kind, long nanos) {
        kinds.get(kind).latencies.add(nanos);
    }

    /** Any answer but success or 429, an I/O failure, or an answer whose content was wrong. */
    public void error(RequestKind kind, String why) {
        kinds.get(kind).errors++;
        if (errorSamples.size() < ERROR_SAMPLES) errorSamples.add(kind.key() + ": " + why);
    }

    /** A 429: the server's per-token limit refusing on purpose, which is not a failure. */
    public void refused(RequestKind kind) {
        kinds.get(kind).refused++;
    }

    public void uploaded(long bytes) {
        uploadedBytes += bytes;
    }

    public void downloaded(long bytes) {
        downloadedBytes += bytes;
    }

    /** Adds another client's tally to this one. */
    public void merge(Tally other) {
        for (RequestKind k : RequestKind.values()) {
            Kind mine = kinds.get(k);
            Kind theirs = other.kinds.get(k);
            mine.latencies.addAll(theirs.latencies);
            mine.errors += theirs.errors;
            mine.refused += theirs.refused;
        }
        for (String e : other.errorSamples) {
            if (errorSamples.size() < ERROR_SAMPLES) errorSamples.add(e);
        }
        uploadedBytes += other.uploadedBytes;
        downloadedBytes += other.downloadedBytes;
    }

    public long uploadedBytes() {
        return uploadedBytes;
    }

    public long downloadedBytes() {
        return downloadedBytes;
    }

    /** Errors of every kind. */
    public long errors() {
        return kinds.values().stream().mapToLong(k -> k.errors).sum();
    }

    /** 429 refusals of every kind. */
    public long refused429() {
        return kinds.values().stream().mapToLong(k -> k.refused).sum();
    }

    public List<String> errorSamples() {
        return List.copyOf(errorSamples);
    }

    /** One kind's figures over {@code seconds} of load. */
    public KindFigures figures(RequestKind kind, double seconds) {
        Kind k = kinds.get(kind);
        long[] sorted = k.latencies.sorted();
        return new KindFigures(
                sorted.length,
                seconds <= 0 ? 0 : sorted.length / seconds,
                percentileMs(sorted, 0.50),
                percentileMs(sorted, 0.90),
                percentileMs(sorted, 0.99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6,
                k.errors,
                k.refused);
    }

    /**
     * Count of successful requests, their rate, latency percentiles and maximum in milliseconds;
     * errors and 429 refusals (neither is in the count nor the latencies).
     */
    public record KindFigures(
            long count,
            double perSecond,
            double p50Ms,
            double p90Ms,
            double p99Ms,
            double maxMs,
            long errors,
            long refused429) {}

    /**
     * The nearest-rank percentile (the smallest value with at least {@code fraction} of the values
     * at or below it), in milliseconds; 0 for no values. No interpolation: the figure is a latency
     * a request really had.
     */
    static double percentileMs(long[] sortedNanos, double fraction) {
        if (sortedNanos.length == 0) return 0;
        int rank = (int) Math.ceil(fraction * sortedNanos.length);
        return sortedNanos[Math.clamp(rank - 1, 0, sortedNanos.length - 1)] / 1e6;
    }

    private static final class Kind {
        final LongList latencies = new LongList();
        long errors;
        long refused;
    }

    /** A growing array of longs: a minute of requests is a few hundred thousand values, not worth boxing. */
    private static final class LongList {
        private long[] values = new long[1024];
        private int size;

        void add(long v) {
            if (size == values.length) values = Arrays.copyOf(values, size * 2);
            values[size++] = v;
        }

        void addAll(LongList other) {
            if (size + other.size > values.length)
                values = Arrays.copyOf(values, Math.max(size + other.size, values.length * 2));
            System.arraycopy(other.values, 0, values, size, other.size);
            size += other.size;
        }

        long[] sorted() {
            long[] out = Arrays.copyOf(values, size);
            Arrays.sort(out);
            return out;
        }
    }
}
