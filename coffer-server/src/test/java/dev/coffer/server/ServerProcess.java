package dev.coffer.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Coffer server in a JVM of its own ({@link ServeMain} on this test classpath) with a heap
 * limit, on a free port, its output in {@code data/server.log}. It exits on an
 * OutOfMemoryError, so "still alive" also means "never ran out of heap".
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("Coffer is running at (http://\\S+)");
    final Process process;
    final String url;
    final Path log;

    private ServerProcess(Process process, String url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    static ServerProcess start(Path data, String heap, Map<String, String> env) throws IOException {
        Files.createDirectories(data);
        Path log = data.resolve("server.log");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap,
                "-XX:+ExitOnOutOfMemoryError",
                "-Xlog:gc:file=" + data.resolve("gc.log"),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                ServeMain.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("COFFER_SHUTDOWN_UNREADY", "0s");
        pb.environment().putAll(env);
        pb.environment().put("COFFER_DATA", data.toString());
        pb.environment().put("COFFER_PORT", "0");
        pb.environment().put("COFFER_ADMIN_TOKEN", TestServer.TOKEN);
        pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (String line; System.nanoTime() < deadline && (line = out.readLine()) != null; ) {
            Matcher m = URL.matcher(line);
            if (m.find()) {
                Thread.ofVirtual().start(() -> {
                    try {
                        out.transferTo(Writer.nullWriter());
                    } catch (IOException ignored) {
                        // the server went away
                    }
                });
                return new ServerProcess(p, m.group(1), log);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("the server did not start; see " + log);
    }

    /** Heap the server keeps right now: a full collection ({@code jcmd PID GC.run}), then {@link #heapUsed}. */
    long liveHeap() {
        jcmd("GC.run");
        return heapUsed();
    }

    /** Heap in use right now, in bytes, from {@code jcmd PID GC.heap_info}; -1 when it cannot tell. */
    long heapUsed() {
        String text = jcmd("GC.heap_info");
        // One line per heap (G1) or generation (Serial, Parallel), as "... total ...K, ... used NK";
        // the Metaspace lines have the same shape and are not heap.
        long used = -1;
        Matcher m = Pattern.compile("(?m)^(?!.*(?:Metaspace|class space)).*total .*used (\\d+)K")
                .matcher(text);
        while (m.find()) used = Math.max(used, 0) + Long.parseLong(m.group(1)) * 1024;
        return used;
    }

    private String jcmd(String command) {
        try {
            Process jcmd = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "jcmd")
                                    .toString(),
                            Long.toString(process.pid()),
                            command)
                    .redirectErrorStream(true)
                    .start();
            String text = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(30, TimeUnit.SECONDS);
            return text;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /**
     * The most heap still in use right after a collection, from the GC log: what the server really
     * kept, as opposed to {@link #heapUsed}, which counts garbage not yet collected. -1 before any
     * collection.
     */
    long maxHeapAfterGc() throws IOException {
        Path gc = log.resolveSibling("gc.log");
        if (!Files.exists(gc)) return -1;
        long max = -1;
        Matcher m =
                Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)").matcher(Files.readString(gc, StandardCharsets.UTF_8));
        while (m.find()) max = Math.max(max, Long.parseLong(m.group(2)) * 1024 * 1024);
        return max;
    }

    String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
