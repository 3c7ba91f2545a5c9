package dev.coffer.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InListTest {
    private static List<Integer> upTo(int n) {
        return IntStream.rangeClosed(1, n).boxed().toList();
    }

    @Test
    void lists_are_padded_to_a_few_lengths_with_the_same_values() {
        Set<Integer> lengths = new HashSet<>();
        for (int n = 1; n <= 1200; n++) {
            List<Integer> padded = InList.padded(upTo(n));
            lengths.add(padded.size());
            assertThat(padded.size()).isBetween(n, Math.max(2 * n, n + 511));
            assertThat(padded.subList(0, n)).isEqualTo(upTo(n));
            assertThat(new HashSet<>(padded)).isEqualTo(new HashSet<>(upTo(n)));
        }
        assertThat(lengths).containsExactlyInAnyOrder(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 1536);
        assertThat(InList.padded(List.of())).isEmpty();
    }
}
