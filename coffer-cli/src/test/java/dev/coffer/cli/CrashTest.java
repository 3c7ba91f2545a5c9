package dev.coffer.cli;

import static dev.coffer.cli.Processes.coffer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.testkit.Await;
import dev.coffer.testkit.RealTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the server while 8 CLI uploads of big files run (the chunk protocol, 8 to 36
 * MiB each), twice over: every upload the server acknowledged (the CLI exited 0) reads back intact
 * after a restart, and fsck finds nothing wrong. {@link CrashCyclesTest} kills the server twenty
 * times under mixed operations on both backends; this one keeps the CLI's own upload path covered.
 */
class CrashTest {
    static final int ROUNDS = 2;
    static final int WRITERS = 8;

    @TempDir
    Path tmp;

    @Test
    void acknowledged_uploads_survive_the_server_being_killed_during_concurrent_uploads() throws Exception {
        Path data = tmp.resolve("data");
        Path config = tmp.resolve("config");
        Random timing = new Random(2026);
        Map<String, String> acknowledged = new LinkedHashMap<>();
        int interrupted = 0;
        for (int round = 0; round < ROUNDS; round++) {
            List<Path> files = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                files.add(Processes.randomFile(
                        tmp.resolve("src/r" + round + "-" + i + ".bin"), (8 + 4L * i) * 1024 * 1024, round * 100L + i));
            }
            Processes.Server server = Processes.Server.start(data, "256m");
            List<Process> uploads = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                uploads.add(Processes.cli(
                                server,
                                config,
                                "cp",
                                files.get(i).toString(),
                                "storage:crash/" + files.get(i).getFileName())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start());
            }
            // Kill while uploads are in flight: once the first one is acknowledged, after a random moment more.
            Await.until(
                    Duration.ofMinutes(2),
                    "an upload finished",
                    () -> !uploads.stream().allMatch(Process::isAlive));
            // The random moment is real time: the server process is killed wherever its work has got to.
            RealTime.pause(Duration.ofMillis(timing.nextInt(1500)));
            server.kill();
            for (int i = 0; i < WRITERS; i++) {
                Process p = uploads.get(i);
                assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
                if (p.exitValue() == 0)
                    acknowledged.put(files.get(i).getFileName().toString(), Processes.sha256(files.get(i)));
                else interrupted++;
            }
        }
        System.out.printf(
                "crash test: %d uploads acknowledged, %d interrupted by the kill%n", acknowledged.size(), interrupted);
        assertThat(acknowledged).isNotEmpty();

        try (Processes.Server server = Processes.Server.start(data, "256m")) {
            for (var e : acknowledged.entrySet()) {
                Path back = tmp.resolve("back/" + e.getKey());
                Processes.Result r = coffer(server, config, "cp", "storage:crash/" + e.getKey(), back.toString());
                assertThat(r.exit()).as(e.getKey() + ": " + r.stderr()).isZero();
                assertThat(Processes.sha256(back)).as(e.getKey()).isEqualTo(e.getValue());
                Files.delete(back);
            }
            Processes.Result fsck = coffer(server, config, "admin", "fsck", "--json");
            assertThat(fsck.json().path("problems")).as(fsck.stdout()).isEmpty();
            assertThat(fsck.exit()).isZero();
        }
    }
}
