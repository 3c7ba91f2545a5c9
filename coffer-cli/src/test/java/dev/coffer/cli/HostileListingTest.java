package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code coffer cp -r} against a server that lies: its listing names files {@code ../…}, by an
 * absolute path, or through a symbolic link that leads out of the destination. The CLI refuses
 * (exit 4) before it downloads anything, and nothing appears outside the destination folder.
 */
class HostileListingTest {
    @TempDir
    Path tmp;

    final List<String> downloads = new CopyOnWriteArrayList<>();
    volatile String hostileName;

    HttpServer fakeServer() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/api/v1/", ex -> {
            String path = ex.getRequestURI().getRawPath();
            if (path.contains("/stat/")) {
                send(ex, "{\"name\":\"evil\",\"type\":\"folder\",\"size\":0,\"mtime\":1}");
            } else if (path.contains("/tree/")) {
                // The whole-folder stream cp -r reads: a header, the entries, and the end line.
                String digest = "0".repeat(64);
                send(
                        ex,
                        "{\"path\":\"/evil\"}\n"
                                + "{\"path\":\"fine.txt\",\"type\":\"file\",\"size\":5,\"mtime\":1,\"digest\":\""
                                + digest + "\"}\n"
                                + "{\"path\":\"" + hostileName
                                + "\",\"type\":\"file\",\"size\":5,\"mtime\":1,\"digest\":\"" + digest + "\"}\n"
                                + "{\"end\":true,\"files\":2,\"folders\":0}\n");
            } else if (path.contains("/list/") && !path.endsWith("/list/evil/sub")) {
                send(
                        ex,
                        "{\"entries\":[{\"name\":\"fine.txt\",\"type\":\"file\",\"size\":5,\"mtime\":1,\"digest\":\""
                                + "0".repeat(64) + "\"}," + "{\"name\":\"" + hostileName
                                + "\",\"type\":\"file\",\"size\":5,\"mtime\":1,\"digest\":\"" + "0".repeat(64)
                                + "\"}],\"next\":null}");
            } else if (path.contains("/files/")) {
                downloads.add(path);
                ex.sendResponseHeaders(200, 5);
                ex.getResponseBody().write("owned".getBytes(StandardCharsets.UTF_8));
                ex.close();
            } else {
                send(ex, "{\"entries\":[],\"next\":null}");
            }
        });
        http.start();
        return http;
    }

    static void send(HttpExchange ex, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @Test
    void a_hostile_listing_writes_nothing_outside_the_destination() throws Exception {
        HttpServer http = fakeServer();
        try {
            Path dest = Files.createDirectories(tmp.resolve("area/dest"));
            Path outside = Files.createDirectories(tmp.resolve("area/outside"));
            Files.createSymbolicLink(dest.resolve("link"), outside);
            Path absolute = Path.of("/tmp/coffer-absolute-" + System.nanoTime() + ".txt");
            for (String name : List.of(
                    "../escaped.txt",
                    "../../area/escaped.txt",
                    absolute.toString(),
                    "link/through-link.txt",
                    "a\\\\..\\\\..\\\\back.txt")) {
                hostileName = name;
                ProcessBuilder pb =
                        new ProcessBuilder(Processes.java("256m", "cp", "-r", "storage:evil", dest.toString()));
                pb.environment()
                        .put(
                                "COFFER_URL",
                                "http://127.0.0.1:" + http.getAddress().getPort());
                pb.environment().put("COFFER_TOKEN", "any-token-0123456789");
                pb.environment().put("XDG_CONFIG_HOME", tmp.resolve("config").toString());
                Processes.Result r = Processes.run(pb);
                assertThat(r.exit()).as(name + ": " + r.stderr()).isEqualTo(4);
                assertThat(r.stderr()).as(name).contains("refused to write the remote name");
            }
            assertThat(downloads).as("nothing was downloaded at all").isEmpty();
            assertThat(outside).isEmptyDirectory();
            try (Stream<Path> all = Files.walk(tmp.resolve("area"))) {
                assertThat(all.map(p -> p.getFileName().toString()))
                        .noneMatch(n -> n.contains("escaped") || n.contains("back.txt") || n.contains("fine.txt"));
            }
            assertThat(absolute).doesNotExist();
        } finally {
            http.stop(0);
        }
    }
}
