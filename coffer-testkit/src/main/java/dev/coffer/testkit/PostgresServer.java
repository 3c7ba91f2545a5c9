package dev.coffer.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL 15 server for tests, run from the Debian {@code postgresql} package's
 * binaries: its own data folder, a free port on 127.0.0.1, password login for role
 * {@code coffer} over TCP, and durability switched off because the data dies with the test run.
 *
 * <p>Tests isolate themselves by database ({@link #createDatabase()}), not by server: starting a
 * server costs about a second, a database a few milliseconds. {@link #shared()} is the one server
 * of the JVM; it stops in a shutdown hook, and closing it from a test does nothing.
 */
public final class PostgresServer implements AutoCloseable {
    /** Where Debian's postgresql-15 package puts the server programs (they are not on PATH). */
    public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

    private static final String USER = "coffer";
    private static final String PASSWORD = "secret";
    private static final Pattern DB_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer shared;

    private final Path dir;
    private final int port;
    private final boolean asRoot;
    private final boolean isShared;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private PostgresServer(Path dir, int port, boolean asRoot, boolean isShared) {
        this.dir = dir;
        this.port = port;
        this.asRoot = asRoot;
        this.isShared = isShared;
    }

    /** The server for the whole JVM, started on first use. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            try {
                shared = start(true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            PostgresServer s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::stopAtExit, "coffer-postgres-stop"));
        }
        return shared;
    }

    /** A server of its own, for a test that must restart or break it; the caller closes it. */
    public static PostgresServer start() throws IOException {
        return start(false);
    }

    private static PostgresServer start(boolean isShared) throws IOException {
        if (!Files.isExecutable(BIN.resolve("initdb")) || !Files.isExecutable(BIN.resolve("pg_ctl"))) {
            throw new IllegalStateException("PostgreSQL 15 is not installed (no " + BIN.resolve("initdb")
                    + "); the tests need it: apt-get install postgresql");
        }
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        for (int attempt = 1; ; attempt++) {
            // Directly under /tmp: the server runs as user postgres, which must be able to traverse
            // every parent folder, and java.io.tmpdir or a JUnit @TempDir may be private (0700).
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "coffer-pg-");
            PostgresServer server = new PostgresServer(dir, freePort(), asRoot, isShared);
            try {
                if (asRoot) giveToPostgres(dir); // initdb refuses to run as root
                server.initAndStart();
                return server;
            } catch (IOException e) {
                server.stop(); // it may have started before a later step failed
                // The free port may have been taken between our probe and the server's bind.
                if (attempt == 3) throw e;
            } catch (RuntimeException e) {
                server.stop();
                throw e;
            }
        }
    }

    private static void giveToPostgres(Path dir) throws IOException {
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        try {
            Files.setOwner(dir, users.lookupPrincipalByName("postgres"));
            GroupPrincipal group = users.lookupPrincipalByGroupName("postgres");
            Files.getFileAttributeView(dir, PosixFileAttributeView.class).setGroup(group);
        } catch (UserPrincipalNotFoundException e) {
            throw new IllegalStateException(
                    "no user 'postgres' to run the test server as; " + "apt-get install postgresql creates it", e);
        }
    }

    private void initAndStart() throws IOException {
        Path data = dir.resolve("data");
        run(
                BIN.resolve("initdb").toString(),
                "-D",
                data.toString(),
                "-U",
                "postgres",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync");
        // -k: the socket goes in our folder (the default /var/run/postgresql is not writable by a
        // plain user). fsync and friends off: nothing here has to survive a crash.
        String options = "-c listen_addresses=127.0.0.1 -p " + port + " -k " + dir
                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
        run(
                BIN.resolve("pg_ctl").toString(),
                "-D",
                data.toString(),
                "-l",
                dir.resolve("server.log").toString(),
                "-w",
                "-t",
                "30",
                "-o",
                options,
                "start");
        psql(
                "CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'",
                "CREATE DATABASE " + USER + " OWNER " + USER);
    }

    /** {@code postgresql://coffer:secret@127.0.0.1:PORT/coffer}, the form Coffer's config takes. */
    public String url() {
        return url(USER);
    }

    public String url(String database) {
        return "postgresql://" + USER + ":" + PASSWORD + "@127.0.0.1:" + port + "/" + database;
    }

    public String jdbcUrl() {
        return jdbcUrl(USER);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    public int port() {
        return port;
    }

    /** Creates an empty database owned by {@code coffer} and returns its {@link #url(String)}. */
    public String createDatabase(String name) throws IOException {
        if (!DB_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database names here are [a-z][a-z0-9_]*: " + name);
        }
        psql("CREATE DATABASE " + name + " OWNER " + USER);
        return url(name);
    }

    /** Creates a database with a name no other test in this JVM has, and returns its URL. */
    public String createDatabase() throws IOException {
        return createDatabase("t" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet());
    }

    /** Stops the server and deletes its folder; does nothing for {@link #shared()}. */
    @Override
    public void close() {
        if (!isShared) stop();
    }

    private void stop() {
        if (!stopped.compareAndSet(false, true)) return;
        stopServer();
        deleteTree(dir);
    }

    /**
     * The shared server, as the test JVM exits: stopped, and its folder (a database per test
     * class, hundreds of MB) deleted by a separate {@code rm} that outlives this process. Deleted
     * here, it took longer than the 30 s the test runner grants an exiting JVM, which then waited
     * those 30 s, killed it and left the folder behind.
     */
    private void stopAtExit() {
        if (!stopped.compareAndSet(false, true)) return;
        stopServer();
        try {
            new ProcessBuilder("rm", "-rf", dir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            deleteTree(dir);
        }
    }

    private void stopServer() {
        Path data = dir.resolve("data");
        try {
            run(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "30", "stop");
        } catch (IOException | RuntimeException e) {
            killPostmaster(data); // pg_ctl failed: end the server we started, by its own pid
        }
    }

    private static void killPostmaster(Path data) {
        try {
            String first = Files.readAllLines(data.resolve("postmaster.pid"))
                    .getFirst()
                    .trim();
            ProcessHandle.of(Long.parseLong(first)).ifPresent(ProcessHandle::destroyForcibly);
        } catch (IOException | RuntimeException ignored) {
            // no pid file: the server is not running
        }
    }

    private void psql(String... statements) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                BIN.resolve("psql").toString(),
                "-h",
                dir.toString(),
                "-p",
                Integer.toString(port),
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1"));
        for (String s : statements) {
            cmd.add("-c");
            cmd.add(s);
        }
        run(cmd.toArray(String[]::new));
    }

    /** Runs a server program (as user postgres when we are root) and fails with its output. */
    private void run(String... argv) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (asRoot) cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        cmd.addAll(List.of(argv));
        // Output goes to a file, not a pipe: a pipe could be held open by the forked server.
        Path out = Files.createTempFile("coffer-pg-cmd-", ".log");
        try {
            ProcessBuilder pb =
                    new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("PG")); // a PGHOST or PGDATA must not steer it
            pb.environment().put("LC_ALL", "C.UTF-8");
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", cmd));
            }
            if (p.exitValue() != 0) {
                throw new IOException("failed (exit " + p.exitValue() + "): " + String.join(" ", cmd) + "\n"
                        + Files.readString(out, StandardCharsets.UTF_8) + serverLogTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", cmd), e);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private String serverLogTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("server.log"));
            return "server.log:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // already gone
        }
    }
}
