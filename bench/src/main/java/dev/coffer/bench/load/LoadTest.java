package dev.coffer.bench.load;

import dev.coffer.bench.BenchException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Many clients on one running server at once: seeds it, gives every simulated client a personal
 * API token of its own (made by the operator, as real clients' tokens are; the server's request
 * limit is per token, so a shared token would measure the limit instead of the server), runs
 * {@value #READERS} readers and {@value #UPLOADERS} uploaders for the given seconds, then reads
 * every acknowledged upload back. Only the middle step is timed.
 *
 * <p>Given several servers (one database, one store), every client sends each request to the next
 * server in turn, as a load balancer without affinity would (an uploader's next file goes to
 * another server than its last), and the uploads are read back alternating over the servers too,
 * from a different starting one: what one instance acknowledged must be whole on the others.
 */
public final class LoadTest {
    public static final int READERS = 64;
    public static final int UPLOADERS = 8;
    public static final String UPLOAD_ROOT = "uploads";
    /** Seeds the clients' random sequences: the same choices in every run, whatever the timing does to them. */
    private static final long SEED = 0x10ADC11EL;
    /** Downloads in flight while reading back: one per uploader, each with its own token. */
    private static final int READ_BACK_AT_ONCE = UPLOADERS;

    private LoadTest() {}

    /** What the scenario reads from the server process itself: CPU seconds and peak resident memory so far. */
    public record ServerGauges(DoubleSupplier cpuSeconds, LongSupplier peakRssBytes) {}

    /** Every acknowledged upload read back after the timed phase: how many, and which came back wrong. */
    public record ReadBack(long checked, List<String> wrong, double seconds) {}

    /**
     * The outcome: the clients, the seeded set, the measured seconds (from the start until the
     * last client's last request ended), what the clients saw, and what the server and this
     * process spent during those seconds. CPU seconds are -1 when the platform does not tell.
     */
    public record Result(
            int readers,
            int uploaders,
            int plannedSeconds,
            double seconds,
            int seedFiles,
            long seedBytes,
            int seedFolders,
            Tally tally,
            double serverCpuSeconds,
            long serverPeakRssBytes,
            double generatorCpuSeconds,
            ReadBack readBack) {}

    public static Result run(List<String> urls, String adminToken, int seconds, ServerGauges server, PrintStream log)
            throws InterruptedException {
        try (HttpClient http = StorageClient.newHttpClient()) {
            StorageClient operator = new StorageClient(http, urls.getFirst(), adminToken);
            SeedSet seed = SeedSet.upload(operator, log);
            log.printf("  making %d API tokens, one per client...%n", READERS + UPLOADERS);
            List<Client> clients = new ArrayList<>();
            List<Uploader> uploaders = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                StorageClient api = operator.as(token(operator, String.format("load-reader-%02d", i)))
                        .at(rotated(urls, i));
                clients.add(new Reader(api, SEED + i, seed));
            }
            for (int i = 0; i < UPLOADERS; i++) {
                StorageClient api = operator.as(token(operator, String.format("load-uploader-%02d", i)))
                        .at(rotated(urls, READERS + i));
                Uploader u = new Uploader(
                        api,
                        api.at(rotated(urls, READERS + i + 1)),
                        SEED + READERS + i,
                        String.format("%s/u%02d", UPLOAD_ROOT, i));
                uploaders.add(u);
                clients.add(u);
            }
            // One untimed request per client: every token works before the clock starts.
            String probe = seed.files().getFirst().path();
            for (Client c : clients) Untimed.call("a first request with a client's token", () -> c.api.stat(probe));

            log.printf("  %d readers and %d uploaders for %d s...%n", READERS, UPLOADERS, seconds);
            double serverCpuBefore = server.cpuSeconds().getAsDouble();
            double ownCpuBefore = ownCpuSeconds();
            Timed timed = timed(clients, seconds);
            double serverCpu = difference(serverCpuBefore, server.cpuSeconds().getAsDouble());
            double ownCpu = difference(ownCpuBefore, ownCpuSeconds());
            long peakRss = server.peakRssBytes().getAsLong();

            ReadBack readBack = readBack(uploaders, log);
            return new Result(
                    READERS,
                    UPLOADERS,
                    seconds,
                    timed.seconds(),
                    seed.files().size(),
                    seed.bytes(),
                    seed.folders().size(),
                    timed.tally(),
                    serverCpu,
                    peakRss,
                    ownCpu,
                    readBack);
        }
    }

    /**
     * {@code urls} starting at the {@code by}-th (mod their count), so that clients start on
     * different servers.
     */
    static List<String> rotated(List<String> urls, int by) {
        List<String> out = new ArrayList<>(urls.size());
        for (int i = 0; i < urls.size(); i++) out.add(urls.get((by + i) % urls.size()));
        return out;
    }

    private static String token(StorageClient operator, String name) throws InterruptedException {
        try {
            return operator.createToken(name);
        } catch (IOException e) {
            throw new BenchException("cannot make token " + name + ": " + e, e);
        }
    }

    /** The clients' tallies added up, and the seconds from their release until the last one finished. */
    private record Timed(Tally tally, double seconds) {}

    /**
     * All clients at once, each on a virtual thread, released together once all are waiting; they
     * stop starting requests at the deadline and the clock stops when the last request has ended.
     */
    private static Timed timed(List<Client> clients, int seconds) throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong until = new AtomicLong();
        Tally total = new Tally();
        long start;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Tally>> running = new ArrayList<>();
            for (Client c : clients) {
                running.add(threads.submit(() -> {
                    go.await();
                    return c.run(until.get());
                }));
            }
            start = System.nanoTime();
            until.set(start + TimeUnit.SECONDS.toNanos(seconds));
            go.countDown();
            for (Future<Tally> f : running) {
                try {
                    total.merge(f.get());
                } catch (ExecutionException e) {
                    running.forEach(r -> r.cancel(true));
                    throw new BenchException("a load client failed: " + e.getCause(), e.getCause());
                }
            }
        }
        return new Timed(total, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Downloads every file an uploader got a 201 for, with that uploader's token (through the next
     * server when there are several), and compares size and CRC-32C.
     */
    private static ReadBack readBack(List<Uploader> uploaders, PrintStream log) throws InterruptedException {
        long count = uploaders.stream().mapToLong(u -> u.stored().size()).sum();
        log.printf("  reading back %d uploaded files...%n", count);
        long start = System.nanoTime();
        List<Callable<List<String>>> perUploader = new ArrayList<>();
        for (Uploader u : uploaders) {
            perUploader.add(() -> {
                List<String> wrong = new ArrayList<>();
                for (StoredFile f : u.stored()) {
                    StorageClient.Answer a =
                            Untimed.call("reading back " + f.path(), () -> u.readBack.download(f.path()));
                    String why = f.mismatch(a);
                    if (why != null) wrong.add(why);
                }
                return wrong;
            });
        }
        List<String> wrong = new ArrayList<>();
        for (List<String> w : Parallel.run(READ_BACK_AT_ONCE, perUploader)) wrong.addAll(w);
        return new ReadBack(count, wrong, (System.nanoTime() - start) / 1e9);
    }

    /** CPU time (user + system) of this process, the load generator: it shares the cores with the server. */
    private static double ownCpuSeconds() {
        return ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .map(d -> d.toNanos() / 1e9)
                .orElse(-1.0);
    }

    private static double difference(double before, double after) {
        return before < 0 || after < 0 ? -1 : after - before;
    }
}
