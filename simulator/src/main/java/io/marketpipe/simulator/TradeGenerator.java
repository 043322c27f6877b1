package io.marketpipe.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Deterministic trades for a seed: symbols take turns; each symbol has its own random stream, trade
 * ids counting up from 1 and a price random walk of whole ticks, so values are exact decimals.
 */
public final class TradeGenerator {
    private static final long TICK_UNITS = 1_000_000L; // 0.01
    private static final long MIN_QTY_UNITS = 100_000L; // 0.001
    private static final int MAX_QTY_LOTS = 5_000;

    private final List<SymbolState> symbols = new ArrayList<>();
    private final TradeClock clock;
    private int next;

    public TradeGenerator(List<String> symbols, long seed, TradeClock clock) {
        if (symbols.isEmpty()) {
            throw new IllegalArgumentException("at least one symbol is needed");
        }
        for (String s : symbols) {
            String symbol = s.toUpperCase(Locale.ROOT);
            this.symbols.add(
                    new SymbolState(
                            symbol,
                            new SplittableRandom(seed ^ symbol.hashCode() * 0x9E3779B97F4A7C15L)));
        }
        this.clock = clock;
    }

    public List<String> symbols() {
        List<String> names = new ArrayList<>();
        symbols.forEach(s -> names.add(s.symbol));
        return names;
    }

    public SimTrade next() {
        SymbolState s = symbols.get(next);
        next = (next + 1) % symbols.size();
        return s.next(clock.nextTradeTimeMillis());
    }

    private static final class SymbolState {
        final String symbol;
        final SplittableRandom random;
        long priceUnits;
        long lastTradeId;

        SymbolState(String symbol, SplittableRandom random) {
            this.symbol = symbol;
            this.random = random;
            this.priceUnits = startingPrice(symbol, random);
        }

        SimTrade next(long timeMillis) {
            long move = random.nextInt(-3, 4) * TICK_UNITS;
            priceUnits = Math.max(TICK_UNITS, priceUnits + move);
            long quantity = MIN_QTY_UNITS * (1 + random.nextInt(MAX_QTY_LOTS));
            return new SimTrade(
                    symbol, ++lastTradeId, priceUnits, quantity, timeMillis, random.nextBoolean());
        }

        private static long startingPrice(String symbol, SplittableRandom random) {
            switch (symbol) {
                case "BTCUSDT":
                    return 68_000L * 100_000_000L;
                case "ETHUSDT":
                    return 3_500L * 100_000_000L;
                default:
                    return (10 + random.nextInt(990)) * 100_000_000L;
            }
        }
    }
}
