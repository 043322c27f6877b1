package io.marketpipe.job.book;

import io.marketpipe.job.model.BookSnapshot;
import io.marketpipe.job.model.BookTop;
import io.marketpipe.job.model.BookWindow;
import io.marketpipe.job.model.Decimals;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;

/**
 * A book over event time: what it was like over each bar window ({@link BookWindow}: the spread
 * weighted by the time it held, and the top at the close), its best levels at fixed instants and at
 * every bar close ({@link BookSnapshot}), and its top sampled on a grid of event time. Plain Java,
 * over the clock fields of {@link BookState}.
 *
 * <p>Everything is as of an instant {@code T}: the book after every update dated before {@code T}
 * and before any dated at or after it. So it depends on the updates' own times, never on when the
 * watermark passes: an instant is closed when the first update dated at or after it comes, or, for
 * a book that went quiet, when the watermark reaches it (the caller's timer, {@link #reach}). An
 * update dated before the book's clock (late, or a snapshot received earlier than a diff's venue
 * time) counts from the clock on.
 *
 * <p>A quiet stretch longer than {@value #MAX_STEPS} instants is jumped: the bar windows wholly
 * inside it are one {@link BookWindow} run (the book did not change), and it has a snapshot and a
 * sampled top at its last instant only.
 */
