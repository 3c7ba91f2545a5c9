package dev.coffer.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void namesAlignLeftNumbersAlignRightAndMissingCellsShowADash() {
        String out = new Table("tool", "median s", "files/s")
                .row("coffer", Table.num(12.3456, 2), null)
                .row("cp+sync", Table.num(5, 2), "52000")
                .render();
        assertThat(out).isEqualTo("""
                tool     median s  files/s
                -------  --------  -------
                coffer      12.35        -
                cp+sync      5.00    52000
                """);
    }

    @Test
    void aRowMustHaveOneCellPerColumn() {
        assertThatThrownBy(() -> new Table("a", "b").row("only one")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mebibytesHaveOneDecimal() {
        assertThat(Table.mib(3L << 20)).isEqualTo("3.0");
        assertThat(Table.mib(1572864)).isEqualTo("1.5");
    }
}
