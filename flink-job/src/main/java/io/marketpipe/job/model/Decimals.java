package io.marketpipe.job.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Exact decimals as scaled longs: a value v is stored as v * 10^{@value #SCALE}. Parsing accepts
 * only plain decimal notation ("68000.12", "0.001"), never exponents, NaN or infinities, and
 * rejects more than {@value #SCALE} significant decimals rather than round.
 */
public final class Decimals {
    public static final int SCALE = 8;
    public static final long ONE = 100_000_000L;

    private Decimals() {}

    /**
     * Parses {@code text[from, to)}; throws {@link NumberFormatException} when it is not a plain
     * decimal that fits.
     */
    public static long parse(CharSequence text, int from, int to) {
        if (from >= to) {
            throw new NumberFormatException("empty number");
        }
        int i = from;
        boolean negative = false;
        if (text.charAt(i) == '-' || text.charAt(i) == '+') {
            negative = text.charAt(i) == '-';
            i++;
        }
        long units = 0;
        int decimals = -1;
        boolean digits = false;
        for (; i < to; i++) {
            char c = text.charAt(i);
            if (c == '.') {
                if (decimals >= 0) {
                    throw new NumberFormatException(
                            "two decimal points in " + text.subSequence(from, to));
                }
                decimals = 0;
                continue;
            }
            if (c < '0' || c > '9') {
                throw new NumberFormatException("not a decimal: " + text.subSequence(from, to));
            }
            digits = true;
            if (decimals >= 0) {
                if (decimals == SCALE) {
                    if (c != '0') {
                        throw new NumberFormatException(
                                "more than " + SCALE + " decimals: " + text.subSequence(from, to));
                    }
                    continue;
                }
                decimals++;
            }
            units = Math.addExact(Math.multiplyExact(units, 10), c - '0');
        }
        if (!digits) {
            throw new NumberFormatException("no digits in " + text.subSequence(from, to));
        }
        for (int d = Math.max(decimals, 0); d < SCALE; d++) {
            units = Math.multiplyExact(units, 10);
        }
        return negative ? -units : units;
    }

    public static long parse(CharSequence text) {
        return parse(text, 0, text.length());
    }

    /**
     * {@code mantissa * 10^exponent} (SBE's decimal encoding) as units; throws {@link
     * ArithmeticException} if it has more than {@value #SCALE} decimals or does not fit.
     */
    public static long fromMantissa(long mantissa, int exponent) {
        int shift = SCALE + exponent;
        if (shift >= 0) {
            if (shift > 18) {
                throw new ArithmeticException("exponent " + exponent + " is out of range");
            }
            return Math.multiplyExact(mantissa, POWERS[shift]);
        }
        if (-shift > 18) {
            if (mantissa == 0) {
                return 0;
            }
            throw new ArithmeticException("more than " + SCALE + " decimals");
        }
        long divisor = POWERS[-shift];
        if (mantissa % divisor != 0) {
            throw new ArithmeticException(
                    "more than " + SCALE + " decimals: " + mantissa + "e" + exponent);
        }
        return mantissa / divisor;
    }

    /**
     * An exact decimal as units; throws {@link ArithmeticException} past {@value #SCALE} decimals
     * or a long.
     */
    public static long fromBigDecimal(BigDecimal value) {
        // refuse by size first: rescaling 1e100000000 would take minutes
        if (value.scale() > 64 || value.scale() < -19 || value.precision() > 64) {
            throw new ArithmeticException("out of range: scale " + value.scale());
        }
        return value.setScale(SCALE, java.math.RoundingMode.UNNECESSARY)
                .unscaledValue()
                .longValueExact();
    }

    private static final long[] POWERS = new long[19];

    static {
        POWERS[0] = 1;
        for (int i = 1; i < POWERS.length; i++) {
            POWERS[i] = POWERS[i - 1] * 10;
        }
    }

    public static BigDecimal toBigDecimal(long units) {
        return BigDecimal.valueOf(units, SCALE);
    }

    /** Plain string with exactly {@value #SCALE} decimals, e.g. "68000.12000000". */
    public static String toPlainString(long units) {
        return toBigDecimal(units).toPlainString();
    }

    /** Scale of ratios and weighted prices (microprice, imbalance, time-weighted spread). */
    public static final int FINE_SCALE = 16;

    /** {@code (a + b) / 2}, exact at one place more than {@value #SCALE}. */
    public static BigDecimal mid(long a, long b) {
        return toBigDecimal(a)
                .add(toBigDecimal(b))
                .divide(BigDecimal.valueOf(2))
                .setScale(SCALE + 1);
    }

    /**
     * {@code (a - b) / (a + b)}, in [-1, 1] for non-negative quantities, rounded half-even to
     * {@value #FINE_SCALE} places; null when {@code a + b} is 0.
     */
    public static BigDecimal imbalance(long a, long b) {
        BigDecimal x = toBigDecimal(a);
        BigDecimal y = toBigDecimal(b);
        BigDecimal sum = x.add(y);
        return sum.signum() == 0
                ? null
                : x.subtract(y).divide(sum, FINE_SCALE, RoundingMode.HALF_EVEN);
    }

    /** A 128-bit two's complement value (hi, lo) at scale 2 * {@value #SCALE} as a BigDecimal. */
    public static BigDecimal fromInt128(long hi, long lo, int scale) {
        BigInteger value =
                BigInteger.valueOf(hi).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(lo)));
        return new BigDecimal(value, scale);
    }
}
