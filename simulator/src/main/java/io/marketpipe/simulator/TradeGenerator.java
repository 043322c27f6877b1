package io.marketpipe.simulator;

import io.marketpipe.schemas.symbol.Symbols;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic trades for a seed: symbols take turns; each symbol has its own random stream, trade
 * ids counting up from 1 and a price path of whole ticks, so values are exact decimals. The path
 * moves through regimes, as markets do: ranges, trends up and down, sharp dips and rallies, so
 * strategies on short bars see dips, crosses and breakouts within minutes.
 */
public final class TradeGenerator {
    private static final long TICK_UNITS = 1_000_000L; // 0.01
    private static final long MIN_QTY_UNITS = 100_000L; // 0.001
    private static final int MAX_QTY_LOTS = 5_000;

    /** Price moves are counted in tenths of a basis point of the price. */
    private static final long TENTH_BP_DIVISOR = 100_000L;

    /** A stretch of the price path: drift and noise per trade in tenths of a basis point. */
    private enum Regime {
        RANGE(0, 10, 150, 800),
        UP(2, 10, 150, 800),
        DOWN(-2, 10, 150, 800),
        DIP(-10, 6, 60, 160),
        RALLY(10, 6, 60, 160);

        final int drift;
        final int noise;
        final int minTrades;
        final int maxTrades;

        Regime(int drift, int noise, int minTrades, int maxTrades) {
            this.drift = drift;
            this.noise = noise;
            this.minTrades = minTrades;
            this.maxTrades = maxTrades;
        }
    }

    private final List<SymbolState> symbols = new ArrayList<>();
    private final TradeClock clock;
    private int next;

    public TradeGenerator(List<String> symbols, long seed, TradeClock clock) {
        this(symbols, seed, clock, 1);
    }

    /** With each symbol's trade ids counting up from {@code firstTradeId}. */
    public TradeGenerator(List<String> symbols, long seed, TradeClock clock, long firstTradeId) {
        if (symbols.isEmpty()) {
            throw new IllegalArgumentException("at least one symbol is needed");
        }
        for (String s : symbols) {
            String symbol = Symbols.fromStreamName(s);
            this.symbols.add(
                    new SymbolState(
                            symbol,
                            new SplittableRandom(seed ^ symbol.hashCode() * 0x9E3779B97F4A7C15L),
                            firstTradeId - 1));
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
        Regime regime = Regime.RANGE;
        int regimeLeft;

        SymbolState(String symbol, SplittableRandom random, long lastTradeId) {
            this.symbol = symbol;
            this.random = random;
            this.lastTradeId = lastTradeId;
            this.priceUnits = startingPrice(symbol, random);
        }

        SimTrade next(long timeMillis) {
            if (regimeLeft-- <= 0) {
                nextRegime();
            }
            long tenths = regime.drift + random.nextInt(-regime.noise, regime.noise + 1);
            long move = priceUnits / TENTH_BP_DIVISOR * tenths;
            move -= move % TICK_UNITS;
            if (move == 0) {
                move = random.nextInt(-1, 2) * TICK_UNITS;
            }
            priceUnits = Math.max(TICK_UNITS, priceUnits + move);
            long quantity = MIN_QTY_UNITS * (1 + random.nextInt(MAX_QTY_LOTS));
            return new SimTrade(
                    symbol, ++lastTradeId, priceUnits, quantity, timeMillis, random.nextBoolean());
        }

        /** After a dip the market tends to recover; otherwise any regime may follow. */
        private void nextRegime() {
            Regime[] all = Regime.values();
            Regime next = all[random.nextInt(all.length)];
            if (regime == Regime.DIP && random.nextBoolean()) {
                next = Regime.UP;
            }
            regime = next;
            regimeLeft = random.nextInt(next.minTrades, next.maxTrades + 1);
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
