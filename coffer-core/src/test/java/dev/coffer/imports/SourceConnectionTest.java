package dev.coffer.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.coffer.testkit.RealTime;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The import's HTTP connection: to the checked address only, with deadlines, for every body framing. */
class SourceConnectionTest {
    static final SourceConnection.Timeouts QUICK =
            new SourceConnection.Timeouts(Duration.ofSeconds(2), Duration.ofMillis(500));
    HttpServer http;
    final List<String> hosts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/fixed", ex -> {
            hosts.add(ex.getRequestHeaders().getFirst("Host") + " " + ex.getRequestURI());
            byte[] b = "fixed length body".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        http.createContext("/chunked", ex -> {
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write(("part " + i + ";").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        });
        http.createContext("/stall", ex -> {
            ex.sendResponseHeaders(200, 1_000_000);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(new byte[1000]);
                out.flush();
                // Silence in real time: the client's socket read timeout is what is tested.
                RealTime.pause(Duration.ofSeconds(5));
            } catch (Exception e) {
                // the client gave up: expected
            }
        });
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.start();
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    int port() {
        return http.getAddress().getPort();
    }

    @Test
    void the_connection_goes_to_the_address_that_was_checked_even_if_the_name_now_answers_otherwise() throws Exception {
        // A rebinding name: the first answer (checked) is the test server, every later one an
        // address where nothing listens. Only a connection to the checked answer can succeed.
        AtomicInteger lookups = new AtomicInteger();
        UrlGuard guard = new UrlGuard(Set.of("rebind.test:" + port()), host ->
                new InetAddress[] {InetAddress.getByName(lookups.getAndIncrement() == 0 ? "127.0.0.1" : "127.0.0.2")});
        UrlGuard.Target target = guard.check("http://rebind.test:" + port() + "/fixed?x=1");
        SourceConnection.Response r = SourceConnection.get(target, Map.of(), QUICK);
        try (var body = r.body()) {
            assertThat(r.status()).isEqualTo(200);
            assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("fixed length body");
        }
        assertThat(lookups.get()).as("the name was resolved once, by the guard").isEqualTo(1);
        assertThat(hosts).containsExactly("rebind.test:" + port() + " /fixed?x=1");
    }

    @Test
    void chunked_bodies_are_read_to_their_end() throws Exception {
        UrlGuard guard = new UrlGuard(Set.of("127.0.0.1"));
        SourceConnection.Response r =
                SourceConnection.get(guard.check("http://127.0.0.1:" + port() + "/chunked"), Map.of(), QUICK);
        try (var body = r.body()) {
            String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text).startsWith("part 0;").endsWith("part 99;");
        }
    }

    @Test
    void a_source_that_stops_sending_fails_the_read_after_the_read_timeout() throws Exception {
        UrlGuard guard = new UrlGuard(Set.of("127.0.0.1"));
        SourceConnection.Response r =
                SourceConnection.get(guard.check("http://127.0.0.1:" + port() + "/stall"), Map.of(), QUICK);
        long start = System.nanoTime();
        try (var body = r.body()) {
            assertThatThrownBy(body::readAllBytes).isInstanceOf(SocketTimeoutException.class);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void a_body_cut_short_is_an_error_not_a_smaller_file() throws Exception {
        http.createContext("/short", ex -> {
            ex.sendResponseHeaders(200, 1000);
            ex.getResponseBody().write(new byte[10]);
            ex.getResponseBody().flush();
            ex.close();
        });
        UrlGuard guard = new UrlGuard(Set.of("127.0.0.1"));
        SourceConnection.Response r =
                SourceConnection.get(guard.check("http://127.0.0.1:" + port() + "/short"), Map.of(), QUICK);
        try (var body = r.body()) {
            assertThatThrownBy(body::readAllBytes).isInstanceOf(IOException.class);
        }
    }
}
