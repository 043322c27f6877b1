package io.marketpipe.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The trades each symbol produced, by id, for the REST endpoint; keeps the newest {@code capacity}.
 */
final class TradeHistory {
    private final int capacity;
    private final Map<String, List<SimTrade>> bySymbol = new ConcurrentHashMap<>();

    TradeHistory(int capacity) {
        this.capacity = capacity;
    }

    void add(SimTrade trade) {
        List<SimTrade> list = bySymbol.computeIfAbsent(trade.symbol(), s -> new ArrayList<>());
        synchronized (list) {
            list.add(trade);
            if (list.size() > capacity * 2) {
                list.subList(0, list.size() - capacity).clear();
            }
        }
    }

    /** Up to {@code limit} trades from the first at or after {@code startMillis}, oldest first. */
    List<SimTrade> fromTime(String symbol, long startMillis, long endMillis, int limit) {
        List<SimTrade> list = bySymbol.get(symbol);
        List<SimTrade> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        synchronized (list) {
            for (SimTrade t : list) {
                if (out.size() == limit || t.tradeTimeMillis() > endMillis) {
                    break;
                }
                if (t.tradeTimeMillis() >= startMillis) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /**
     * The newest {@code limit} trades, oldest first (Binance's historicalTrades without fromId).
     */
    List<SimTrade> latest(String symbol, int limit) {
        List<SimTrade> list = bySymbol.get(symbol);
        if (list == null) {
            return new ArrayList<>();
        }
        synchronized (list) {
            return new ArrayList<>(list.subList(Math.max(0, list.size() - limit), list.size()));
        }
    }

    /**
     * Up to {@code limit} trades with id >= {@code fromId}, oldest first; ids count up from 1 per
     * symbol.
     */
    List<SimTrade> from(String symbol, long fromId, int limit) {
        List<SimTrade> list = bySymbol.get(symbol);
        List<SimTrade> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        synchronized (list) {
            if (list.isEmpty()) {
                return out;
            }
            long first = list.get(0).tradeId();
            int start = (int) Math.max(0, fromId - first);
            for (int i = start; i < list.size() && out.size() < limit; i++) {
                out.add(list.get(i));
            }
        }
        return out;
    }
}
