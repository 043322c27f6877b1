package io.marketpipe.job.dedupe;

import io.marketpipe.job.model.Trade;
import java.util.Arrays;

/**
 * The trades without ids seen under one content hash, exactly: {@code (price, quantity, trade time,
 * expiry)} per trade, flat in one {@code long[]}. A 64-bit unkeyed hash can be inverted in under a
 * second, so a hash match alone never makes a trade a duplicate: a crafted tick placed before a
 * genuine one with the same hash would make the genuine one vanish. Plain Java.
 */
final class ContentSeen {
    private static final int WIDTH = 4;

    private ContentSeen() {}

    /**
     * {@code seen} with {@code trade} added, or null when a trade of the same price, quantity and
     * time is in it (a duplicate).
     */
    static long[] add(long[] seen, Trade trade, long expiry) {
        if (seen == null) {
            return new long[] {trade.price, trade.quantity, trade.tradeTime, expiry};
        }
        for (int i = 0; i < seen.length; i += WIDTH) {
            if (seen[i] == trade.price
                    && seen[i + 1] == trade.quantity
                    && seen[i + 2] == trade.tradeTime) {
                return null;
            }
        }
        long[] more = Arrays.copyOf(seen, seen.length + WIDTH);
        more[seen.length] = trade.price;
        more[seen.length + 1] = trade.quantity;
        more[seen.length + 2] = trade.tradeTime;
        more[seen.length + 3] = expiry;
        return more;
    }

    /** {@code seen} without the entries expired by {@code time}; {@code seen} itself if none. */
    static long[] expire(long[] seen, long time) {
        int kept = 0;
        for (int i = 0; i < seen.length; i += WIDTH) {
            if (seen[i + 3] > time) {
                kept++;
            }
        }
        if (kept * WIDTH == seen.length) {
            return seen;
        }
        long[] out = new long[kept * WIDTH];
        int j = 0;
        for (int i = 0; i < seen.length; i += WIDTH) {
            if (seen[i + 3] > time) {
                System.arraycopy(seen, i, out, j, WIDTH);
                j += WIDTH;
            }
        }
        return out;
    }
}
