package dev.coffer.bench.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.bench.BenchException;
import dev.coffer.bench.data.DataSet;
import dev.coffer.bench.data.DiskUsage;
import dev.coffer.bench.process.ProcessRunner;
import dev.coffer.bench.process.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Coffer measured as a user meets it: a server already running (its start is not timed), and the
 * {@code coffer cp} command timed from launch to exit, JVM start included.
 */
public final class CofferTool {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ProcessRunner runner;
    private final Path java;
    private final Path jar;
    private final Path configHome;
    private final String token;

    /**
     * @param configHome an empty folder used as XDG_CONFIG_HOME, so the CLI never reads a login
     *                   the person running the benchmark saved for their own server
     */
    public CofferTool(ProcessRunner runner, Path java, Path jar, Path configHome, String token) {
        this.runner = runner;
        this.java = java;
        this.jar = jar;
        this.configHome = configHome;
        this.token = token;
    }

    /**
     * Runs the CLI once, untimed ({@code coffer --version}). Right after a build the launcher makes
     * its class-data archive on first use (a short training run); without this, the first timed
     * copy would pay for that once.
     */
    public void warmUp() {
        runner.run("coffer-warm-up", cli("--version"), Map.of("XDG_CONFIG_HOME", configHome.toString()));
    }

    /** The CLI the way users run it: through the launcher (its JVM options and class-data archive) when there is one. */
    private List<String> cli(String... args) {
        Path launcher = jar.toAbsolutePath().getParent().getParent().getParent().resolve("coffer");
        List<String> cmd = new ArrayList<>(
                Files.isExecutable(launcher)
                        ? List.of(launcher.toString())
                        : List.of(java.toString(), "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts a server on a fresh data folder; the caller closes the session to stop it. */
    public Session open(Path dataDir) throws IOException {
        return open(dataDir, Map.of());
    }

    /** As {@link #open(Path)}, the server started with these settings as environment variables. */
    public Session open(Path dataDir, Map<String, String> serverSettings) throws IOException {
        return new Session(
                ServerProcess.start(runner, java, jar, dataDir, token, serverSettings), dataDir.resolve("content"));
    }

    public final class Session implements AutoCloseable {
        private final ServerProcess server;
        private final Path content;

        private Session(ServerProcess server, Path content) {
            this.server = server;
            this.content = content;
        }

        /** {@code coffer cp --json [-r] SOURCE storage:NAME}, timed; a second call is a re-ingest. */
        public Sample copy(DataSet set) {
            List<String> cmd = cli("cp", "--json");
            if (set.folder()) cmd.add("-r");
            cmd.add(set.path().toString());
            cmd.add("storage:" + set.path().getFileName());
            DiskUsage before = DiskUsage.of(content);
            runner.sync();
            ProcessRunner.Result r = runner.run(
                    "coffer-cp",
                    cmd,
                    Map.of(
                            "COFFER_URL",
                            server.url(),
                            "COFFER_TOKEN",
                            token,
                            "XDG_CONFIG_HOME",
                            configHome.toString()));
            double syncAfter = runner.sync();
            DiskUsage after = DiskUsage.of(content);
            JsonNode out = lastJsonLine(r.stdout());
            var counts = new Sample.CofferCounts(
                    out.path("files").asLong(),
                    out.path("chunks").asLong(),
                    out.path("chunksSent").asLong(),
                    out.path("bytesSent").asLong(),
                    out.path("seconds").asDouble(),
                    server.peakRssBytes().orElse(-1));
            // A file is either transferred or left alone because the remote copy matches (re-ingest).
            long accounted = counts.files() + out.path("skipped").asLong();
            if (accounted != set.files()) {
                throw new BenchException("coffer cp accounted for " + accounted + " files, expected " + set.files());
            }
            return new Sample(r.seconds(), after, after.minus(before), syncAfter, counts);
        }

        /** Any {@code coffer} command, untimed, run as {@code asToken}; what it printed on stdout. */
        public String run(String label, String asToken, String... args) {
            return runner.run(
                            label,
                            cli(args),
                            Map.of(
                                    "COFFER_URL",
                                    server.url(),
                                    "COFFER_TOKEN",
                                    asToken,
                                    "XDG_CONFIG_HOME",
                                    configHome.toString()))
                    .stdout();
        }

        /**
         * Creates notebook {@code name} in the benchmark's team (it starts Running) and returns its
         * token: what a platform hands the notebook, and what {@code coffer mount} runs with.
         */
        public String notebookToken(String name) {
            run("notebooks-create", token, "notebooks", "create", name);
            return run("notebooks-token", token, "notebooks", "token", name).strip();
        }

        public String adminToken() {
            return token;
        }

        /** The server's base URL, for scenarios that speak its HTTP API themselves (load). */
        public String serverUrl() {
            return server.url();
        }

        /** CPU seconds the server has used so far (see {@link ServerProcess#cpuSeconds()}), -1 when unknown. */
        public double serverCpuSeconds() {
            return server.cpuSeconds().orElse(-1);
        }

        /**
         * The usage the server keeps, summed over every team (the operators' usage list, not a
         * recount): shows whether a server setting such as {@code metering: false} really took hold.
         */
        public long keptUsageBytes() {
            HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/admin/usage"))
                    .header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(30))
                    .GET()
                    .build();
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new BenchException(
                            "GET /api/v1/admin/usage answered " + response.statusCode() + ": " + response.body());
                }
                long sum = 0;
                for (JsonNode team : JSON.readTree(response.body()).path("teams"))
                    sum += team.path("bytes").asLong();
                return sum;
            } catch (IOException e) {
                throw new BenchException("cannot read the server's usage: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchException("interrupted while reading the server's usage", e);
            }
        }

        /**
         * Any {@code coffer} client command with {@code --json}, timed from launch to exit; its
         * last output line parsed. {@code cacheHome} is its XDG_CACHE_HOME (where push and pull
         * keep their local index), a folder of the benchmark's own.
         */
        public Timed command(String label, Path cacheHome, String... args) {
            List<String> cmd = cli(args);
            cmd.add("--json");
            runner.sync();
            ProcessRunner.Result r = runner.run(
                    label,
                    cmd,
                    Map.of(
                            "COFFER_URL",
                            server.url(),
                            "COFFER_TOKEN",
                            token,
                            "XDG_CONFIG_HOME",
                            configHome.toString(),
                            "XDG_CACHE_HOME",
                            cacheHome.toString()));
            return new Timed(r.seconds(), lastJsonLine(r.stdout()));
        }

        public long serverPeakRssBytes() {
            return server.peakRssBytes().orElse(-1);
        }

        @Override
        public void close() {
            server.close();
        }
    }

    /** A timed CLI command and its JSON answer. */
    public record Timed(double seconds, JsonNode json) {}

    static JsonNode lastJsonLine(String stdout) {
        String[] lines = stdout.strip().split("\n");
        String last = lines[lines.length - 1].strip();
        try {
            return JSON.readTree(last);
        } catch (IOException e) {
            throw new BenchException("coffer cp --json printed no JSON on its last line: " + last, e);
        }
    }
}
