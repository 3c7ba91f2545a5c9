package dev.coffer.bench.process;

import dev.coffer.bench.BenchException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Coffer server on embedded defaults (SQLite + local folder) in a data folder of its own. It
 * always gets {@code -Xmx256m}: the product promises that the server streams within 256 MiB, so
 * the benchmark measures it under that promise rather than with the JVM's default heap.
 */
public final class ServerProcess implements AutoCloseable {
    public static final String HEAP = "256m";
    private static final Pattern READY = Pattern.compile("Coffer is running at (http://\\S+)");

    private final Process process;
    private final String url;
    private final Thread stopOnExit;

    private ServerProcess(Process process, String url, Thread stopOnExit) {
        this.process = process;
        this.url = url;
        this.stopOnExit = stopOnExit;
    }

    public static ServerProcess start(ProcessRunner runner, Path java, Path jar, Path dataDir, String adminToken)
            throws IOException {
        return start(runner, java, jar, dataDir, adminToken, Map.of());
    }

    /**
     * As {@link #start(ProcessRunner, Path, Path, Path, String)}, with server settings given as
     * environment variables (e.g. {@code COFFER_METERING=false}) for scenarios that compare
     * settings. The admin token is always the benchmark's own: {@code settings} cannot replace it.
     */
    public static ServerProcess start(
            ProcessRunner runner, Path java, Path jar, Path dataDir, String adminToken, Map<String, String> settings)
            throws IOException {
        List<String> cmd = List.of(
                java.toString(),
                "-Xmx" + HEAP,
                "--enable-native-access=ALL-UNNAMED",
                "-jar",
                jar.toString(),
                "serve",
                "--data",
                dataDir.toString(),
                "--port",
                "0");
        Map<String, String> env = new HashMap<>(settings);
        env.put("COFFER_ADMIN_TOKEN", adminToken);
        // Stopped with SIGTERM between rounds: no load balancer needs a moment to see it unready.
        env.putIfAbsent("COFFER_SHUTDOWN_UNREADY", "0s");
        ProcessRunner.Started s = runner.start("coffer-serve", cmd, env);
        Process p = s.process();
        // If the benchmark is interrupted (Ctrl-C), the server it started must not outlive it.
        Thread hook = new Thread(p::destroy, "bench-stop-server");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            String url = awaitUrl(p, s.stdout(), s.stderr());
            return new ServerProcess(p, url, hook);
        } catch (RuntimeException | IOException e) {
            stop(p);
            Runtime.getRuntime().removeShutdownHook(hook);
            throw e;
        }
    }

    /** Waits for the banner line on stdout; the port is only known from it (we ask for port 0). */
    private static String awaitUrl(Process p, Path stdout, Path stderr) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher m = READY.matcher(Files.readString(stdout, StandardCharsets.UTF_8));
            if (m.find()) return m.group(1);
            if (!p.isAlive()) {
                throw new BenchException("the Coffer server exited with " + p.exitValue() + " before it was ready:\n"
                        + Files.readString(stderr, StandardCharsets.UTF_8));
            }
            sleep(50);
        }
        throw new BenchException("the Coffer server printed no 'Coffer is running at' line within 60 s; see " + stdout);
    }

    public String url() {
        return url;
    }

    /**
     * The server's peak resident memory (VmHWM) so far, from /proc: shows whether it really stayed
     * small while streaming. Empty where /proc does not exist.
     */
    public OptionalLong peakRssBytes() {
        return ProcessRunner.peakRssBytes(process.pid());
    }

    /**
     * CPU time (user + system) the server has used so far. The difference around a copy is the
     * work the server did for it, which, unlike wall time, other processes on a shared machine
     * barely move. Empty where the platform does not tell.
     */
    public OptionalDouble cpuSeconds() {
        return process.info()
                .totalCpuDuration()
                .map(d -> OptionalDouble.of(d.toNanos() / 1e9))
                .orElse(OptionalDouble.empty());
    }

    /** SIGTERM to this server's PID (the server shuts down cleanly on it), SIGKILL if it hangs. */
    @Override
    public void close() {
        stop(process);
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // Already exiting: the hook runs anyway, and destroying a dead process is harmless.
        }
    }

    private static void stop(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted while waiting for the server", e);
        }
    }
}
