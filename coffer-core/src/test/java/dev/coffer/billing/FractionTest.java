package dev.coffer.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;

class FractionTest {
    @Test
    void fractions_are_reduced_so_equal_values_are_equal() {
        assertThat(Fraction.of(6, -4)).isEqualTo(Fraction.of(-3, 2));
        assertThat(Fraction.of(new BigDecimal("10.150"))).isEqualTo(Fraction.of(203, 20));
        assertThat(Fraction.of(new BigDecimal("1E+3"))).isEqualTo(Fraction.of(1000, 1));
        assertThat(Fraction.of(1, 3).add(Fraction.of(1, 6))).isEqualTo(Fraction.of(1, 2));
        assertThat(Fraction.of(2, 3).multiply(new BigDecimal("0.3"))).isEqualTo(Fraction.of(1, 5));
        assertThat(Fraction.of(1, 3)).isGreaterThan(Fraction.of(33, 100));
    }

    @Test
    void decimals_are_exact_when_they_terminate_and_34_digits_otherwise() {
        assertThat(Fraction.of(203, 40).toDecimal()).isEqualTo(new BigDecimal("5.075"));
        assertThat(Fraction.of(1, 3).terminates()).isFalse();
        assertThat(Fraction.of(1, 3).toDecimal().toPlainString()).isEqualTo("0." + "3".repeat(34));
        assertThat(Fraction.ZERO.toDecimal()).isEqualByComparingTo("0");
    }

    @Test
    void rounding_to_the_cent_rounds_the_exact_value_half_up() {
        assertThat(Fraction.of(203, 40).toCents()).isEqualTo(new BigDecimal("5.08"));
        assertThat(Fraction.of(1, 8).toCents()).isEqualTo(new BigDecimal("0.13"));
        assertThat(Fraction.of(1, 8).round(2, RoundingMode.HALF_EVEN)).isEqualTo(new BigDecimal("0.12"));
        // Just below a half cent stays down, whatever a float would say.
        assertThat(Fraction.of(4_999_999_999L, 1_000_000_000_000L).toCents()).isEqualTo(new BigDecimal("0.00"));
    }
}
