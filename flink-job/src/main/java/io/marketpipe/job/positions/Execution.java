package io.marketpipe.job.positions;

import io.marketpipe.job.model.Decimals;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The exact arithmetic of simulated executions, on {@link Decimals} units: slippage always against
 * the trader (a buy rounds up, a sell down), quote amounts and fees rounded half-even to {@value
 * Decimals#SCALE} decimals, quantities rounded down to the step.
 */
public final class Execution {
    private static final BigDecimal TEN_THOUSAND = BigDecimal.valueOf(10_000);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Execution() {}

    /** The price a buy pays: {@code reference * (1 + bps / 10000)}, rounded up. */
    public static long buyPrice(long reference, BigDecimal slippageBps) {
        return scaled(
                units(reference).multiply(BigDecimal.ONE.add(bps(slippageBps))),
                RoundingMode.CEILING);
    }

    /** The price a sell gets: {@code reference * (1 - bps / 10000)}, rounded down. */
    public static long sellPrice(long reference, BigDecimal slippageBps) {
        return scaled(
                units(reference).multiply(BigDecimal.ONE.subtract(bps(slippageBps))),
                RoundingMode.FLOOR);
    }

    /** {@code price * quantity} in quote units, half-even. */
    public static long quote(long price, long quantity) {
        return scaled(units(price).multiply(units(quantity)), RoundingMode.HALF_EVEN);
    }

    /** {@code price * quantity * bps / 10000}, half-even. */
    public static long fee(long price, long quantity, BigDecimal feeBps) {
        return scaled(
                units(price).multiply(units(quantity)).multiply(bps(feeBps)),
                RoundingMode.HALF_EVEN);
    }

    /**
     * The largest multiple of {@code step} whose cost at {@code price} is within {@code notional}.
     */
    public static long quantityFor(long notional, long price, long step) {
        if (price <= 0) {
            return 0;
        }
        BigDecimal quantity =
                units(notional).divide(units(price), Decimals.SCALE, RoundingMode.FLOOR);
        long q = Decimals.fromBigDecimal(quantity);
        return q - q % step;
    }

    /** {@code price * (1 + percent / 100)} (negative percent for below), half-even. */
    public static long level(long price, BigDecimal percent) {
        return scaled(
                units(price).multiply(BigDecimal.ONE.add(percent.divide(HUNDRED))),
                RoundingMode.HALF_EVEN);
    }

    /** {@code part / whole * 100}, 8 decimals, half-even; 0 when {@code whole} is 0. */
    public static BigDecimal percentOf(long part, long whole) {
        if (whole == 0) {
            return BigDecimal.ZERO.setScale(Decimals.SCALE);
        }
        return units(part)
                .multiply(HUNDRED)
                .divide(units(whole), Decimals.SCALE, RoundingMode.HALF_EVEN);
    }

    private static BigDecimal bps(BigDecimal bps) {
        return bps.divide(TEN_THOUSAND);
    }

    private static BigDecimal units(long units) {
        return Decimals.toBigDecimal(units);
    }

    private static long scaled(BigDecimal value, RoundingMode rounding) {
        return Decimals.fromBigDecimal(value.setScale(Decimals.SCALE, rounding));
    }
}
