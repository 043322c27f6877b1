package io.marketpipe.job.book;

import io.marketpipe.job.model.BookGap;
import io.marketpipe.job.model.BookSnapshot;
import io.marketpipe.job.model.BookTop;
import io.marketpipe.job.model.BookUpdate;
import io.marketpipe.job.model.BookWindow;
import io.marketpipe.job.model.Quote;
import java.util.Arrays;

/**
 * Binance's procedure for a local order book, as corrected on 2025-11-12, over one symbol's {@link
 * BookState}. Diffs that arrive before a snapshot are held (at most {@code maxBuffered}); a
 * snapshot drops those it covers ({@code u} ≤ its {@code lastUpdateId}); the first diff applied
 * after it must straddle it ({@code U} ≤ lastUpdateId + 1 ≤ {@code u}), else the snapshot is stale
 * and the book waits for the next. In sync, a diff with {@code u} ≤ the book's id is covered and
 * skipped, one with {@code U} > id + 1 is a gap; a quantity of 0 removes a level.
 *
 * <p>The book is never wrong while it says it is in sync: a gap, a crossed book, a side whose every
 * known level is gone, or the venue's own top 20 or snapshot at the book's id disagreeing with it
 * takes it out of sync at once, records the episode ({@link BookGap}), and the next usable snapshot
 * brings it back. Every frame ends in exactly one {@link Outcome}. Plain Java.
 */
public final class BookSync {
    /** What became of a frame, or of a level in it; each is counted. */
    public enum Outcome {
        /** A diff applied to an in-sync book. */
        DIFF_APPLIED,
        /** A diff whose updates the book already had ({@code u} ≤ its id). */
        DIFF_COVERED,
        /** A diff never applied: it came while the book was out of sync and was let go. */
        DIFF_UNSYNCED,
        /** A diff held for a snapshot (it later counts as applied, covered or unsynced too). */
        DIFF_BUFFERED,
        /** A snapshot that (re)started the book. */
        SNAPSHOT_APPLIED,
        /** A snapshot older than the diffs held for it: not usable. */
        SNAPSHOT_STALE,
        /** A snapshot older than the in-sync book: nothing to do. */
        SNAPSHOT_SUPERSEDED,
        /** The venue's top 20 at the book's update id, equal to the book's. */
        TOP20_MATCHED,
        /** The venue's top 20 at the book's update id, not equal: the book went out of sync. */
        TOP20_MISMATCHED,
        /** A top 20 the book could not compare (out of sync, or never at its update id). */
        TOP20_UNCHECKED,
        /** A best bid/ask at the book's update id, equal to the book's top. */
        QUOTE_MATCHED,
        /** A best bid/ask at the book's update id that differs from the book's top. */
        QUOTE_MISMATCHED,
        /** A best bid/ask the book could not compare. */
        QUOTE_UNCHECKED,
        /** Price levels a diff or snapshot set (a frame's level count). */
        LEVEL_CHANGES,
        /** Levels dropped past the book's exact depth or its level cap. */
        LEVELS_DROPPED
    }

    /** Where the procedure's results go; the {@link BookClock}'s too, ignored unless overridden. */
    public interface Events extends BookClock.Output {
        /** The book's top after an applied update, or as it went out of sync. */
        void top(BookTop top);

        /** An out-of-sync episode, when a snapshot ends it (or input ends first). */
        void gap(BookGap gap);

        void count(Outcome outcome, long n);

        @Override
        default void window(BookWindow window) {}

        @Override
        default void snapshot(BookSnapshot snapshot) {}

        @Override
        default void sampledTop(BookTop top) {}

        @Override
        default void timer(long time) {}
    }

    /** In-sync tops a book remembers for best bid/ask quotes that come late. */
    static final int RECENT = 32;

    /** Levels a side of the venue's depth snapshot stream lists, when the side has them. */
    static final int TOP20_LEVELS = 20;

    private final int maxLevels;
    private final int maxBuffered;
    private final int imbalanceLevels;
    private final BookClock clock;

