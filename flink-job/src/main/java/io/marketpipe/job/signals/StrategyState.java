package io.marketpipe.job.signals;

/**
 * What one strategy keeps per venue and symbol, bounded by its spec: a ring of the last N bars'
 * closes and highs, the moving averages, the open position, an order waiting for the next bar, and
 * running totals. A Flink POJO (keyed value state); money in {@code Decimals} units.
 */
public class StrategyState {
    /** The last {@code closes.length} closes and highs; {@code next} is where the next one goes. */
    public long[] closes;

    public long[] highs;
    public int size;
    public int next;
    public long barsSeen;
    public long lastBarTime = Long.MIN_VALUE;
    public long lastBarEnd;

    /** Exponential averages (ma-cross with ema). */
    public long fastAverage;

    public long slowAverage;

    /** Sign of fast - slow at the last bar where they differed; 0 before that. */
    public int trend;

    public long quantity;
    public long entryPrice;
    public long entryTime;
    public long entryFee;
    public long highWater;
    public String entryReason;

    /** A decision waiting for the next bar's open: "BUY" or "SELL", or null. */
    public String pendingSide;

    public String pendingReason;
    public long pendingBarTime;
    public long pendingPrice;

    public long realizedPnl;
    public long feesPaid;
    public long roundTrips;

    public StrategyState() {}

    static StrategyState forHistory(int bars) {
        StrategyState s = new StrategyState();
        s.closes = new long[bars];
        s.highs = new long[bars];
        return s;
    }

    public boolean flat() {
        return quantity == 0;
    }

    void push(long close, long high) {
        closes[next] = close;
        highs[next] = high;
        next = (next + 1) % closes.length;
        size = Math.min(size + 1, closes.length);
        barsSeen++;
    }

    boolean full() {
        return size == closes.length;
    }

    long highestClose() {
        return max(closes);
    }

    long highestHigh() {
        return max(highs);
    }

    /** Sum of the last {@code n <= size} closes. */
    long sumOfLastCloses(int n) {
        long sum = 0;
        for (int i = 1; i <= n; i++) {
            sum = Math.addExact(sum, closes[Math.floorMod(next - i, closes.length)]);
        }
        return sum;
    }

    long lastClose() {
        return closes[Math.floorMod(next - 1, closes.length)];
    }

    private long max(long[] values) {
        long max = Long.MIN_VALUE;
        for (int i = 0; i < size; i++) {
            max = Math.max(max, values[i]);
        }
        return max;
    }
}
