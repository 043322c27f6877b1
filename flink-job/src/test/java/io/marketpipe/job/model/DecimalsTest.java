package io.marketpipe.job.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class DecimalsTest {
    @Test
    void parsesPlainDecimalsExactly() {
        assertThat(Decimals.parse("68000.12345678")).isEqualTo(6_800_012_345_678L);
        assertThat(Decimals.parse("0.001")).isEqualTo(100_000L);
        assertThat(Decimals.parse("100")).isEqualTo(10_000_000_000L);
        assertThat(Decimals.parse("0.00000001")).isEqualTo(1L);
        assertThat(Decimals.parse("-1")).isEqualTo(-100_000_000L);
        assertThat(Decimals.parse("1.5000000000"))
                .as("zeros past the scale are fine")
                .isEqualTo(150_000_000L);
    }

    @Test
    void rejectsWhatIsNotAPlainFiniteDecimal() {
        for (String bad :
                new String[] {"abc", "NaN", "Infinity", "1e5", "", ".", "1.2.3", "--1", " 1"}) {
            assertThatThrownBy(() -> Decimals.parse(bad))
                    .as(bad)
                    .isInstanceOf(NumberFormatException.class);
        }
    }

    @Test
    void refusesToRoundAwayPrecision() {
        assertThatThrownBy(() -> Decimals.parse("0.000000001"))
                .hasMessageContaining("more than 8 decimals");
    }

    @Test
    void reportsOverflowInsteadOfWrapping() {
        assertThatThrownBy(() -> Decimals.parse("99999999999999999999"))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void convertsBackAndFrom128Bits() {
        assertThat(Decimals.toPlainString(6_800_012_000_000L)).isEqualTo("68000.12000000");
        assertThat(Decimals.fromInt128(1, 0, 0))
                .isEqualByComparingTo(new BigDecimal("18446744073709551616"));
        assertThat(Decimals.fromInt128(0, -1, 0))
                .isEqualByComparingTo(new BigDecimal("18446744073709551615"));
    }

    @Test
    void hugeExponentsAreRefusedByTheirSizeNotComputed() {
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(2),
                () -> {
                    for (String hostile : new String[] {"1e100000000", "1e-100000000", "1e20"}) {
                        org.assertj.core.api.Assertions.assertThatThrownBy(
                                        () ->
                                                Decimals.fromBigDecimal(
                                                        new java.math.BigDecimal(hostile)))
                                .isInstanceOf(ArithmeticException.class);
                    }
                });
    }
}
