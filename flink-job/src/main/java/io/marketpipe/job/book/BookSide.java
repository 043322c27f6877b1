package io.marketpipe.job.book;

import java.util.Arrays;

/**
 * One side of an order book: price levels as scaled longs, exact from the best level through a
 * boundary. A side knows only what a snapshot told it and what diffs changed since: past the worst
 * level of its snapshot, or past the last level it had to let go for want of room, it knows
 * nothing, so it keeps nothing there. A diff for a price beyond the boundary is dropped and
 * counted; {@link #depth()} is how many levels are exact. A Flink POJO, kept in keyed state as it
 * is (its arrays are the book, never copied per update); plain Java otherwise.
 */
public final class BookSide {
    /** No boundary: the side is known to its end (its snapshot listed every level it had). */
    static final long UNBOUNDED = -1;

    public boolean bids;
    public int maxLevels;

    /**
     * Exact levels, worst first and best last, so that a change at the top, where most changes are,
     * moves only the few levels above it; only the first {@link #size} entries count. Read them
     * best first through {@link #price} and {@link #quantity}.
     */
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
        // a level given twice counts as given last; zero quantities are no levels
        java.util.HashMap<Long, Long> byPrice = new java.util.HashMap<>(count * 2);
        for (int i = 0; i < count; i++) {
            byPrice.put(levelPrices[i], levelQuantities[i]);
        }
        byPrice.values().removeIf(q -> q == 0);
        long[] sorted = new long[byPrice.size()];
        int n = 0;
        for (long price : byPrice.keySet()) {
            sorted[n++] = price;
        }
        Arrays.sort(sorted); // ascending: worst first for bids, best first for asks
        int kept = Math.min(n, maxLevels);
        if (prices.length < kept) {
            prices = new long[kept];
            quantities = new long[kept];
        }
        // the best kept levels, worst first
        for (int i = 0; i < kept; i++) {
            long price = bids ? sorted[n - kept + i] : sorted[kept - 1 - i];
            prices[i] = price;
            quantities[i] = byPrice.get(price);
        }
        size = kept;
        int dropped = n - kept;
        if (dropped > 0) {
            boundary = prices[0]; // past the levels let go for want of room, nothing is known
        } else if (whole) {
            boundary = UNBOUNDED;
        } else {
            // the snapshot tells nothing past its worst level
            long worst = UNBOUNDED;
            for (int i = 0; i < count; i++) {
                if (worst == UNBOUNDED || better(worst, levelPrices[i])) {
                    worst = levelPrices[i];
                }
            }
            boundary = worst;
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
        int insert = -at - 1; // worst first: 0 is below every level kept
        boolean dropped = size == maxLevels;
        if (dropped) {
            if (insert == 0) {
                // worse than every level kept: it is let go, and so is everything past it
                boundary = prices[0];
                return true;
            }
            // let go of the worst level; what is known now ends at the worst level kept
            System.arraycopy(prices, 1, prices, 0, size - 1);
            System.arraycopy(quantities, 1, quantities, 0, size - 1);
            size--;
            insert--;
            boundary = insert == 0 ? price : prices[0];
        }
        grow();
        System.arraycopy(prices, insert, prices, insert + 1, size - insert);
        System.arraycopy(quantities, insert, quantities, insert + 1, size - insert);
        prices[insert] = price;
        quantities[insert] = quantity;
        size++;
        return dropped;
    }

    /**
     * The index of {@code price}, or {@code -(insertion point) - 1}, worst first. Most prices are
     * near the top, so the search starts there.
     */
    private int find(long price) {
        int top = size - 1;
        if (top >= 0 && !better(prices[top], price)) {
            // at or above the best level
            return prices[top] == price ? top : -(size + 1);
        }
        int lo = 0;
        int hi = top;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long p = prices[mid];
            if (p == price) {
                return mid;
            }
            if (better(price, p)) {
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

    /** The price of the {@code level}-th best level (0 is the best). */
    public long price(int level) {
        return prices[size - 1 - level];
    }

    /** The quantity of the {@code level}-th best level (0 is the best). */
    public long quantity(int level) {
        return quantities[size - 1 - level];
    }

    /** The best price, or 0 when the side has no level. */
    public long best() {
        return size == 0 ? 0 : prices[size - 1];
    }

    /** The best level's quantity, or 0 when the side has no level. */
    public long bestQuantity() {
        return size == 0 ? 0 : quantities[size - 1];
    }
}
