package dev.coffer.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FastCdcTest {

    static byte[] seeded(long seed, int size) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    static List<Integer> cutPoints(byte[] data) {
        List<Integer> cuts = new ArrayList<>();
        int offset = 0;
        while (offset < data.length) {
            offset += FastCdc.cut(data, offset, data.length - offset);
            cuts.add(offset);
        }
        return cuts;
    }

    static List<byte[]> chunks(byte[] data) throws IOException {
        List<byte[]> out = new ArrayList<>();
        Chunker c = new Chunker(new ByteArrayInputStream(data));
        for (byte[] b = c.next(); b != null; b = c.next()) out.add(b);
        return out;
    }

    /** The cut points are a compatibility promise: changing them breaks deduplication against stored data. */
    @Test
    void cut_points_of_seeded_data_never_change() {
        byte[] data = seeded(42, 16 * 1024 * 1024);
        assertThat(cutPoints(data)).containsExactly(EXPECTED_CUTS_SEED_42);
    }

    static final Integer[] EXPECTED_CUTS_SEED_42 = {
        1164316, 2246615, 3312808, 4751650, 5808025, 6977011, 8172913, 9951508, 11075745, 12522658, 14056070, 15890452,
        16777216
    };

    @Test
    void chunk_sizes_stay_within_bounds_and_average_near_one_mebibyte() {
        byte[] data = seeded(7, 64 * 1024 * 1024);
        List<Integer> cuts = cutPoints(data);
        int previous = 0;
        for (int i = 0; i < cuts.size(); i++) {
            int size = cuts.get(i) - previous;
            if (i < cuts.size() - 1) assertThat(size).isBetween(FastCdc.MIN_SIZE + 1, FastCdc.MAX_SIZE);
            previous = cuts.get(i);
        }
        double average = (double) data.length / cuts.size();
        assertThat(average).isBetween(0.6 * FastCdc.AVG_SIZE, 1.6 * FastCdc.AVG_SIZE);
    }

    @Test
    void streaming_chunker_cuts_exactly_where_the_array_cut_does() throws IOException {
        byte[] data = seeded(3, 20 * 1024 * 1024 + 12345);
        List<byte[]> streamed = chunks(data);
        List<Integer> cuts = cutPoints(data);
        assertThat(streamed).hasSize(cuts.size());
        int offset = 0;
        for (int i = 0; i < streamed.size(); i++) {
            byte[] expected = Arrays.copyOfRange(data, offset, cuts.get(i));
            assertThat(streamed.get(i)).isEqualTo(expected);
            offset = cuts.get(i);
        }
    }

    @Test
    void inserting_one_byte_in_the_middle_changes_at_most_three_chunks() throws IOException {
        byte[] original = seeded(11, 64 * 1024 * 1024);
        byte[] edited = new byte[original.length + 1];
        int middle = original.length / 2;
        System.arraycopy(original, 0, edited, 0, middle);
        edited[middle] = 0x5a;
        System.arraycopy(original, middle, edited, middle + 1, original.length - middle);
        Set<ChunkId> before = new HashSet<>();
        for (byte[] c : chunks(original)) before.add(ChunkId.of(c));
        long fresh = chunks(edited).stream()
                .map(ChunkId::of)
                .filter(id -> !before.contains(id))
                .count();
        assertThat(fresh).isBetween(1L, 3L);
    }

    @Test
    void small_and_empty_inputs_are_one_chunk_or_none() throws IOException {
        assertThat(chunks(new byte[0])).isEmpty();
        byte[] small = seeded(1, 1000);
        assertThat(chunks(small)).singleElement().isEqualTo(small);
    }
}
