package dev.coffer.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
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
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

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

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics jvmGc = new JvmGcMetrics();
    private final Counter gcRuns;
    private final Counter gcFailures;
    private final Counter gcChunks;
    private final Counter gcBytes;

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
    }

    /** Where the database pools (HikariCP) and other parts register their own meters. */
    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
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

    @Override
    public void close() {
        jvmGc.close();
        registry.close();
    }
}
