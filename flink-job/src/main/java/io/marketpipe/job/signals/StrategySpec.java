package io.marketpipe.job.signals;

import io.marketpipe.job.model.Decimals;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Set;

/**
 * One configured strategy instance: its entry rule and parameters, its exits, and how it trades.
 * Immutable; percentages and basis points are exact decimals, money and sizes are {@link Decimals}
 * units. Built with {@link #builder}, which states every default and rejects impossible values.
 */
public final class StrategySpec implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Longest lookback or slow average: bounds the state each key keeps. */
    public static final int MAX_LOOKBACK = 10_000;

    public final String id;
    public final StrategyKind kind;
    public final String interval;
    public final int lookback;
    public final BigDecimal dipPercent;
    public final int fast;
    public final int slow;
    public final MovingAverage average;

    /** Null: no take-profit. */
    public final BigDecimal takeProfitPercent;

    /** Null: no stop-loss. */
    public final BigDecimal stopLossPercent;

    /** Null: no trailing stop. */
    public final BigDecimal trailingStopPercent;

    /** 0: no maximum holding time. */
    public final long maxHoldMillis;

    public final long notional;
    public final long quantityStep;
    public final BigDecimal feeBps;
    public final BigDecimal slippageBps;
    public final FillTiming fill;

    /** Empty: every symbol. */
    public final Set<String> symbols;

    private StrategySpec(Builder b) {
        this.id = b.id;
        this.kind = b.kind;
        this.interval = b.interval;
        this.lookback = b.lookback;
        this.dipPercent = b.dipPercent;
        this.fast = b.fast;
        this.slow = b.slow;
        this.average = b.average;
        this.takeProfitPercent = positiveOrNull(b.takeProfitPercent);
        this.stopLossPercent = positiveOrNull(b.stopLossPercent);
        this.trailingStopPercent = positiveOrNull(b.trailingStopPercent);
        this.maxHoldMillis = b.maxHoldMillis;
        this.notional = b.notional;
        this.quantityStep = b.quantityStep;
        this.feeBps = b.feeBps;
        this.slippageBps = b.slippageBps;
        this.fill = b.fill;
        this.symbols = Set.copyOf(b.symbols);
    }

    public static Builder builder(String id, StrategyKind kind) {
        return new Builder(id, kind);
    }

    /** How many past bars the entry rule needs: the size of each key's ring of bars. */
    public int history() {
        return kind == StrategyKind.MA_CROSS ? slow : lookback;
    }

    public boolean trades(String symbol) {
        return symbols.isEmpty() || symbols.contains(symbol);
    }

    private static BigDecimal positiveOrNull(BigDecimal percent) {
        return percent == null || percent.signum() == 0 ? null : percent;
    }

    @Override
    public String toString() {
        return id + " (" + kind.configName() + " on " + interval + " bars)";
    }

    /**
     * Defaults: 1m bars; lookback 20; dip 3 %; fast 10, slow 30, SMA; take-profit 5 %, no
     * stop-loss, trailing stop or maximum holding time; 1,000 quote per entry; quantity step
     * 0.00001; fees 10 bps; slippage 2 bps; fills at the next open; every symbol.
     */
    public static final class Builder {
        private final String id;
        private final StrategyKind kind;
        private String interval = "1m";
        private int lookback = 20;
        private BigDecimal dipPercent = new BigDecimal("3");
        private int fast = 10;
        private int slow = 30;
        private MovingAverage average = MovingAverage.SMA;
        private BigDecimal takeProfitPercent = new BigDecimal("5");
        private BigDecimal stopLossPercent;
        private BigDecimal trailingStopPercent;
        private long maxHoldMillis;
        private long notional = 1_000 * Decimals.ONE;
        private long quantityStep = Decimals.ONE / 100_000;
        private BigDecimal feeBps = BigDecimal.TEN;
        private BigDecimal slippageBps = new BigDecimal("2");
        private FillTiming fill = FillTiming.NEXT_OPEN;
        private Set<String> symbols = Set.of();

        private Builder(String id, StrategyKind kind) {
            if (id == null || !id.matches("[A-Za-z0-9_.=;@:+-]{1,128}")) {
                throw new IllegalArgumentException(
                        "strategy id \""
                                + id
                                + "\" must be 1 to 128 of letters, digits and _.=;@:+-");
            }
            this.id = id;
            this.kind = kind;
        }

        public Builder interval(String interval) {
            this.interval = interval;
            return this;
        }

        public Builder lookback(int bars) {
            this.lookback = bars(bars, "lookback");
            return this;
        }

        public Builder dipPercent(BigDecimal percent) {
            if (percent.signum() <= 0 || percent.compareTo(BigDecimal.valueOf(100)) >= 0) {
                throw bad("dip.pct", percent, "a percentage > 0 and < 100");
            }
            this.dipPercent = percent;
            return this;
        }

        public Builder averages(int fast, int slow, MovingAverage average) {
            bars(fast, "fast");
            bars(slow, "slow");
            if (fast >= slow) {
                throw new IllegalArgumentException(
                        "strategy "
                                + id
                                + ": fast ("
                                + fast
                                + ") must be below slow ("
                                + slow
                                + ")");
            }
            this.fast = fast;
            this.slow = slow;
            this.average = average;
            return this;
        }

        /** 0 turns it off. */
        public Builder takeProfitPercent(BigDecimal percent) {
            if (percent.signum() < 0) {
                throw bad("take-profit.pct", percent, "a percentage >= 0 (0 = none)");
            }
            this.takeProfitPercent = percent;
            return this;
        }

        /** 0 turns it off. */
        public Builder stopLossPercent(BigDecimal percent) {
            this.stopLossPercent = belowHundred("stop-loss.pct", percent);
            return this;
        }

        /** 0 turns it off. */
        public Builder trailingStopPercent(BigDecimal percent) {
            this.trailingStopPercent = belowHundred("trailing-stop.pct", percent);
            return this;
        }

        /** 0 turns it off. */
        public Builder maxHoldMillis(long millis) {
            if (millis < 0) {
                throw bad("max-hold.ms", millis, "a duration >= 0 ms (0 = none)");
            }
            this.maxHoldMillis = millis;
            return this;
        }

        public Builder notional(long units) {
            if (units <= 0) {
                throw bad("notional", Decimals.toPlainString(units), "an amount > 0");
            }
            this.notional = units;
            return this;
        }

        public Builder quantityStep(long units) {
            if (units <= 0) {
                throw bad("quantity.step", Decimals.toPlainString(units), "a step > 0");
            }
            this.quantityStep = units;
            return this;
        }

        public Builder feeBps(BigDecimal bps) {
            this.feeBps = basisPoints("fee.bps", bps);
            return this;
        }

        public Builder slippageBps(BigDecimal bps) {
            this.slippageBps = basisPoints("slippage.bps", bps);
            return this;
        }

        public Builder fill(FillTiming fill) {
            this.fill = fill;
            return this;
        }

        public Builder symbols(Set<String> symbols) {
            this.symbols = symbols;
            return this;
        }

        public StrategySpec build() {
            return new StrategySpec(this);
        }

        private int bars(int n, String key) {
            if (n < 1 || n > MAX_LOOKBACK) {
                throw bad(key, n, "a number of bars from 1 to " + MAX_LOOKBACK);
            }
            return n;
        }

        private BigDecimal belowHundred(String key, BigDecimal percent) {
            if (percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) >= 0) {
                throw bad(key, percent, "a percentage >= 0 and < 100 (0 = none)");
            }
            return percent;
        }

        private BigDecimal basisPoints(String key, BigDecimal bps) {
            if (bps.signum() < 0 || bps.compareTo(BigDecimal.valueOf(10_000)) >= 0) {
                throw bad(key, bps, "basis points >= 0 and < 10000");
            }
            return bps;
        }

        private IllegalArgumentException bad(String key, Object value, String what) {
            return new IllegalArgumentException(
                    "strategy " + id + ": " + key + " must be " + what + ", was " + value);
        }
    }
}
