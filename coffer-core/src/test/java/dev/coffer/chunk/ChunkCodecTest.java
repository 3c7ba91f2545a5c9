package dev.coffer.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkCodecTest {
    @Test
    void compressible_chunks_are_stored_compressed_and_come_back_identical() {
        byte[] text =
                "the quick brown fox jumps over the lazy dog\n".repeat(20_000).getBytes(StandardCharsets.UTF_8);
        byte[] stored = ChunkCodec.encode(text);
        assertThat(stored[0]).isEqualTo((byte) 'C');
        assertThat(stored[1]).isEqualTo((byte) 1);
        assertThat(stored[2]).isEqualTo(ChunkCodec.ZSTD);
        assertThat(stored.length).isLessThan(text.length / 10);
        assertThat(ChunkCodec.decode(stored, text.length)).isEqualTo(text);
    }

    @Test
    void random_chunks_are_stored_plain() {
        byte[] noise = new byte[1 << 20];
        new Random(5).nextBytes(noise);
        byte[] stored = ChunkCodec.encode(noise);
        assertThat(stored[2]).isEqualTo(ChunkCodec.PLAIN);
        assertThat(stored).hasSize(noise.length + ChunkCodec.HEADER_SIZE);
        assertThat(ChunkCodec.decode(stored, noise.length)).isEqualTo(noise);
    }

    @Test
    void the_byte_value_test_tells_noise_from_text() {
        byte[] noise = new byte[4096];
        new Random(6).nextBytes(noise);
        assertThat(ChunkCodec.looksRandom(noise)).isTrue();
        byte[] csv = "id,name,score\n1,alice,0.93\n2,bob,0.71\n".repeat(200).getBytes(StandardCharsets.UTF_8);
        assertThat(ChunkCodec.looksRandom(csv)).isFalse();
        assertThat(ChunkCodec.encode(csv)[2]).isEqualTo(ChunkCodec.ZSTD);
    }

    @Test
    void unknown_headers_are_refused() {
        assertThatThrownBy(() -> ChunkCodec.decode(new byte[] {'X', 1, 0, 1}, 1))
                .hasMessageContaining("bad header");
        assertThatThrownBy(() -> ChunkCodec.decode(new byte[] {'C', 9, 0, 1}, 1))
                .hasMessageContaining("newer");
        assertThatThrownBy(() -> ChunkCodec.decode(new byte[] {'C', 1, 7, 1}, 1))
                .hasMessageContaining("compression");
    }

    @Test
    void chunk_ids_are_the_sha256_of_the_plain_bytes() {
        assertThat(ChunkId.of("abc".getBytes(StandardCharsets.UTF_8)).hex())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThatThrownBy(() -> new ChunkId("ABC")).isInstanceOf(IllegalArgumentException.class);
    }
}
