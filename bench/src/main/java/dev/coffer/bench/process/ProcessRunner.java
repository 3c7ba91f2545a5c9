package dev.coffer.bench.process;

import dev.coffer.bench.BenchException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the tools being measured as child processes and times them from start to exit, the way a
 * person at a shell would experience them. Output goes to files in the log folder rather than
 * pipes: a chatty tool can then never block on a full pipe and distort its own timing.
 */
public final class ProcessRunner {
    private final Path logDir;
    private final AtomicInteger sequence = new AtomicInteger();

    public record Result(double seconds, String stdout) {}

    /** A started process and the files its output goes to. */
    public record Started(Process process, Path stdout, Path stderr) {}

    public ProcessRunner(Path logDir) throws IOException {
        this.logDir = Files.createDirectories(logDir);
    }

    /**
     * The environment every child gets: {@code env} without COFFER_* and RESTIC_* variables, so a
     * developer's own server, token, team or repository can never leak into a measurement.
     */
    static Map<String, String> cleanEnvironment(Map<String, String> env, Map<String, String> extra) {
        Map<String, String> out = new HashMap<>();
        env.forEach((k, v) -> {
            if (!k.startsWith("COFFER_") && !k.startsWith("RESTIC_")) out.put(k, v);
        });
        out.putAll(extra);
        return out;
    }

    /** Starts a process whose output goes to log files; the caller owns (and must end) it. */
    public Started start(String label, List<String> command, Map<String, String> env) throws IOException {
        String name = String.format("%04d-%s", sequence.incrementAndGet(), label);
        Path out = logDir.resolve(name + ".out");
        Path err = logDir.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(cleanEnvironment(System.getenv(), env));
        return new Started(pb.start(), out, err);
    }

    /** Runs a command to its end; a non-zero exit is an error that names the command and its stderr. */
    public Result run(String label, List<String> command, Map<String, String> env) {
        try {
            long started = System.nanoTime();
            Started s = start(label, command, env);
            int exit = s.process().waitFor();
            double seconds = (System.nanoTime() - started) / 1e9;
            String stdout = Files.readString(s.stdout(), StandardCharsets.UTF_8);
            if (exit != 0) {
                String stderr = Files.readString(s.stderr(), StandardCharsets.UTF_8);
                throw new BenchException(
                        String.join(" ", command) + " exited with " + exit + ":\n" + tail(stderr + stdout, 2000));
            }
            return new Result(seconds, stdout);
        } catch (IOException e) {
            throw new BenchException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted while running " + command.getFirst(), e);
        }
    }

    /** {@code sync}: pushes every dirty page to disk so the next timed command starts from a clean slate. */
    public double sync() {
        return run("sync", List.of("sync"), Map.of()).seconds();
    }

    /** A process's peak resident memory (VmHWM) so far, from /proc; empty where /proc does not tell. */
    public static OptionalLong peakRssBytes(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    String kb = line.substring(6).trim().split("\\s+")[0];
                    return OptionalLong.of(Long.parseLong(kb) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    private static String tail(String s, int max) {
        return s.length() <= max ? s : "..." + s.substring(s.length() - max);
    }
}