    /**
     * @param maxLevels levels kept a side; more are dropped and counted
     * @param maxBuffered diffs held for a snapshot; the oldest are let go past it
     * @param imbalanceLevels levels a side summed for the top's imbalance
     */
    public BookSync(int maxLevels, int maxBuffered, int imbalanceLevels) {
        this(maxLevels, maxBuffered, imbalanceLevels, BookClock.none(imbalanceLevels));
    }

    /** With the book's windows, snapshots and samples over event time kept by {@code clock}. */
    public BookSync(int maxLevels, int maxBuffered, int imbalanceLevels, BookClock clock) {
        if (maxLevels < 1 || maxBuffered < 1 || imbalanceLevels < 1) {
            throw new IllegalArgumentException(
                    "a book keeps at least one level, holds at least one diff and sums at least"
                            + " one level");
        }
        this.maxLevels = maxLevels;
        this.maxBuffered = maxBuffered;
        this.imbalanceLevels = imbalanceLevels;
        this.clock = clock;
    }

    /** A new, out-of-sync book for {@code update}'s symbol. */
    public BookState newBook(BookUpdate update) {
        return new BookState(update.venue, update.symbol, maxLevels);
    }

    public void apply(BookState book, BookUpdate update, Events out) {
        book.lastEventTime = Math.max(book.lastEventTime, update.eventTime);
        clock.before(book, update.eventTime, out);
        switch (update.kind) {
            case DIFF:
                diff(book, update, out);
                break;
            case SNAPSHOT:
                snapshot(book, update, out);
                break;
            default:
                top20(book, update, out);
        }
        clock.after(book, out);
    }

    /** The watermark passed {@code time - 1}: the book's instants up to {@code time} close. */
    public void reach(BookState book, long time, Events out) {
        clock.reach(book, time, out);
    }

    private void diff(BookState book, BookUpdate d, Events out) {
        if (!book.inSync) {
            hold(book, d, out);
            return;
        }
        if (d.lastUpdateId <= book.updateId) {
            out.count(Outcome.DIFF_COVERED, 1);
            return;
        }
        if (d.firstUpdateId > book.updateId + 1) {
            lose(book, BookGap.Reason.GAP, book.updateId + 1, d.firstUpdateId, d.eventTime, out);
            hold(book, d, out);
            return;
        }
        change(book, d, out);
        out.count(Outcome.DIFF_APPLIED, 1);
        if (!checked(book, d.eventTime, d.firstUpdateId, out)) {
            return;
        }
        out.top(top(book, d.eventTime));
        compareHeld(book, out);
    }

    /** Sets a diff's levels and moves the book to its last id. */
    private void change(BookState book, BookUpdate d, Events out) {
        long dropped = 0;
        for (int i = 0; i < d.bidPrices.length; i++) {
            dropped += book.bids.set(d.bidPrices[i], d.bidQuantities[i]) ? 1 : 0;
        }
        for (int i = 0; i < d.askPrices.length; i++) {
            dropped += book.asks.set(d.askPrices[i], d.askQuantities[i]) ? 1 : 0;
        }
        out.count(Outcome.LEVEL_CHANGES, d.levels());
        if (dropped > 0) {
            out.count(Outcome.LEVELS_DROPPED, dropped);
        }
        book.updateId = d.lastUpdateId;
    }

    /**
     * Whether the book is still sound after an update: not crossed, and no side emptied of every
     * level it knew. If not, it goes out of sync; {@code seenId} names the update that did it.
     */
    private boolean checked(BookState book, long eventTime, long seenId, Events out) {
        BookGap.Reason fault = null;
        if (book.bids.size > 0 && book.asks.size > 0 && book.bids.best() >= book.asks.best()) {
            fault = BookGap.Reason.CROSSED;
        } else if (book.bids.exhausted() || book.asks.exhausted()) {
            fault = BookGap.Reason.DEPTH_EXHAUSTED;
        }
        if (fault == null) {
            return true;
        }
        lose(book, fault, -1, seenId, eventTime, out);
        return false;
    }

