package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to {@code coffer serve} during an upload: {@code /readyz} answers 503 while the server
 * still listens, then the listener closes, the upload in flight still completes (201, stored
 * whole), and the process exits 0.
 */
class GracefulShutdownTest {
    @TempDir
    Path tmp;

    /** The body of {@code data}, handed out no faster than {@code bytesPerSecond}. */
    static InputStream trickle(byte[] data, long bytesPerSecond) {
        return new InputStream() {
            int at;
            final long started = System.nanoTime();

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (at >= data.length) return -1;
                long due = started + at * 1_000_000_000L / bytesPerSecond;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                int n = Math.min(Math.min(len, 64 * 1024), data.length - at);
                System.arraycopy(data, at, b, off, n);
                at += n;
                return n;
            }
        };
    }

    /** One readiness question on a new connection: its status, or -1 when nothing listens any more. */
    static int readiness(String url) {
        try {
            HttpURLConnection c =
                    (HttpURLConnection) URI.create(url + "/readyz").toURL().openConnection();
            c.setRequestProperty("Connection", "close");
            c.setConnectTimeout(2000);
            c.setReadTimeout(5000);
            int status = c.getResponseCode();
            c.disconnect();
            return status;
        } catch (ConnectException e) {
            return -1;
        } catch (IOException e) {
            return -2;
        }
    }

    @Test
    void sigterm_turns_unready_then_closes_the_listener_lets_an_upload_finish_and_exits_0() throws Exception {
        Path data = tmp.resolve("data");
        Processes.Server server = Processes.Server.start(
                data, "256m", Map.of("COFFER_SHUTDOWN_UNREADY", "2s", "COFFER_SHUTDOWN_GRACE", "60s"));
        byte[] body = new byte[20 << 20];
        new Random(3).nextBytes(body);
        String expected =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));

        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = Thread.ofPlatform().start(() -> {
            while (watching.get()) {
                int status = readiness(server.url);
                if (seen.isEmpty() || seen.getLast() != status) seen.add(status);
                if (status == -1) return;
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });

        HttpClient http = HttpClient.newHttpClient();
        HttpRequest put = HttpRequest.newBuilder(
                        URI.create(server.url + "/api/v1/teams/default/storage/default/files/slow.bin"))
                .header("Authorization", "Bearer " + Processes.TOKEN)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> trickle(body, 4 << 20)), body.length))
                .build();
        CompletableFuture<HttpResponse<String>> upload = http.sendAsync(put, HttpResponse.BodyHandlers.ofString());
        Thread.sleep(1000);
        assertThat(upload).as("the upload is still under way").isNotDone();
        server.process.destroy(); // SIGTERM

        HttpResponse<String> answer = upload.get(90, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        assertThat(server.process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(server.process.exitValue()).isZero();
        watching.set(false);
        watcher.join();
        // Ready, then unready while still answering, then nothing listening; never ready again.
        assertThat(seen).as("readiness answers over time").startsWith(200, 503).endsWith(-1);
        assertThat(seen.subList(seen.indexOf(503), seen.size())).doesNotContain(200);

        try (Processes.Server again = Processes.Server.start(data, "256m")) {
            HttpResponse<byte[]> stored = http.send(
                    HttpRequest.newBuilder(
                                    URI.create(again.url + "/api/v1/teams/default/storage/default/files/slow.bin"))
                            .header("Authorization", "Bearer " + Processes.TOKEN)
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(stored.statusCode()).isEqualTo(200);
            assertThat(HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(stored.body())))
                    .isEqualTo(expected);
        }
    }
}
