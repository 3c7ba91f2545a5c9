package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the mount suites share: a server on its embedded defaults, a notebook {@code lab} and its
 * token, and a real FUSE mount of it at {@code tmp/mnt}, unmounted (and the server stopped) after
 * the suite.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MountedNotebook {
    @TempDir
    static Path tmp;

    Processes.Server server;
    Path config;
    String token;
    MountProcess mount;

    /** The server's extra environment (a plans file, say); none unless a suite says otherwise. */
    Map<String, String> serverEnvironment() throws Exception {
        return Map.of();
    }

    /** Options of the suite's mount; none unless a suite says otherwise. */
    String[] mountOptions() {
        return new String[0];
    }

    @BeforeAll
    void startServerAndMount() throws Exception {
        server = Processes.Server.start(tmp.resolve("data"), "256m", serverEnvironment());
        config = tmp.resolve("config");
        cofferOk("notebooks", "create", "lab");
        token = cofferOk("notebooks", "token", "lab").stdout().strip();
        mount = MountProcess.start(server, tmp, tmp.resolve("mnt"), token, mountOptions());
    }

    @AfterAll
    void unmountAndStop() throws Exception {
        try {
            if (mount != null) mount.close();
        } finally {
            server.close();
        }
    }

    Processes.Result coffer(String... args) throws Exception {
        return Processes.coffer(server, config, args);
    }

    /** Runs the CLI against the server and expects it to succeed. */
    Processes.Result cofferOk(String... args) throws Exception {
        Processes.Result r = coffer(args);
        assertThat(r.exit()).as(String.join(" ", args) + "\n" + r.stderr()).isZero();
        return r;
    }

    /** A remote file's bytes as the API serves them (through {@code coffer cp}). */
    byte[] viaApi(String remote) throws Exception {
        Path out = Files.createTempFile(tmp, "api", ".bin");
        cofferOk("cp", remote, out.toString());
        return Files.readAllBytes(out);
    }

    Path nb() {
        return mount.mnt.resolve("notebooks");
    }

    Path storage() {
        return mount.mnt.resolve("storage");
    }
}
