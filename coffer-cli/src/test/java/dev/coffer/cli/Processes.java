package dev.coffer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs Coffer the way users do: the server and the CLI as separate JVMs (same classes as the
 * shipped program), so tests can limit the server's heap, kill either side with SIGKILL, and
 * read what the CLI prints.
 */
final class Processes {
    static final String TOKEN = "process-test-token-0123456789abcdef";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern URL = Pattern.compile("Coffer is running at (http://\\S+)");

    private Processes() {}

    /**
     * The command that runs the coffer program (server or client) in a JVM of its own, from the
     * warm-start cache when there is one (see {@link WarmStart}).
     */
    static List<String> java(String heap, String... args) {
        WarmStart.Prepared warm = WarmStart.get();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(warm.options());
        cmd.add("-cp");
        cmd.add(warm.classPath());
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** A server process on a free port; its output goes to {@code data/server.log}. */
    static final class Server implements AutoCloseable {
        final Process process;
        final String url;

        Server(Process process, String url) {
            this.process = process;
            this.url = url;
        }

        static Server start(Path data, String heap) throws IOException, InterruptedException {
            return start(data, heap, Map.of());
        }

        /** {@code env}: more settings for the server, as environment variables. */
        static Server start(Path data, String heap, Map<String, String> env) throws IOException, InterruptedException {
            Files.createDirectories(data);
            ProcessBuilder pb = new ProcessBuilder(java(heap, "serve", "--data", data.toString(), "--port", "0"));
            // Tests stop servers with SIGTERM: no load balancer needs time to see them unready.
            pb.environment().put("COFFER_SHUTDOWN_UNREADY", "0s");
            pb.environment().putAll(env);
            pb.environment().put("COFFER_ADMIN_TOKEN", TOKEN);
            pb.redirectError(
                    ProcessBuilder.Redirect.appendTo(data.resolve("server.log").toFile()));
            Process p = pb.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String line;
            while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
                Matcher m = URL.matcher(line);
                if (m.find()) {
                    Thread drain = new Thread(() -> {
                        try {
                            out.transferTo(Writer.nullWriter());
                        } catch (IOException ignored) {
                            // the server went away; nothing more to read
                        }
                    });
                    drain.setDaemon(true);
                    drain.start();
                    return new Server(p, m.group(1));
                }
            }
            p.destroyForcibly();
            throw new IllegalStateException("server did not start; see " + data.resolve("server.log"));
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) kill();
        }
    }

    record Result(int exit, String stdout, String stderr) {
        JsonNode json() throws IOException {
            String[] lines = stdout.strip().split("\n");
            return JSON.readTree(lines[lines.length - 1]);
        }
    }

    /** The operator moves {@code team} to {@code plan} (there is no CLI command for it). */
    static void setPlan(Server server, String team, String plan) throws Exception {
        asOperator(server, "PUT", "/api/v1/teams/" + team + "/plan", "{\"plan\": \"" + plan + "\"}");
    }

    /** A request with the operator's token; its JSON answer (a status of 300 or more throws). */
    static JsonNode asOperator(Server server, String method, String path, String json) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(server.url + path))
                            .header("Authorization", "Bearer " + TOKEN)
                            .header("Content-Type", "application/json")
                            .method(
                                    method,
                                    json == null
                                            ? HttpRequest.BodyPublishers.noBody()
                                            : HttpRequest.BodyPublishers.ofString(json))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300)
                throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
            return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
        }
    }

    static ProcessBuilder cli(Server server, Path config, String... args) {
        ProcessBuilder pb = new ProcessBuilder(java("512m", args));
        Map<String, String> env = pb.environment();
        env.put("COFFER_URL", server.url);
        env.put("COFFER_TOKEN", TOKEN);
        env.put("XDG_CONFIG_HOME", config.toString());
        return pb;
    }

    /**
     * The CLI for a command that needs no server ({@code coffer admin migrate}), with {@code env}
     * as its only {@code COFFER_*} settings.
     */
    static ProcessBuilder local(Map<String, String> env, String... args) {
        ProcessBuilder pb = new ProcessBuilder(java("256m", args));
        pb.environment().keySet().removeIf(k -> k.startsWith("COFFER_"));
        pb.environment().putAll(env);
        return pb;
    }

    static Result run(ProcessBuilder pb) throws IOException, InterruptedException {
        Path out = Files.createTempFile("coffer-cli", ".out");
        Path err = Files.createTempFile("coffer-cli", ".err");
        try {
            Process p =
                    pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("CLI did not finish: " + pb.command());
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static Result coffer(Server server, Path config, String... args) throws IOException, InterruptedException {
        return run(cli(server, config, args));
    }

    /** Writes {@code size} pseudo-random bytes from {@code seed} (fast enough for GiB files). */
    static Path randomFile(Path file, long size, long seed) throws IOException {
        Files.createDirectories(file.getParent());
        SplittableRandom random = new SplittableRandom(seed);
        byte[] block = new byte[8 * 1024 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            long left = size;
            while (left > 0) {
                for (int i = 0; i < block.length; i += 8) {
                    long v = random.nextLong();
                    for (int j = 0; j < 8; j++) block[i + j] = (byte) (v >>> (8 * j));
                }
                int n = (int) Math.min(block.length, left);
                out.write(block, 0, n);
                left -= n;
            }
        }
        return file;
    }

    static String sha256(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 20];
            for (int n = in.read(buf); n > 0; n = in.read(buf)) sha.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Bytes under the server's content folder (what the store holds). */
    static long storedBytes(Path data) throws IOException {
        Path content = data.resolve("content");
        if (!Files.exists(content)) return 0;
        try (var walk = Files.walk(content)) {
            return walk.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }

    /**
     * The chunk blobs in the content folder: every store of new bytes is a blob of its own
     * ({@code packs/}, one per large chunk, one per batch of small ones; {@code chunks/} in older
     * data folders), so for large files this counts the chunks stored.
     */
    static long storedChunks(Path data) throws IOException {
        long n = 0;
        for (String folder : new String[] {"content/chunks", "content/packs"}) {
            Path dir = data.resolve(folder);
            if (!Files.exists(dir)) continue;
            try (var walk = Files.walk(dir)) {
                n += walk.filter(Files::isRegularFile).count();
            }
        }
        return n;
    }
}
