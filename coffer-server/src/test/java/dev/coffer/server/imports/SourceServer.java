package dev.coffer.server.imports;

import com.sun.net.httpserver.HttpServer;
import dev.coffer.testkit.RealTime;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A local HTTP server for import tests: serves one file at {@code /data.bin} (with ETag and
 * ranges, optionally slowly), its first 100 kB at full speed at {@code /fast.bin}, a source that
 * stops sending at {@code /stall}, a 404, and redirects.
 */
final class SourceServer implements AutoCloseable {
    private final HttpServer http;
    private final byte[] data;
    volatile int bytesPerSecond;
    final List<String> ranges = new CopyOnWriteArrayList<>();

    SourceServer(byte[] data) throws IOException {
        this.data = data;
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/data.bin", ex -> {
            String range = ex.getRequestHeaders().getFirst("Range");
            ranges.add(range == null ? "none" : range);
            int from = 0;
            if (range != null && range.startsWith("bytes="))
                from = Integer.parseInt(range.substring(6, range.indexOf('-')));
            ex.getResponseHeaders().add("ETag", "\"v1\"");
            ex.getResponseHeaders().add("Accept-Ranges", "bytes");
            if (from > 0)
                ex.getResponseHeaders()
                        .add("Content-Range", "bytes " + from + "-" + (data.length - 1) + "/" + data.length);
            ex.sendResponseHeaders(from > 0 ? 206 : 200, data.length - from);
            try (OutputStream out = ex.getResponseBody()) {
                int step = 32 * 1024;
                for (int i = from; i < data.length; i += step) {
                    out.write(data, i, Math.min(step, data.length - i));
                    out.flush();
                    int rate = bytesPerSecond;
                    // A slow source in real time: the importer's progress and workers are what is tested.
                    if (rate > 0) RealTime.pause(Duration.ofMillis(step * 1000L / rate));
                }
            } catch (IOException | InterruptedException e) {
                // the importer went away (cancel, restart): fine
            }
        });
        // A small file served at full speed, whatever bytesPerSecond says.
        http.createContext("/fast.bin", ex -> {
            byte[] small = Arrays.copyOf(data, Math.min(data.length, 100_000));
            ex.sendResponseHeaders(200, small.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(small);
            }
        });
        // Answers, sends a little, then goes quiet for a minute (a source that stopped sending).
        http.createContext("/stall", ex -> {
            ex.sendResponseHeaders(200, data.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(data, 0, Math.min(data.length, 10_000));
                out.flush();
                // Silence in real time: the importer's socket read timeout is what is tested.
                RealTime.pause(Duration.ofMinutes(1));
            } catch (IOException | InterruptedException e) {
                // the importer gave up: expected
            }
        });
        http.createContext("/missing.bin", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        http.createContext("/to-metadata", ex -> {
            ex.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + http.getAddress().getPort() + path;
    }

    String hostAndPort() {
        return "127.0.0.1:" + http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
