package io.marketpipe.job.book;

import java.util.Arrays;

/**
 * One side of an order book: price levels as scaled longs, best first, exact from the best level
 * through a boundary. A side knows only what a snapshot told it and what diffs changed since: past
 * the worst level of its snapshot, or past the last level it had to let go for want of room, it
 * knows nothing, so it keeps nothing there. A diff for a price beyond the boundary is dropped and
 * counted; {@link #depth()} is how many levels are exact. A Flink POJO, kept in keyed state as it
 * is (its arrays are the book, never copied per update); plain Java otherwise.
 */
public final class BookSide {
    /** No boundary: the side is known to its end (its snapshot listed every level it had). */
    static final long UNBOUNDED = -1;

    public boolean bids;
    public int maxLevels;

    /** Exact levels, best first; only the first {@link #size} entries count. */
    public long[] prices;

    public long[] quantities;
    public int size;

    /** The worst price known exactly, or {@link #UNBOUNDED}. */
    public long boundary = UNBOUNDED;

    public BookSide() {}

    BookSide(boolean bids, int maxLevels) {
        if (maxLevels < 1) {
            throw new IllegalArgumentException("a book side holds at least one level");
        }
        this.bids = bids;
        this.maxLevels = maxLevels;
        int initial = Math.min(maxLevels, 64);
        prices = new long[initial];
        quantities = new long[initial];
    }

    /** Whether {@code a} is a better price than {@code b} on this side. */
    private boolean better(long a, long b) {
        return bids ? a > b : a < b;
    }

    /**
     * Replaces the side with a snapshot's levels (any order, zero quantities skipped). A snapshot
     * that lists levels is exact through its worst one, or to the end when it is the {@code whole}
     * side (fewer levels than the limit asked for); a side it leaves empty is known to be empty.
     * Keeps at most the best {@code maxLevels}.
     *
     * @return how many of its levels were dropped for want of room
     */
    int reset(long[] levelPrices, long[] levelQuantities, int count, boolean whole) {
        size = 0;
        boundary = UNBOUNDED;
        long worst = UNBOUNDED;
        for (int i = 0; i < count; i++) {
            if (worst == UNBOUNDED || better(worst, levelPrices[i])) {
                worst = levelPrices[i];
            }
        }
        // unless it is the whole side, a snapshot tells nothing past its worst level
        boundary = whole ? UNBOUNDED : worst;
        int dropped = 0;
        for (int i = 0; i < count; i++) {
            if (set(levelPrices[i], levelQuantities[i])) {
                dropped++;
            }
        }
        return dropped;
    }

    /** Empties the side, as a book that lost sync does. */
    void clear() {
        size = 0;
        boundary = UNBOUNDED;
    }

    /**
     * Sets the quantity at {@code price}; 0 removes the level. A price beyond the boundary is
     * dropped and counted. A new level in a full side lets go of the worst, which moves the
     * boundary in to the worst level kept.
     *
     * @return whether a level was dropped: set beyond the boundary, or let go for want of room
     */
    boolean set(long price, long quantity) {
        if (boundary != UNBOUNDED && better(boundary, price)) {
            return quantity != 0;
        }
        int at = find(price);
        if (at >= 0) {
            if (quantity == 0) {
                System.arraycopy(prices, at + 1, prices, at, size - at - 1);
                System.arraycopy(quantities, at + 1, quantities, at, size - at - 1);
                size--;
            } else {
                quantities[at] = quantity;
            }
            return false;
        }
        if (quantity == 0) {
            return false; // removing a level the side does not hold: nothing to do
        }
        int insert = -at - 1;
        boolean dropped = size == maxLevels;
        if (dropped) {
            if (insert == size) {
                // worse than every level kept: it is let go, and so is everything past it
                boundary = prices[size - 1];
                return true;
            }
            size--; // let go of the worst level
            boundary = size == 0 ? price : prices[size - 1];
            if (better(boundary, price)) {
                boundary = price;
            }
        }
        grow();
        System.arraycopy(prices, insert, prices, insert + 1, size - insert);
        System.arraycopy(quantities, insert, quantities, insert + 1, size - insert);
        prices[insert] = price;
        quantities[insert] = quantity;
        size++;
        return dropped;
    }

    /** The index of {@code price}, or {@code -(insertion point) - 1}, best first. */
    private int find(long price) {
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long p = prices[mid];
            if (p == price) {
                return mid;
            }
            if (better(p, price)) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return -(lo + 1);
    }

    private void grow() {
        if (size == prices.length) {
            int n = Math.min(maxLevels, prices.length * 2);
            prices = Arrays.copyOf(prices, n);
            quantities = Arrays.copyOf(quantities, n);
        }
    }

    /** How many levels are exact, best first. */
    public int depth() {
        return size;
    }

    /** Whether the side is known to hold no level at all beyond those it has. */
    public boolean knownToEnd() {
        return boundary == UNBOUNDED;
    }

    /**
     * Whether the side has nothing exact to show while levels may exist past its boundary: every
     * level it knew is gone, so its best price is unknown.
     */
    boolean exhausted() {
        return size == 0 && boundary != UNBOUNDED;
    }

    public long price(int level) {
        return prices[level];
    }

    public long quantity(int level) {
        return quantities[level];
    }

    /** The best price, or 0 when the side has no level. */
    public long best() {
        return size == 0 ? 0 : prices[0];
    }
}
