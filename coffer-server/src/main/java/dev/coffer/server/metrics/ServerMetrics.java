package dev.coffer.server.metrics;

import dev.coffer.blob.BlobStore;
import dev.coffer.blob.MeteredBlobStore;
import dev.coffer.content.ChunkListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's metrics, scraped by Prometheus at {@code /metrics}. Names are documented in the
 * operations guide; labels never carry a team, a user or a path (a route is its template, such as
 * {@code /api/v1/teams/{team}/storage/{volume}/files/<path>}), so a scrape reveals no tenant and
 * the number of series stays bounded.
 */
public final class ServerMetrics implements AutoCloseable {
    /** Latency buckets of request timers: from a cached listing to a large upload. */
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(1),
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(120)
    };

    private static final Logger log = LoggerFactory.getLogger(ServerMetrics.class);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics jvmGc = new JvmGcMetrics();
    /** Readings from the database that gauges show, taken once per scrape. */
    private final List<Runnable> beforeScrape = new CopyOnWriteArrayList<>();

    private final Counter gcRuns;
    private final Counter gcFailures;
    private final Counter gcChunks;
    private final Counter gcBytes;
    private final Counter chunksStored;
    private final Counter chunksStoredBytes;
    private final Counter chunksDeduplicated;
    private final Counter chunksDeduplicatedBytes;
    private final Counter monthCloses;
    private final Counter monthCloseFailures;
    private final Counter statementsFrozen;
    private final Counter recounts;
    private final Counter recountMismatches;
    private final Counter repairs;
    /** One timer per store operation and outcome, made when first used: most pairs never happen. */
    private final AtomicReferenceArray<Timer> storeCalls =
            new AtomicReferenceArray<>(MeteredBlobStore.Op.values().length * MeteredBlobStore.Outcome.values().length);

    public ServerMetrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        jvmGc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        gcRuns = Counter.builder("coffer.gc.runs")
                .description("garbage collections of content that ended")
                .register(registry);
        gcFailures = Counter.builder("coffer.gc.failures")
                .description("garbage collections that failed (tried again at the next interval)")
                .register(registry);
        gcChunks = Counter.builder("coffer.gc.chunks.removed")
                .description("chunks the garbage collector removed")
                .register(registry);
        gcBytes = Counter.builder("coffer.gc.removed")
                .baseUnit("bytes")
                .description("stored bytes the garbage collector freed")
                .register(registry);
        chunksStored = counter("coffer.chunks.stored", null, "new chunks stored");
        chunksStoredBytes = counter("coffer.chunks.stored.bytes", "bytes", "plain bytes of the new chunks stored");
        chunksDeduplicated = counter(
                "coffer.chunks.deduplicated",
                null,
                "chunks offered (asked about, sent, or cut from a streamed upload or import) that were stored already");
        chunksDeduplicatedBytes = counter(
                "coffer.chunks.deduplicated.bytes", "bytes", "plain bytes of the chunks that were stored already");
        monthCloses = counter(
                "coffer.usage.month.closes", null, "runs of the hourly job that freezes last month's statements");
        monthCloseFailures =
                counter("coffer.usage.month.close.failures", null, "runs of the month-closing job that failed");
        statementsFrozen =
                counter("coffer.usage.statements.frozen", null, "team statements the month-closing job froze");
        recounts = counter("coffer.usage.recounts", null, "teams whose usage was counted again from their files");
        recountMismatches = counter(
                "coffer.usage.recount.mismatches", null, "recounted teams whose kept usage differed from the recount");
        repairs = counter("coffer.usage.repairs", null, "teams whose kept usage was rebuilt from their files");
    }

    private Counter counter(String name, String baseUnit, String description) {
        return Counter.builder(name).baseUnit(baseUnit).description(description).register(registry);
    }

    /** Where the database pools (HikariCP) and other parts register their own meters. */
    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        for (Runnable r : beforeScrape) r.run();
        return registry.scrape();
    }

    /** The content type of {@link #scrape}. */
    public static String contentType() {
        return "text/plain; version=0.0.4; charset=utf-8";
    }

    /** One answered request: its method, its route template ("unmatched" when no route took it), its status. */
    public void request(String method, String route, int status, long nanos) {
        Timer.builder("coffer.http.requests")
                .description("requests answered, by route template, method and status")
                .tags("method", method, "route", route, "status", Integer.toString(status))
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A running total read when scraped (bytes received, say), in {@code baseUnit}. */
    public <T> void total(String name, String description, String baseUnit, T source, ToDoubleFunction<T> value) {
        FunctionCounter.builder(name, source, value)
                .description(description)
                .baseUnit(baseUnit)
                .register(registry);
    }

    /** A garbage collection that ended. */
    public void gcRun(long chunksRemoved, long bytesFreed) {
        gcRuns.increment();
        gcChunks.increment(chunksRemoved);
        gcBytes.increment(bytesFreed);
    }

    public void gcFailed() {
        gcFailures.increment();
    }

    /**
     * {@code store} with every call timed by operation and outcome. Put it around the real store,
     * inside the retrying one, so that each attempt counts.
     */
    public BlobStore metered(BlobStore store) {
        return new MeteredBlobStore(store, this::storeCall);
    }

    private void storeCall(MeteredBlobStore.Op op, MeteredBlobStore.Outcome outcome, long nanos) {
        int i = op.ordinal() * MeteredBlobStore.Outcome.values().length + outcome.ordinal();
        Timer timer = storeCalls.get(i);
        if (timer == null) {
            // Registering twice returns the same timer, so a race here is harmless.
            timer = Timer.builder("coffer.store.calls")
                    .description("calls that reached the content store, by operation and outcome")
                    .tags("op", op.label, "outcome", outcome.label)
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry);
            storeCalls.set(i, timer);
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Counts what became of the chunks offered to the content store. */
    public ChunkListener chunkListener() {
        return new ChunkListener() {
            @Override
            public void stored(int chunks, long bytes) {
                chunksStored.increment(chunks);
                chunksStoredBytes.increment(bytes);
            }

            @Override
            public void deduplicated(int chunks, long bytes) {
                chunksDeduplicated.increment(chunks);
                chunksDeduplicatedBytes.increment(bytes);
            }
        };
    }

    /**
     * Import jobs by state, over every server, as {@code countByState} reads them from the
     * database: once at the start of each scrape, so the gauges of one scrape share one query and
     * nothing is read between scrapes. A database that does not answer shows as NaN, not as no jobs.
     */
    public void importJobs(List<String> states, Supplier<Map<String, Long>> countByState) {
        AtomicReference<Map<String, Long>> counts = new AtomicReference<>();
        beforeScrape.add(() -> {
            try {
                counts.set(countByState.get());
            } catch (RuntimeException e) {
                log.debug("could not count the import jobs for the metrics: {}", e.toString());
                counts.set(null);
            }
        });
        for (String state : states) {
            Gauge.builder("coffer.import.jobs", counts, c -> {
                        Map<String, Long> now = c.get();
                        return now == null ? Double.NaN : now.getOrDefault(state, 0L);
                    })
                    .description("import jobs in each state, over every server sharing the database")
                    .tag("state", state)
                    .strongReference(true)
                    .register(registry);
        }
    }

    /** A run of the month-closing job that froze {@code frozen} statements. */
    public void monthClosed(int frozen) {
        monthCloses.increment();
        statementsFrozen.increment(frozen);
    }

    public void monthCloseFailed() {
        monthCloseFailures.increment();
    }

    /** A recount of {@code teams} teams, {@code mismatched} of which had kept figures that differed. */
    public void usageRecounted(int teams, int mismatched) {
        recounts.increment(teams);
        recountMismatches.increment(mismatched);
    }

    public void usageRepaired() {
        repairs.increment();
    }

    @Override
    public void close() {
        jvmGc.close();
        registry.close();
    }
}
