package dev.coffer.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void medianOfAnOddCountIsTheMiddleValueWhateverTheOrder() {
        Stats s = Stats.of(9.0, 1.0, 4.0);
        assertThat(s.median()).isEqualTo(4.0);
        assertThat(s.min()).isEqualTo(1.0);
        assertThat(s.max()).isEqualTo(9.0);
        assertThat(s.count()).isEqualTo(3);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
        assertThat(Stats.of(4.0, 1.0, 3.0, 10.0).median()).isEqualTo(3.5);
    }

    @Test
    void spreadIsTheRangeRelativeToTheMedian() {
        assertThat(Stats.of(9.0, 10.0, 11.0).spread()).isCloseTo(0.2, within(1e-12));
        assertThat(Stats.of(0.0, 0.0).spread()).isZero();
    }

    @Test
    void ratioToZeroIsUndefinedNotInfinite() {
        assertThat(Stats.ratio(5, 2)).isEqualTo(2.5);
        assertThat(Stats.ratio(5, 0)).isNull();
    }

    @Test
    void throughputUsesDecimalMegabytes() {
        // 2 GiB in 5 s: 429.5 MB/s (the figure system notes quote for cp + sync), not 409.6 MiB/s.
        assertThat(Stats.megabytesPerSecond(2L << 30, 5.0)).isCloseTo(429.4967, within(1e-4));
        assertThat(Stats.perSecond(20_000, 0.4)).isEqualTo(50_000.0);
        assertThat(Stats.megabytesPerSecond(100, 0)).isZero();
    }

    @Test
    void roundsHalfUpToTheAskedDecimals() {
        assertThat(Stats.round(2.7245, 3)).isEqualTo(2.725);
        assertThat(Stats.round(37.46349, 1)).isEqualTo(37.5);
    }
}
