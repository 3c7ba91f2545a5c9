package dev.coffer.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The coffer processes of the tests (servers, CLI commands, mounts) start from an ahead-of-time
 * cache of the JDK (classes loaded and linked, method profiles), made once per test JVM by a
 * short training run of a server: a server then starts in about half the time (the crash cycles
 * alone start over fifty), a CLI command a little faster. The code and its behaviour are the
 * same; only the JVM's warm-up is skipped.
 *
 * <p>The JDK caches classes from jar files only, so the class folders of the test class path
 * (this module's classes and test classes) are copied into jars first, and the processes run on
 * that class path, which must stay the same from training to use. When anything about
 * the cache fails, servers start as before, without one.
 */
final class WarmStart {
    private static final Pattern URL = Pattern.compile("Coffer is running at (http://\\S+)");
    private static Prepared prepared;

    private WarmStart() {}

    /**
     * The class path and JVM options for coffer processes. The JDK's notes about the cache (a
     * stub it compiles again, a cache it cannot map) are turned off: the tests read what the
     * program prints, and the program's behaviour does not depend on them.
     */
    record Prepared(String classPath, List<String> options) {}

    static synchronized Prepared get() {
        if (prepared == null) prepared = prepare();
        return prepared;
    }

    private static Prepared prepare() {
        String plain = System.getProperty("java.class.path");
        try {
            Path dir = Files.createTempDirectory("coffer-warm-start");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "coffer-warm-start-clean"));
            String jars = jarredClassPath(plain, dir);
            Path cache = dir.resolve("server.aot");
            long start = System.nanoTime();
            train(jars, cache, dir.resolve("training"));
            if (Files.size(cache) > 0) {
                System.err.printf(
                        "warm start: a cache of %d MiB, made in %.1f s%n",
                        Files.size(cache) >> 20, (System.nanoTime() - start) / 1e9);
                return new Prepared(jars, List.of("-XX:AOTCache=" + cache, "-Xlog:aot*=off", "-Xlog:cds*=off"));
            }
            System.err.println("warm start: the training run made no cache; processes start cold");
        } catch (IOException | RuntimeException e) {
            System.err.println("warm start: " + e + "; processes start cold");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Prepared(plain, List.of());
    }

    /** The class path with every folder replaced by a jar of its contents, in the same order. */
    private static String jarredClassPath(String classPath, Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        int n = 0;
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isDirectory(p)) {
                Path jar = dir.resolve("folder-" + n++ + ".jar");
                jar(p, jar);
                out.add(jar.toString());
            } else if (Files.exists(p)) {
                out.add(entry);
            }
        }
        return String.join(java.io.File.pathSeparator, out);
    }

    private static void jar(Path folder, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(folder.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
    }

    /**
     * A server on a scratch data folder with {@code -XX:AOTCacheOutput}: started, asked for what
     * tests ask most (a file written, read, listed), then stopped with SIGTERM; the JVM writes
     * the cache as it exits.
     */
    private static void train(String classPath, Path cache, Path data) throws IOException, InterruptedException {
        Files.createDirectories(data);
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "--enable-native-access=ALL-UNNAMED",
                "-XX:AOTCacheOutput=" + cache,
                "-Xlog:aot*=off",
                "-Xlog:cds*=off",
                "-cp",
                classPath,
                Main.class.getName(),
                "serve",
                "--data",
                data.toString(),
                "--port",
                "0"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("COFFER_SHUTDOWN_UNREADY", "0s");
        pb.environment().put("COFFER_ADMIN_TOKEN", Processes.TOKEN);
        pb.redirectError(
                ProcessBuilder.Redirect.appendTo(data.resolve("server.log").toFile()));
        Process p = pb.start();
        try {
            String url = awaitUrl(p);
            try (HttpClient http = HttpClient.newHttpClient()) {
                String files = url + "/api/v1/teams/default/storage/default/files/training/a.txt";
                send(
                        http,
                        HttpRequest.newBuilder(URI.create(files)).PUT(HttpRequest.BodyPublishers.ofString("training")));
                send(http, HttpRequest.newBuilder(URI.create(files)).GET());
                send(
                        http,
                        HttpRequest.newBuilder(URI.create(url + "/api/v1/teams/default/storage/default/list/training"))
                                .GET());
            }
        } finally {
            p.destroy();
            if (!p.waitFor(3, TimeUnit.MINUTES)) p.destroyForcibly();
        }
        if (!Files.exists(cache))
            throw new IOException("no cache after the training run; see " + data.resolve("server.log"));
    }

    private static String awaitUrl(Process p) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            Matcher m = URL.matcher(line);
            if (m.find()) {
                Thread.ofVirtual().start(() -> {
                    try {
                        out.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException ignored) {
                        // the training server went away
                    }
                });
                return m.group(1);
            }
        }
        throw new IOException("the training server did not start");
    }

    private static void send(HttpClient http, HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<Void> r = http.send(
                request.header("Authorization", "Bearer " + Processes.TOKEN).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() >= 300) throw new IOException("training request answered " + r.statusCode());
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // a scratch folder left in the temp folder; nothing depends on it
        }
    }
}
