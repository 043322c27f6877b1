package io.marketpipe.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * One symbol's true order book, which its trades come from: every trade is one book update (update
 * ids consecutive), after which the trade's price sits between the best bid and ask, levels within
 * {@link #LEVELS} ticks either side are refreshed and levels further out removed. Changes are
 * gathered per diff speed (100 ms and 1 s) and flushed as Binance {@code depthUpdate} diffs ({@code
 * U} the first update id gathered, {@code u} the last, each level's final quantity); a snapshot
 * ({@code GET /api/v3/depth}) is the book as of its {@code lastUpdateId}. The SBE stream's diffs
 * (every 20 ms) are gathered at a speed of their own, {@link #SBE}, and its depth20 snapshots are
 * {@link #top(int)}. Thread-safe.
 */
public final class SimBook {
    /** Levels a side the book keeps around the last trade. */
    static final int LEVELS = 40;

    /** The diff speeds Binance offers: {@code @depth@100ms} and {@code @depth} (1 s). */
    public static final int FAST = 0;

    public static final int SLOW = 1;

    /** The SBE stream's {@code @depth} diffs (template 10003), every 20 ms. */
    public static final int SBE = 2;

    private static final int SPEEDS = 3;

    private final String symbol;
    private final Random random;
    private final TreeMap<Long, Long> bids = new TreeMap<>(Collections.reverseOrder());
    private final TreeMap<Long, Long> asks = new TreeMap<>();
    private long updateId;

    /** Price step, in units of 10^-8: about a hundred-thousandth of the first trade's price. */
    private long tick;

    /** Per speed: the first update id gathered (0: none), and the levels changed since. */
    private final long[] firstPending = new long[SPEEDS];

    private final List<Map<Long, Long>> pendingBids =
            List.of(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
    private final List<Map<Long, Long>> pendingAsks =
            List.of(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
    private long lastTradeMillis;

    public SimBook(String symbol, long seed, long firstUpdateId) {
        this.symbol = symbol;
        this.random = new Random(seed ^ symbol.hashCode());
        this.updateId = firstUpdateId;
    }

    /** The update the trade made: levels around its price, nothing crossing it. */
    public synchronized void trade(SimTrade t) {
        updateId++;
        lastTradeMillis = t.tradeTimeMillis();
        if (tick == 0) {
            tick = 1;
            while (tick * 100_000 * 10 <= t.priceUnits()) {
                tick *= 10;
            }
        }
        long price = Math.max(LEVELS + 1, t.priceUnits() / tick) * tick;
        long bestBid = t.buyerIsMaker() ? price : price - tick;
        long bestAsk = bestBid + tick;
        for (int k = 0; k < LEVELS; k++) {
            // refresh a few levels near the top, keep the rest
            if (k < 3 || !bids.containsKey(bestBid - k * tick)) {
                set(true, bestBid - k * tick, quantity());
            }
            if (k < 3 || !asks.containsKey(bestAsk + k * tick)) {
                set(false, bestAsk + k * tick, quantity());
            }
        }
        for (Long p : new ArrayList<>(bids.keySet())) {
            if (p > bestBid || p <= bestBid - LEVELS * tick) {
                set(true, p, 0);
            }
        }
        for (Long p : new ArrayList<>(asks.keySet())) {
            if (p < bestAsk || p >= bestAsk + LEVELS * tick) {
                set(false, p, 0);
            }
        }
    }

    private long quantity() {
        return (1 + random.nextInt(5_000)) * 100_000L; // 0.001 .. 5
    }

    private void set(boolean bid, long price, long quantity) {
        TreeMap<Long, Long> side = bid ? bids : asks;
        if (quantity == 0) {
            side.remove(price);
        } else {
            side.put(price, quantity);
        }
        for (int speed = 0; speed < SPEEDS; speed++) {
            if (firstPending[speed] == 0) {
                firstPending[speed] = updateId;
            }
            (bid ? pendingBids : pendingAsks).get(speed).put(price, quantity);
        }
    }

    /**
     * The diff gathered at {@code speed} since its last flush, as a {@code depthUpdate} event, or
     * null when nothing changed. {@code crossed} adds a bid at the best ask: the fault of a crossed
     * update.
     */
    public synchronized String flush(int speed, boolean crossed) {
        Diff d = flushDiff(speed, crossed);
        return d == null ? null : json(symbol, d);
    }

    /** {@code d} as a {@code depthUpdate} event. */
    static String json(String symbol, Diff d) {
        StringBuilder s =
                new StringBuilder("{\"e\":\"depthUpdate\",\"E\":")
                        .append(d.eventMillis)
                        .append(",\"s\":\"")
                        .append(symbol)
                        .append("\",\"U\":")
                        .append(d.first)
                        .append(",\"u\":")
                        .append(d.last)
                        .append(",\"b\":");
        levels(s, d.bids);
        s.append(",\"a\":");
        levels(s, d.asks);
        return s.append('}').toString();
    }

    /** A diff's ids, time and levels (best first; a quantity of 0 removes the level). */
    public static final class Diff {
        public final long first;
        public final long last;
        public final long eventMillis;
        public final Map<Long, Long> bids;
        public final Map<Long, Long> asks;

        Diff(long first, long last, long eventMillis, Map<Long, Long> bids, Map<Long, Long> asks) {
            this.first = first;
            this.last = last;
            this.eventMillis = eventMillis;
            this.bids = bids;
            this.asks = asks;
        }
    }

    /** What {@link #flush} renders as JSON: the diff gathered at {@code speed}, or null. */
    public synchronized Diff flushDiff(int speed, boolean crossed) {
        if (firstPending[speed] == 0) {
            return null;
        }
        Map<Long, Long> b = pendingBids.get(speed);
        Map<Long, Long> a = pendingAsks.get(speed);
        Map<Long, Long> bidLevels = new TreeMap<>(Collections.reverseOrder());
        bidLevels.putAll(b);
        if (crossed && !asks.isEmpty()) {
            bidLevels.put(asks.firstKey(), 100_000L);
        }
        Diff d =
                new Diff(
                        firstPending[speed],
                        updateId,
                        lastTradeMillis,
                        bidLevels,
                        new TreeMap<>(a));
        b.clear();
        a.clear();
        firstPending[speed] = 0;
        return d;
    }

    /**
     * The best {@code limit} levels a side as of the last update, for the SBE depth20 stream
     * (template 10002): a {@link Diff} whose ids are both the book's update id; null before the
     * first trade.
     */
    public synchronized Diff top(int limit) {
        if (bids.isEmpty() || asks.isEmpty()) {
            return null;
        }
        return new Diff(updateId, updateId, lastTradeMillis, head(bids, limit), head(asks, limit));
    }

    /** {@code GET /api/v3/depth}: the best {@code limit} levels a side, as of the last update. */
    public synchronized String snapshot(int limit) {
        StringBuilder s =
                new StringBuilder("{\"lastUpdateId\":").append(updateId).append(",\"bids\":");
        levels(s, head(bids, limit));
        s.append(",\"asks\":");
        levels(s, head(asks, limit));
        return s.append('}').toString();
    }

    /** {@code @bookTicker}: the best bid and ask, with the book's update id. */
    synchronized String bookTicker() {
        if (bids.isEmpty() || asks.isEmpty()) {
            return null;
        }
        return "{\"u\":"
                + updateId
                + ",\"s\":\""
                + symbol
                + "\",\"b\":\""
                + SimTrade.decimal(bids.firstKey())
                + "\",\"B\":\""
                + SimTrade.decimal(bids.firstEntry().getValue())
                + "\",\"a\":\""
                + SimTrade.decimal(asks.firstKey())
                + "\",\"A\":\""
                + SimTrade.decimal(asks.firstEntry().getValue())
                + "\"}";
    }

    String symbol() {
        return symbol;
    }

    public synchronized long updateId() {
        return updateId;
    }

    /** The best bid and ask, {@code [bid, bidQty, ask, askQty]}, or null before the first trade. */
    public synchronized long[] top() {
        if (bids.isEmpty() || asks.isEmpty()) {
            return null;
        }
        return new long[] {
            bids.firstKey(),
            bids.firstEntry().getValue(),
            asks.firstKey(),
            asks.firstEntry().getValue()
        };
    }

    private static Map<Long, Long> head(TreeMap<Long, Long> side, int limit) {
        Map<Long, Long> out = new TreeMap<>(side.comparator());
        for (Map.Entry<Long, Long> e : side.entrySet()) {
            if (out.size() == limit) {
                break;
            }
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    private static void levels(StringBuilder s, Map<Long, Long> levels) {
        s.append('[');
        boolean first = true;
        for (Map.Entry<Long, Long> e : levels.entrySet()) {
            s.append(first ? "" : ",")
                    .append("[\"")
                    .append(SimTrade.decimal(e.getKey()))
                    .append("\",\"")
                    .append(SimTrade.decimal(e.getValue()))
                    .append("\"]");
            first = false;
        }
        s.append(']');
    }
}