public final class BookClock implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Instants walked one by one before a quiet stretch is jumped. */
    static final int MAX_STEPS = 1_000;

    private final String[] intervals;
    private final long[] intervalMillis;
    private final long snapshotMillis;
    private final int snapshotLevels;
    private final long sampleMillis;
    private final int imbalanceLevels;

    /** Every grid an instant can be on: the bar intervals, the snapshot and the sample grids. */
    private final long[] grids;

    /**
     * @param intervals bar interval names, e.g. {@code 1m}, with their lengths in {@code
     *     intervalMillis}
     * @param snapshotMillis a snapshot every this many ms of event time (0: at bar closes only)
     * @param snapshotLevels levels a side a snapshot lists (0: no snapshots)
     * @param sampleMillis a sampled top every this many ms of event time (0: none)
     */
    public BookClock(
            String[] intervals,
            long[] intervalMillis,
            long snapshotMillis,
            int snapshotLevels,
            long sampleMillis,
            int imbalanceLevels) {
        if (intervals.length != intervalMillis.length
                || snapshotMillis < 0
                || snapshotLevels < 0
                || sampleMillis < 0) {
            throw new IllegalArgumentException("a book clock needs positive grids");
        }
        this.intervals = intervals.clone();
        this.intervalMillis = intervalMillis.clone();
        this.snapshotMillis = snapshotLevels > 0 ? snapshotMillis : 0;
        this.snapshotLevels = snapshotLevels;
        this.sampleMillis = sampleMillis;
        this.imbalanceLevels = imbalanceLevels;
        long[] g = Arrays.copyOf(this.intervalMillis, intervalMillis.length + 2);
        int n = intervalMillis.length;
        if (this.snapshotMillis > 0) {
            g[n++] = this.snapshotMillis;
        }
        if (sampleMillis > 0) {
            g[n++] = sampleMillis;
        }
        grids = Arrays.copyOf(g, n);
        for (long grid : grids) {
            if (grid <= 0) {
                throw new IllegalArgumentException("a book clock needs positive grids");
            }
        }
    }

    /** A clock with no windows, snapshots or samples. */
    public static BookClock none(int imbalanceLevels) {
        return new BookClock(new String[0], new long[0], 0, 0, 0, imbalanceLevels);
    }

    /** What the clock writes, and asks of its caller. */
    public interface Output {
        void window(BookWindow window);

        void snapshot(BookSnapshot snapshot);

        void sampledTop(BookTop top);

        /** Asks to be {@link #reach reached} when the watermark passes {@code time}. */
        void timer(long time);
    }

    boolean idle() {
        return grids.length == 0;
    }

    /**
     * Before an update dated {@code eventTime}: closes the instants up to it, and counts the time
     * since the clock at the book's current top.
     */
    void before(BookState book, long eventTime, Output out) {
        if (idle()) {
            return;
        }
        if (book.clock == Long.MIN_VALUE) {
            start(book, eventTime, out);
            return;
        }
        reach(book, eventTime, out);
        accumulate(book, eventTime);
    }

    /** After an update: the timers for the instants ahead. */
    void after(BookState book, Output out) {
        if (idle()) {
            return;
        }
        for (int i = 0; i < intervalMillis.length; i++) {
            long end = book.windowStart[i] + intervalMillis[i];
            if (book.windowTimer[i] != end) {
                book.windowTimer[i] = end;
                out.timer(end - 1);
            }
        }
        long next = next(book.clock);
        if (next > book.gridTimer) {
            book.gridTimer = next;
            out.timer(next - 1);
        }
    }

    /**
     * Closes every instant after the clock up to and including {@code time} (the watermark has
     * passed {@code time - 1}, or an update dated {@code time} came).
     */
    public void reach(BookState book, long time, Output out) {
        if (idle() || book.clock == Long.MIN_VALUE || time <= book.clock) {
            return;
        }
        int steps = 0;
        for (long t = next(book.clock); t <= time; t = next(t)) {
            if (++steps > MAX_STEPS) {
                jump(book, time, out);
                return;
            }
            instant(book, t, out);
        }
    }

    /** End of input: every open window closes at its end with the book as it is. */
    public void finish(BookState book, Output out) {
        if (idle() || book.clock == Long.MIN_VALUE) {
            return;
        }
        for (int i = 0; i < intervalMillis.length; i++) {
            long end = book.windowStart[i] + intervalMillis[i];
            add(book, i, end - book.clock);
            close(book, i, end, out);
        }
        book.clock = Long.MAX_VALUE;
    }

    private void start(BookState book, long eventTime, Output out) {
        int n = intervalMillis.length;
        book.windowStart = new long[n];
        book.windowTimer = new long[n];
        book.spreadHi = new long[n];
        book.spreadLo = new long[n];
        book.inSyncMillis = new long[n];
        for (int i = 0; i < n; i++) {
            book.windowStart[i] = Math.floorDiv(eventTime, intervalMillis[i]) * intervalMillis[i];
        }
        book.clock = eventTime;
        book.gridTimer = Long.MIN_VALUE;
    }

    /** The first instant after {@code time} on any grid. */
    long next(long time) {
        long next = Long.MAX_VALUE;
        for (long grid : grids) {
            next = Math.min(next, Math.floorDiv(time, grid) * grid + grid);
        }
        return next;
    }

    /** The last instant at or before {@code time} on any grid. */
    private long last(long time) {
        long last = Long.MIN_VALUE;
        for (long grid : grids) {
            last = Math.max(last, Math.floorDiv(time, grid) * grid);
        }
        return last;
    }

    /** The book's top held from the clock to {@code time}, counted into every open window. */
    private void accumulate(BookState book, long time) {
        if (time <= book.clock) {
            return;
        }
        for (int i = 0; i < intervalMillis.length; i++) {
            add(book, i, time - book.clock);
        }
        book.clock = time;
    }

    /**
     * Whether the book is in sync with a bid and an ask. Between updates the book does not change,
     * so the top it has now is the one that held since the clock.
     */
    private static boolean twoSided(BookState book) {
        return book.inSync && book.bids.size > 0 && book.asks.size > 0;
    }

    private static void add(BookState book, int i, long millis) {
        if (!twoSided(book) || millis <= 0) {
            return;
        }
        long spread = book.asks.best() - book.bids.best();
        long lo = spread * millis;
        long hi = Math.multiplyHigh(spread, millis);
        long sum = book.spreadLo[i] + lo;
        book.spreadHi[i] += hi + (Long.compareUnsigned(sum, book.spreadLo[i]) < 0 ? 1 : 0);
        book.spreadLo[i] = sum;
        book.inSyncMillis[i] += millis;
    }

    /** One instant {@code t}: the windows that end there, then the snapshot and the sample. */
    private void instant(BookState book, long t, Output out) {
        accumulate(book, t);
        boolean barClose = false;
        for (int i = 0; i < intervalMillis.length; i++) {
            if (Math.floorMod(t, intervalMillis[i]) == 0) {
                close(book, i, t, out);
                barClose = true;
            }
        }
        point(
                book,
                t,
                barClose || (snapshotMillis > 0 && Math.floorMod(t, snapshotMillis) == 0),
                out);
    }

    /** A snapshot at {@code t} if {@code snapshot} and the book is in sync; a sample if due. */
    private void point(BookState book, long t, boolean snapshot, Output out) {
        if (snapshot && snapshotLevels > 0 && book.inSync) {
            out.snapshot(snapshot(book, t));
        }
        if (sampleMillis > 0 && Math.floorMod(t, sampleMillis) == 0) {
            out.sampledTop(BookSync.topOf(book, t, imbalanceLevels));
        }
    }

    /**
     * Jumps a quiet stretch to the last instant at or before {@code time}: each window closes as it
     * would have, the whole windows in between are one run, and the stretch's last instant has the
     * snapshot and the sample.
     */
    private void jump(BookState book, long time, Output out) {
        long to = last(time);
        boolean barClose = false;
        for (int i = 0; i < intervalMillis.length; i++) {
            long len = intervalMillis[i];
            long end = book.windowStart[i] + len;
            if (end > to) {
                add(book, i, to - book.clock);
                continue;
            }
            add(book, i, end - book.clock);
            close(book, i, end, out);
            long lastStart = Math.floorDiv(to, len) * len;
            if (lastStart > end) {
                // whole windows with the book unchanged: the same values for each
                add(book, i, len);
                close(book, i, lastStart, out);
            }
            book.windowStart[i] = lastStart;
            add(book, i, to - lastStart);
            barClose |= lastStart == to;
        }
        book.clock = to;
        point(
                book,
                to,
                barClose || (snapshotMillis > 0 && Math.floorMod(to, snapshotMillis) == 0),
                out);
    }

    /**
     * Writes interval {@code i}'s open window, or the run of windows from its start to {@code
     * runEnd}, with the book's top as it is now, and opens the next at {@code runEnd}.
     */
    private void close(BookState book, int i, long runEnd, Output out) {
        long start = book.windowStart[i];
        BookWindow w = new BookWindow();
        w.venue = book.venue;
        w.symbol = book.symbol;
        w.interval = intervals[i];
        w.intervalMillis = intervalMillis[i];
        w.windowStart = start;
        w.runEnd = runEnd;
        w.inSyncMillis = book.inSyncMillis[i];
        if (w.inSyncMillis > 0) {
            w.spreadTimeWeighted =
                    Decimals.fromInt128(book.spreadHi[i], book.spreadLo[i], Decimals.SCALE)
                            .divide(
                                    BigDecimal.valueOf(w.inSyncMillis),
                                    Decimals.FINE_SCALE,
                                    RoundingMode.HALF_EVEN);
        }
        if (twoSided(book)) {
            w.closeBid = book.bids.best();
            w.closeAsk = book.asks.best();
        }
        if (book.inSync) {
            w.closeImbalance =
                    Decimals.imbalance(
                            BookSync.sum(book.bids, imbalanceLevels),
                            BookSync.sum(book.asks, imbalanceLevels));
        }
        out.window(w);
        book.windowStart[i] = runEnd;
        book.spreadHi[i] = 0;
        book.spreadLo[i] = 0;
        book.inSyncMillis[i] = 0;
    }

    private BookSnapshot snapshot(BookState book, long t) {
        BookSnapshot s = new BookSnapshot();
        s.venue = book.venue;
        s.symbol = book.symbol;
        s.snapshotTime = t;
        s.updateId = book.updateId;
        s.bidDepth = book.bids.size;
        s.askDepth = book.asks.size;
        int bids = Math.min(snapshotLevels, book.bids.size);
        int asks = Math.min(snapshotLevels, book.asks.size);
        s.bidPrices = new long[bids];
        s.bidQuantities = new long[bids];
        s.askPrices = new long[asks];
        s.askQuantities = new long[asks];
        for (int l = 0; l < bids; l++) {
            s.bidPrices[l] = book.bids.price(l);
            s.bidQuantities[l] = book.bids.quantity(l);
        }
        for (int l = 0; l < asks; l++) {
            s.askPrices[l] = book.asks.price(l);
            s.askQuantities[l] = book.asks.quantity(l);
        }
        return s;
    }
}
