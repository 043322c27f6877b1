package io.marketpipe.job.model;

import io.marketpipe.schemas.envelope.Venue;
import java.math.BigDecimal;

/**
 * What a book was like over one bar window of event time, or over a run of windows in which it did
 * not change: the time-weighted spread over the time it was in sync with both sides, that time, and
 * its best bid, best ask and imbalance at the window's close. Each window from {@link #windowStart}
 * to {@link #runEnd} (exclusive), {@link #intervalMillis} long, had these values. A Flink POJO;
 * {@code BarBookFunction} gives them to the bars of the same windows.
 */
public class BookWindow {
    public Venue venue;
    public String symbol;
    public String interval;
    public long intervalMillis;
    public long windowStart;

    /** The end of the last window these values hold for: windowStart + intervalMillis or later. */
    public long runEnd;

    /** Milliseconds of the window the book was in sync with a bid and an ask. */
    public long inSyncMillis;

    /** The mean spread over {@link #inSyncMillis}, weighted by time; null when that is 0. */
    public BigDecimal spreadTimeWeighted;

    /** Best bid and ask at the close, scaled longs; 0 when the book was not two-sided in sync. */
    public long closeBid;

    public long closeAsk;

    /** The top-N imbalance at the close, as book_top computes it; null when not in sync. */
    public BigDecimal closeImbalance;

    public BookWindow() {}

    public String instrument() {
        return venue.name() + ':' + symbol;
    }

    /** Whether these values are those of the window starting at {@code start}. */
    public boolean covers(long start) {
        return start >= windowStart && start < runEnd;
    }

    @Override
    public String toString() {
        return instrument()
                + ' '
                + interval
                + " ["
                + windowStart
                + ", "
                + runEnd
                + ") in sync "
                + inSyncMillis
                + " ms, spread "
                + spreadTimeWeighted;
    }
}