    /** Holds a diff for the next snapshot, letting the oldest go past the bound. */
    private void hold(BookState book, BookUpdate d, Events out) {
        if (book.bufferedCount == maxBuffered) {
            if (book.everInSync && book.episode == null) {
                open(book, BookGap.Reason.BUFFER_FULL, -1, -1, d.eventTime);
            }
            System.arraycopy(book.buffered, 1, book.buffered, 0, book.bufferedCount - 1);
            book.bufferedCount--;
            unsynced(book, 1, out);
        }
        if (book.bufferedCount == book.buffered.length) {
            int n = Math.min(maxBuffered, Math.max(4, book.buffered.length * 2));
            book.buffered = Arrays.copyOf(book.buffered, n);
        }
        book.buffered[book.bufferedCount++] = d;
        out.count(Outcome.DIFF_BUFFERED, 1);
    }

    private static void unsynced(BookState book, long n, Events out) {
        out.count(Outcome.DIFF_UNSYNCED, n);
        if (book.episode != null) {
            book.episode.framesSkipped += n;
        }
    }

    private void snapshot(BookState book, BookUpdate s, Events out) {
        long id = s.lastUpdateId;
        if (book.inSync) {
            if (id < book.updateId) {
                out.count(Outcome.SNAPSHOT_SUPERSEDED, 1);
                return;
            }
            if (id == book.updateId && !sameBook(book, s)) {
                lose(book, BookGap.Reason.SNAPSHOT_MISMATCH, -1, id, s.eventTime, out);
            }
        }
        // drop what the snapshot covers; the first diff left must straddle it
        int covered = 0;
        while (covered < book.bufferedCount && book.buffered[covered].lastUpdateId <= id) {
            covered++;
        }
        if (covered < book.bufferedCount && book.buffered[covered].firstUpdateId > id + 1) {
            out.count(Outcome.SNAPSHOT_STALE, 1);
            if (book.episode == null) {
                open(
                        book,
                        BookGap.Reason.STALE_SNAPSHOT,
                        id + 1,
                        book.buffered[covered].firstUpdateId,
                        s.eventTime);
            }
            book.episode.staleSnapshots++;
            return;
        }
        out.count(Outcome.DIFF_COVERED, covered);
        int dropped =
                book.bids.reset(
                                s.bidPrices,
                                s.bidQuantities,
                                s.bidPrices.length,
                                s.limit > 0 && s.bidPrices.length < s.limit)
                        + book.asks.reset(
                                s.askPrices,
                                s.askQuantities,
                                s.askPrices.length,
                                s.limit > 0 && s.askPrices.length < s.limit);
        out.count(Outcome.LEVEL_CHANGES, s.levels());
        if (dropped > 0) {
            out.count(Outcome.LEVELS_DROPPED, dropped);
        }
        book.updateId = id;
        book.inSync = true;
        out.count(Outcome.SNAPSHOT_APPLIED, 1);
        BookUpdate[] held = Arrays.copyOfRange(book.buffered, covered, book.bufferedCount);
        book.bufferedCount = 0;
        Arrays.fill(book.buffered, null);
        if (!checked(book, s.eventTime, id, out)) {
            unsynced(book, held.length, out);
            return;
        }
        if (book.episode != null) {
            book.episode.resyncTime = s.eventTime;
            out.gap(book.episode);
            book.episode = null;
        }
        book.everInSync = true;
        out.top(top(book, s.eventTime));
        // the held diffs, in order, by the in-sync rules: a gap among them goes out again
        for (BookUpdate d : held) {
            diff(book, d, out);
        }
    }

    /**
     * Whether a snapshot at the book's own id lists the levels the book knows, as it knows them.
     */
    private static boolean sameBook(BookState book, BookUpdate s) {
        return sameSide(book.bids, s.bidPrices, s.bidQuantities)
                && sameSide(book.asks, s.askPrices, s.askQuantities);
    }

