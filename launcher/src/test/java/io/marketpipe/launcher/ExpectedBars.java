package io.marketpipe.launcher;

import io.marketpipe.simulator.SimTrade;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Bars computed independently of the job, in BigDecimal, from the trades the simulator produced.
 */
final class ExpectedBars {
    record Bar(
            String symbol,
            long windowStart,
            BigDecimal open,
            BigDecimal high,
            BigDecimal low,
            BigDecimal close,
            BigDecimal volume,
            BigDecimal quoteVolume,
            BigDecimal vwap,
            long count,
            BigDecimal buyVolume) {}

    private ExpectedBars() {}

    /**
     * Bars of every {@code windowMillis} window ending at or before {@code closedBy}, keyed
     * "SYMBOL@start".
     */
    static Map<String, Bar> compute(List<SimTrade> trades, long windowMillis, long closedBy) {
        Map<String, List<SimTrade>> byWindow =
                trades.stream()
                        .filter(
                                t ->
                                        t.tradeTimeMillis()
                                                        - Math.floorMod(
                                                                t.tradeTimeMillis(), windowMillis)
                                                        + windowMillis
                                                <= closedBy)
                        .collect(
                                Collectors.groupingBy(
                                        t ->
                                                t.symbol()
                                                        + "@"
                                                        + (t.tradeTimeMillis()
                                                                - Math.floorMod(
                                                                        t.tradeTimeMillis(),
                                                                        windowMillis)),
                                        TreeMap::new,
                                        Collectors.toList()));
        Map<String, Bar> bars = new TreeMap<>();
        byWindow.forEach(
                (key, list) -> {
                    list.sort(
                            Comparator.comparingLong(SimTrade::tradeTimeMillis)
                                    .thenComparingLong(SimTrade::tradeId));
                    BigDecimal volume = BigDecimal.ZERO.setScale(8);
                    BigDecimal quote = BigDecimal.ZERO.setScale(16);
                    BigDecimal buy = BigDecimal.ZERO.setScale(8);
                    BigDecimal high = null;
                    BigDecimal low = null;
                    for (SimTrade t : list) {
                        BigDecimal p = BigDecimal.valueOf(t.priceUnits(), 8);
                        BigDecimal q = BigDecimal.valueOf(t.quantityUnits(), 8);
                        volume = volume.add(q);
                        quote = quote.add(p.multiply(q));
                        if (!t.buyerIsMaker()) {
                            buy = buy.add(q);
                        }
                        high = high == null || p.compareTo(high) > 0 ? p : high;
                        low = low == null || p.compareTo(low) < 0 ? p : low;
                    }
                    SimTrade first = list.get(0);
                    SimTrade last = list.get(list.size() - 1);
                    long start =
                            first.tradeTimeMillis()
                                    - Math.floorMod(first.tradeTimeMillis(), windowMillis);
                    bars.put(
                            key,
                            new Bar(
                                    first.symbol(),
                                    start,
                                    BigDecimal.valueOf(first.priceUnits(), 8),
                                    high,
                                    low,
                                    BigDecimal.valueOf(last.priceUnits(), 8),
                                    volume,
                                    quote,
                                    quote.divide(volume, 8, RoundingMode.HALF_EVEN),
                                    list.size(),
                                    buy));
                });
        return bars;
    }
}
