package dev.coffer.cli.mount;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spool holds what was written, the same in memory and after it moved to disk; a model array says what. */
class SpoolTest {
    @TempDir
    Path dir;

    private static byte[] read(Spool s) throws Exception {
        byte[] out = new byte[(int) s.size()];
        assertThat(s.read(ByteBuffer.wrap(out), 0, out.length)).isEqualTo(out.length);
        return out;
    }

    private long filesIn() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    @Test
    void random_writes_and_cuts_match_a_model_in_memory_and_on_disk() throws Exception {
        Random random = new Random(42);
        byte[] model = new byte[0];
        try (Spool s = new Spool(dir)) {
            for (int step = 0; step < 400; step++) {
                // Mostly small files, now and then past the memory limit.
                long limit = step < 300 ? 64 * 1024 : Spool.IN_MEMORY + 300_000;
                if (random.nextInt(5) == 0) {
                    int cut = random.nextInt((int) limit);
                    s.truncate(cut);
                    byte[] next = new byte[cut];
                    System.arraycopy(model, 0, next, 0, Math.min(cut, model.length));
                    model = next;
                } else {
                    int at = random.nextInt((int) limit);
                    byte[] data = new byte[1 + random.nextInt(20_000)];
                    random.nextBytes(data);
                    s.write(ByteBuffer.wrap(data), at, data.length);
                    if (at + data.length > model.length) model = Arrays.copyOf(model, at + data.length);
                    System.arraycopy(data, 0, model, at, data.length);
                }
                assertThat(s.size()).isEqualTo(model.length);
                if (step % 20 == 0) assertThat(read(s)).isEqualTo(model);
            }
            assertThat(read(s)).isEqualTo(model);
            assertThat(s.inMemory()).as("grew past the limit once").isFalse();
            assertThat(filesIn()).isEqualTo(1);
        }
        assertThat(filesIn()).as("closing removes the spool file").isZero();
    }

    @Test
    void a_small_file_never_touches_the_disk_until_its_path_is_asked_for() throws Exception {
        try (Spool s = new Spool(dir)) {
            s.write(ByteBuffer.wrap("hello, world".getBytes()), 0, 12);
            s.truncate(5);
            s.truncate(8);
            assertThat(s.inMemory()).isTrue();
            assertThat(filesIn()).isZero();
            assertThat(s.bytes()).isEqualTo(new byte[] {'h', 'e', 'l', 'l', 'o', 0, 0, 0});
            Path p = s.path();
            assertThat(Files.readAllBytes(p)).isEqualTo(new byte[] {'h', 'e', 'l', 'l', 'o', 0, 0, 0});
        }
    }
}