    /**
     * Whether {@code side}'s exact levels agree with a listing of the side's best levels, best
     * first, over the levels both know.
     */
    private static boolean sameSide(BookSide side, long[] prices, long[] quantities) {
        int n = Math.min(side.size, prices.length);
        for (int i = 0; i < n; i++) {
            if (side.price(i) != prices[i] || side.quantity(i) != quantities[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The venue's top 20 as of one update id: compared when the book is at that id (now or when a
     * later diff brings it there), else unchecked.
     */
    private void top20(BookState book, BookUpdate t, Events out) {
        if (!book.inSync || t.lastUpdateId < book.updateId) {
            out.count(Outcome.TOP20_UNCHECKED, 1);
            return;
        }
        if (t.lastUpdateId > book.updateId) {
            if (book.pendingTop20 != null) {
                out.count(Outcome.TOP20_UNCHECKED, 1);
            }
            book.pendingTop20 = t;
            return;
        }
        compareTop20(book, t, out);
    }

    /**
     * After a diff: compares the held top 20 and quote if the book is at their ids, lets them go if
     * it is past.
     */
    private void compareHeld(BookState book, Events out) {
        Quote q = book.pendingQuote;
        if (q != null && q.updateId <= book.updateId) {
            book.pendingQuote = null;
            if (q.updateId == book.updateId) {
                compareQuote(book, q, out);
            } else {
                out.count(Outcome.QUOTE_UNCHECKED, 1);
            }
        }
        BookUpdate t = book.pendingTop20;
        if (t == null || t.lastUpdateId > book.updateId) {
            return;
        }
        book.pendingTop20 = null;
        if (t.lastUpdateId < book.updateId) {
            out.count(Outcome.TOP20_UNCHECKED, 1);
            return;
        }
        compareTop20(book, t, out);
    }

    private void compareTop20(BookState book, BookUpdate t, Events out) {
        if (agreesWithTop(book.bids, t.bidPrices, t.bidQuantities)
                && agreesWithTop(book.asks, t.askPrices, t.askQuantities)) {
            out.count(Outcome.TOP20_MATCHED, 1);
            return;
        }
        out.count(Outcome.TOP20_MISMATCHED, 1);
        lose(book, BookGap.Reason.TOP20_MISMATCH, -1, t.lastUpdateId, t.eventTime, out);
    }

    /**
     * Whether the venue's best levels of a side ({@code prices}, best first, at most 20) agree with
     * the book's: equal wherever both know the level; a venue listing shorter than 20 says the side
     * has no more, so the book may not know more either.
     */
    private static boolean agreesWithTop(BookSide side, long[] prices, long[] quantities) {
        if (!sameSide(side, prices, quantities)) {
            return false;
        }
        boolean venueListsAll = prices.length < TOP20_LEVELS;
        return !venueListsAll || side.size <= prices.length;
    }

    /**
     * A best bid/ask (bookTicker, SBE bestBidAsk) checked against the book at the same update id.
     * The check never changes the book: the quote stream is culled under load and is a witness, not
     * a source.
     */
    public void quote(BookState book, Quote q, Events out) {
        if (!book.inSync) {
            out.count(Outcome.QUOTE_UNCHECKED, 1);
            return;
        }
        if (q.updateId < book.updateId) {
            // the book moved on: checked against the top it had at that id, if it had one
            for (int i = 0; i + 4 < book.recent.length; i += 5) {
                if (book.recent[i] == q.updateId && q.updateId > 0) {
                    boolean same =
                            q.bidPrice == book.recent[i + 1]
                                    && q.bidQuantity == book.recent[i + 2]
                                    && q.askPrice == book.recent[i + 3]
                                    && q.askQuantity == book.recent[i + 4];
                    out.count(same ? Outcome.QUOTE_MATCHED : Outcome.QUOTE_MISMATCHED, 1);
                    return;
                }
            }
            out.count(Outcome.QUOTE_UNCHECKED, 1);
            return;
        }
        if (q.updateId > book.updateId) {
            if (book.pendingQuote != null) {
                out.count(Outcome.QUOTE_UNCHECKED, 1);
            }
            book.pendingQuote = q;
            return;
        }
        compareQuote(book, q, out);
    }

    private static void compareQuote(BookState book, Quote q, Events out) {
        boolean same =
                q.bidPrice == book.bids.best()
                        && q.askPrice == book.asks.best()
                        && q.bidQuantity == book.bids.bestQuantity()
                        && q.askQuantity == book.asks.bestQuantity();
        out.count(same ? Outcome.QUOTE_MATCHED : Outcome.QUOTE_MISMATCHED, 1);
    }

    /**
     * End of input: diffs still held were never applied, and an episode still open is written with
     * no resync time.
     */
    public void finish(BookState book, Events out) {
        clock.finish(book, out);
        if (book.bufferedCount > 0) {
            unsynced(book, book.bufferedCount, out);
            book.bufferedCount = 0;
            Arrays.fill(book.buffered, null);
        }
        dropHeld(book, out);
        if (book.episode != null) {
            out.gap(book.episode);
            book.episode = null;
        }
    }

    /** Lets the held top 20 and quote go unchecked. */
    private static void dropHeld(BookState book, Events out) {
        if (book.pendingTop20 != null) {
            out.count(Outcome.TOP20_UNCHECKED, 1);
            book.pendingTop20 = null;
        }
        if (book.pendingQuote != null) {
            out.count(Outcome.QUOTE_UNCHECKED, 1);
            book.pendingQuote = null;
        }
    }

    /** Takes the book out of sync: empties it, opens the episode, and says so once. */
    private void lose(
            BookState book,
            BookGap.Reason reason,
            long expectedId,
            long seenId,
            long eventTime,
            Events out) {
        book.inSync = false;
        book.bids.clear();
        book.asks.clear();
        java.util.Arrays.fill(book.recent, 0);
        dropHeld(book, out);
        if (book.episode == null) {
            open(book, reason, expectedId, seenId, eventTime);
        }
        out.top(topOf(book, eventTime, imbalanceLevels));
    }

    private static void open(
            BookState book, BookGap.Reason reason, long expectedId, long seenId, long eventTime) {
        BookGap gap = new BookGap();
        gap.venue = book.venue;
        gap.symbol = book.symbol;
        gap.reason = reason;
        gap.expectedId = expectedId;
        gap.seenId = seenId;
        gap.outOfSyncTime = eventTime;
        book.episode = gap;
    }

    /** Remembers the in-sync top at the book's update id, for quotes that come late. */
    private static void remember(BookState book) {
        if (book.recent.length == 0) {
            book.recent = new long[RECENT * 5];
        }
        int at = book.recentNext * 5;
        book.recent[at] = book.updateId;
        book.recent[at + 1] = book.bids.best();
        book.recent[at + 2] = book.bids.bestQuantity();
        book.recent[at + 3] = book.asks.best();
        book.recent[at + 4] = book.asks.bestQuantity();
        book.recentNext = (book.recentNext + 1) % RECENT;
    }

    /** The in-sync book's top as of {@code eventTime}, remembered for late quotes. */
    private BookTop top(BookState book, long eventTime) {
        remember(book);
        return topOf(book, eventTime, imbalanceLevels);
    }

    /** The book's top as of {@code eventTime}; only whether it is in sync if it is not. */
    static BookTop topOf(BookState book, long eventTime, int imbalanceLevels) {
        BookTop top = new BookTop();
        top.venue = book.venue;
        top.symbol = book.symbol;
        top.updateId = book.updateId;
        top.eventTime = eventTime;
        top.inSync = book.inSync;
        top.imbalanceLevels = imbalanceLevels;
        if (!book.inSync) {
            return top;
        }
        BookSide b = book.bids;
        BookSide a = book.asks;
        top.bidPrice = b.best();
        top.bidQuantity = b.bestQuantity();
        top.askPrice = a.best();
        top.askQuantity = a.bestQuantity();
        top.bidDepth = b.size;
        top.askDepth = a.size;
        top.bidQuantityTopN = sum(b, imbalanceLevels);
        top.askQuantityTopN = sum(a, imbalanceLevels);
        return top;
    }

    static long sum(BookSide side, int levels) {
        long total = 0;
        for (int i = 0, n = Math.min(levels, side.size); i < n; i++) {
            total = Math.addExact(total, side.quantity(i));
        }
        return total;
    }
}
