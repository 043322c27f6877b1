package io.marketpipe.ingest.backfill;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-symbol high-water mark of trade ids across all connections of a venue. An id more than one
 * above the mark is a gap; ids at or below it (duplicates, a rotation's overlap, a second feed) are
 * not. No single id moves the mark more than {@link #MAX_STEP}: one further ahead (a hostile {@code
 * t = 2^62} would otherwise report a gap of 2^62 ids and then leave every genuine id below the
 * mark, so that no gap of that symbol was seen again) is held apart, and only when {@link #PROMOTE}
 * of them gather in one region of ids (the venue's ids really jumped, after an outage) does the
 * mark move there, reporting the ids skipped before the lowest of them. State is a few longs per
 * symbol.
 */
public final class GapTracker {
    /** The most one id moves the mark. */
    public static final long MAX_STEP = 1 << 15;

    /** Ids ahead of the step in one region of {@code MAX_STEP} ids that move the mark there. */
    public static final int PROMOTE = 32;

    private static final int MARK = 0;
    private static final int JUMP_REGION = 1;
    private static final int JUMP_COUNT = 2;
    private static final int JUMP_LOWEST = 3;
    private static final int JUMP_HIGHEST = 4;

    private final Map<String, long[]> highest = new ConcurrentHashMap<>();

    private long[] state(String symbol) {
        return highest.computeIfAbsent(symbol, s -> new long[] {Long.MIN_VALUE, -1, 0, 0, 0});
    }

    /** Raises the mark of {@code symbol} to {@code id} without reporting a gap. */
    public void seed(String symbol, long id) {
        long[] mark = state(symbol);
        synchronized (mark) {
            mark[MARK] = Math.max(mark[MARK], id);
        }
    }

    /** Records {@code id}; returns the ids skipped before it, or null. */
    public Gap observe(String symbol, long id) {
        long[] s = state(symbol);
        synchronized (s) {
            long last = s[MARK];
            if (id <= last) {
                return null;
            }
            if (last != Long.MIN_VALUE && id - last > MAX_STEP) {
                return jump(symbol, s, id);
            }
            s[MARK] = id;
            return last != Long.MIN_VALUE && id > last + 1
                    ? new Gap(symbol, last + 1, id - 1)
                    : null;
        }
    }

    private static Gap jump(String symbol, long[] s, long id) {
        long region = id / MAX_STEP;
        if (region != s[JUMP_REGION]) {
            s[JUMP_REGION] = region;
            s[JUMP_COUNT] = 0;
            s[JUMP_LOWEST] = id;
            s[JUMP_HIGHEST] = id;
        }
        s[JUMP_COUNT]++;
        s[JUMP_LOWEST] = Math.min(s[JUMP_LOWEST], id);
        s[JUMP_HIGHEST] = Math.max(s[JUMP_HIGHEST], id);
        if (s[JUMP_COUNT] < PROMOTE) {
            return null;
        }
        Gap gap = new Gap(symbol, s[MARK] + 1, s[JUMP_LOWEST] - 1);
        s[MARK] = s[JUMP_HIGHEST];
        s[JUMP_REGION] = -1;
        s[JUMP_COUNT] = 0;
        return gap;
    }
}
