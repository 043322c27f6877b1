package io.marketpipe.job.signals;

import io.marketpipe.job.model.Bar;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * The entry and exit rules of each {@link StrategyKind}, applied at a bar's close. Dip and breakout
 * compare the close with the N bars before it; the averages include it. Exact arithmetic only.
 */
final class EntryRules {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private EntryRules() {}

    /** What the rule says at {@code bar}'s close: an entry reason, an exit reason, or null. */
    static SignalReason atClose(StrategySpec spec, StrategyState s, Bar bar) {
        switch (spec.kind) {
            case DIP_BUY:
                {
                    boolean dip = s.full() && isDip(bar.close, s.highestClose(), spec.dipPercent);
                    s.push(bar.close, bar.high);
                    return dip ? SignalReason.DIP : null;
                }
            case BREAKOUT:
                {
                    boolean breakout = s.full() && bar.close > s.highestHigh();
                    s.push(bar.close, bar.high);
                    return breakout ? SignalReason.BREAKOUT : null;
                }
            default:
                s.push(bar.close, bar.high);
                int cross = cross(spec, s);
                return cross > 0
                        ? SignalReason.MA_CROSS_UP
                        : cross < 0 ? SignalReason.MA_CROSS_DOWN : null;
        }
    }

    /** {@code close <= highest * (1 - percent / 100)}, exactly. */
    static boolean isDip(long close, long highest, BigDecimal percent) {
        BigDecimal lhs = BigDecimal.valueOf(close).multiply(HUNDRED);
        BigDecimal rhs = BigDecimal.valueOf(highest).multiply(HUNDRED.subtract(percent));
        return lhs.compareTo(rhs) <= 0;
    }

    /** +1 when fast crossed above slow at this bar, -1 when it crossed below, else 0. */
    private static int cross(StrategySpec spec, StrategyState s) {
        int sign;
        if (spec.average == MovingAverage.SMA) {
            if (s.size < spec.slow) {
                return 0;
            }
            // fast/nf vs slow/ns without division: fast * ns vs slow * nf
            BigInteger fast =
                    BigInteger.valueOf(s.sumOfLastCloses(spec.fast))
                            .multiply(BigInteger.valueOf(spec.slow));
            BigInteger slow =
                    BigInteger.valueOf(s.sumOfLastCloses(spec.slow))
                            .multiply(BigInteger.valueOf(spec.fast));
            sign = fast.compareTo(slow);
        } else {
            s.fastAverage = ema(s, spec.fast, s.fastAverage);
            s.slowAverage = ema(s, spec.slow, s.slowAverage);
            if (s.barsSeen < spec.slow) {
                return 0;
            }
            sign = Long.compare(s.fastAverage, s.slowAverage);
        }
        if (sign == 0) {
            return 0; // touching is not crossing: keep the last trend
        }
        int before = s.trend;
        s.trend = sign;
        return before != 0 && before != sign ? sign : 0;
    }

    /**
     * Seeded with the SMA of the first n closes, then {@code ema + (close - ema) * 2 / (n + 1)}.
     */
    private static long ema(StrategyState s, int n, long ema) {
        if (s.barsSeen < n) {
            return 0;
        }
        if (s.barsSeen == n) {
            return BigDecimal.valueOf(s.sumOfLastCloses(n))
                    .divide(BigDecimal.valueOf(n), 0, RoundingMode.HALF_EVEN)
                    .longValueExact();
        }
        BigDecimal step =
                BigDecimal.valueOf(s.lastClose() - ema)
                        .multiply(BigDecimal.valueOf(2))
                        .divide(BigDecimal.valueOf(n + 1L), 0, RoundingMode.HALF_EVEN);
        return Math.addExact(ema, step.longValueExact());
    }
}
