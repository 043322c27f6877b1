package io.marketpipe.ingest.backfill;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-symbol high-water mark of trade ids across all connections of a venue. An id more than one
 * above the mark is a gap; ids at or below it (duplicates, a rotation's overlap, a second feed) are
 * not. State is one long per symbol.
 */
public final class GapTracker {
    private final Map<String, long[]> highest = new ConcurrentHashMap<>();

    /** Raises the mark of {@code symbol} to {@code id} without reporting a gap. */
    public void seed(String symbol, long id) {
        long[] mark = highest.computeIfAbsent(symbol, s -> new long[] {Long.MIN_VALUE});
        synchronized (mark) {
            mark[0] = Math.max(mark[0], id);
        }
    }

    /** Records {@code id}; returns the ids skipped before it, or null. */
    public Gap observe(String symbol, long id) {
        long[] mark = highest.computeIfAbsent(symbol, s -> new long[] {Long.MIN_VALUE});
        synchronized (mark) {
            long last = mark[0];
            if (id <= last) {
                return null;
            }
            mark[0] = id;
            return last != Long.MIN_VALUE && id > last + 1
                    ? new Gap(symbol, last + 1, id - 1)
                    : null;
        }
    }
}
