package dev.coffer.bench.load;

import dev.coffer.bench.BenchException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs tasks a few at a time on virtual threads (seeding, reading back), stopping at the first failure. */
final class Parallel {
    private Parallel() {}

    /** Every task's result, in the tasks' order; the first failure is thrown and the other workers cancelled. */
    static <T> List<T> run(int atOnce, List<Callable<T>> tasks) throws InterruptedException {
        List<Callable<T>> queue = List.copyOf(tasks);
        AtomicInteger next = new AtomicInteger();
        // Each slot is written by one worker; Future.get below makes the writes visible here.
        Object[] results = new Object[queue.size()];
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Void>> workers = new ArrayList<>();
            for (int w = 0; w < Math.min(atOnce, queue.size()); w++) {
                workers.add(pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < queue.size(); )
                        results[i] = queue.get(i).call();
                    return null;
                }));
            }
            for (Future<Void> w : workers) {
                try {
                    w.get();
                } catch (ExecutionException e) {
                    workers.forEach(f -> f.cancel(true));
                    throw e.getCause() instanceof BenchException b
                            ? b
                            : new BenchException(e.getCause().toString(), e.getCause());
                }
            }
        }
        @SuppressWarnings("unchecked")
        List<T> typed = (List<T>) Arrays.asList(results);
        return typed;
    }
}
