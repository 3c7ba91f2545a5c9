package dev.coffer.cli;

import static dev.coffer.cli.Processes.coffer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.testkit.Await;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Big files through the CLI, with the server limited to a 256 MiB heap: round trips, what
 * deduplication stores, and resuming an upload whose CLI was killed.
 */
class BigDataTest {
    static final long MiB = 1024 * 1024;

    @TempDir
    Path tmp;

    Processes.Server server;
    Path data;
    Path config;

    @BeforeEach
    void start() throws Exception {
        data = tmp.resolve("data");
        config = tmp.resolve("config");
        server = Processes.Server.start(data, "256m");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    void roundTrip(long size) throws Exception {
        Path file = Processes.randomFile(tmp.resolve("big.bin"), size, 42);
        Processes.Result up = coffer(server, config, "cp", "--json", file.toString(), "storage:big/one.bin");
        assertThat(up.exit()).as(up.stderr()).isZero();
        assertThat(up.json().path("bytes").asLong()).isEqualTo(size);

        Path back = tmp.resolve("back.bin");
        Processes.Result down = coffer(server, config, "cp", "--json", "storage:big/one.bin", back.toString());
        assertThat(down.exit()).as(down.stderr()).isZero();
        assertThat(Files.size(back)).isEqualTo(size);
        assertThat(Processes.sha256(back)).isEqualTo(Processes.sha256(file));
        Files.delete(back);

        // The same file again, to a second path: its chunks are all known, so (almost) nothing new is stored.
        long storedBefore = Processes.storedBytes(data);
        Processes.Result again = coffer(server, config, "cp", "--json", file.toString(), "storage:big/two.bin");
        assertThat(again.exit()).as(again.stderr()).isZero();
        assertThat(again.json().path("bytesSent").asLong()).isZero();
        assertThat(Processes.storedBytes(data) - storedBefore).isLessThan(size / 100);
    }

    @Test
    void a_1_gib_file_round_trips_byte_identical_and_a_second_copy_stores_nothing_new() throws Exception {
        roundTrip(1024 * MiB);
    }

    @Test
    @Tag("large")
    void a_4_gib_file_round_trips_byte_identical() throws Exception {
        roundTrip(4096 * MiB);
    }

    @Test
    void inserting_one_byte_in_the_middle_of_256_mib_sends_at_most_three_chunks() throws Exception {
        Path file = Processes.randomFile(tmp.resolve("v1.bin"), 256 * MiB, 7);
        assertThat(coffer(server, config, "cp", file.toString(), "storage:edit/v1.bin")
                        .exit())
                .isZero();
        Path edited = tmp.resolve("v2.bin");
        try (var in = Files.newInputStream(file);
                OutputStream out = Files.newOutputStream(edited)) {
            out.write(in.readNBytes((int) (128 * MiB)));
            out.write(0x42);
            in.transferTo(out);
        }
        long chunksBefore = Processes.storedChunks(data);
        Processes.Result r = coffer(server, config, "cp", "--json", edited.toString(), "storage:edit/v2.bin");
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.json().path("chunksSent").asLong()).isBetween(1L, 3L);
        assertThat(Processes.storedChunks(data) - chunksBefore).isBetween(1L, 3L);
        Path back = tmp.resolve("v2.back");
        assertThat(coffer(server, config, "cp", "storage:edit/v2.bin", back.toString())
                        .exit())
                .isZero();
        assertThat(Processes.sha256(back)).isEqualTo(Processes.sha256(edited));
    }

    @Test
    void an_upload_whose_cli_was_killed_resumes_and_sends_only_the_missing_chunks() throws Exception {
        long size = 512 * MiB;
        Path file = Processes.randomFile(tmp.resolve("resume.bin"), size, 99);
        Process first = Processes.cli(server, config, "cp", "--json", file.toString(), "storage:resume/r.bin")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Await.until(
                Duration.ofMinutes(5),
                "60 chunks stored, or the upload ended",
                () -> Processes.storedChunks(data) >= 60 || !first.isAlive());
        assertThat(first.isAlive())
                .as("the first upload must still be running when it is killed")
                .isTrue();
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        // The server finishes (or drops) the requests that were in flight: counted once the count holds still.
        long storedBefore =
                Await.steady(Duration.ofSeconds(30), Duration.ofMillis(500), () -> Processes.storedChunks(data));
        // Nothing was committed: the file does not exist yet.
        assertThat(coffer(server, config, "cat", "storage:resume/r.bin").stderr())
                .contains("does not exist");

        Processes.Result second = coffer(server, config, "cp", "--json", file.toString(), "storage:resume/r.bin");
        assertThat(second.exit()).as(second.stderr()).isZero();
        long total = second.json().path("chunks").asLong();
        assertThat(storedBefore).isBetween(60L, total - 1);
        assertThat(second.json().path("chunksSent").asLong()).isEqualTo(total - storedBefore);
        assertThat(second.json().path("bytesSent").asLong()).isLessThan(size - 50 * MiB);

        Path back = tmp.resolve("resume.back");
        assertThat(coffer(server, config, "cp", "storage:resume/r.bin", back.toString())
                        .exit())
                .isZero();
        assertThat(Processes.sha256(back)).isEqualTo(Processes.sha256(file));
    }
}
