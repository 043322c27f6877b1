package io.marketpipe.job.book;

import io.marketpipe.job.model.BookGap;
import io.marketpipe.job.model.BookUpdate;
import io.marketpipe.job.model.Quote;
import io.marketpipe.schemas.envelope.Venue;

/**
 * Everything one symbol's book keeps between frames: its two sides, whether it is in sync and as of
 * which update id, the diffs held for a snapshot, the out-of-sync episode under way, and the
 * venue's top 20 held until the book reaches its update id. A Flink POJO, the value of the book's
 * keyed state; {@link BookSync} reads and changes it.
 */
public class BookState {
    public Venue venue;
    public String symbol;
    public boolean inSync;

    /** The update id the book is as of (valid when in sync). */
    public long updateId;

    public BookSide bids;
    public BookSide asks;

    /** Diffs held for a snapshot, oldest first; only the first {@link #bufferedCount} count. */
    public BookUpdate[] buffered = new BookUpdate[0];

    public int bufferedCount;

    /** The out-of-sync episode under way, or null (also null before the first sync). */
    public BookGap episode;

    /** Whether the book was ever in sync: before that, waiting is no episode. */
    public boolean everInSync;

    /** The venue's top 20 at an update id the book has not reached yet, or null. */
    public BookUpdate pendingTop20;

    /** The venue's best bid/ask at an update id the book has not reached yet, or null. */
    public Quote pendingQuote;

    /**
     * The book's last {@link BookSync#RECENT} tops in sync, five longs each (update id, bid, bid
     * quantity, ask, ask quantity), a ring from {@link #recentNext}: a best bid/ask that arrives
     * after the book moved past its id is still checked against the book as it was.
     */
    public long[] recent = new long[0];

    public int recentNext;

    /** The last event time seen, for the episode rows. */
    public long lastEventTime;

    /** {@link BookClock}: the event time the book's windows are counted to; MIN before any. */
    public long clock = Long.MIN_VALUE;

    /** Per bar interval: the open window's start, and the end whose timer is set. */
    public long[] windowStart;

    public long[] windowTimer;

    /** Per bar interval: spread x milliseconds in the open window, 128-bit, and the time. */
    public long[] spreadHi;

    public long[] spreadLo;
    public long[] inSyncMillis;

    /** The latest grid instant whose timer is set. */
    public long gridTimer = Long.MIN_VALUE;

    public BookState() {}

    BookState(Venue venue, String symbol, int maxLevels) {
        this.venue = venue;
        this.symbol = symbol;
        bids = new BookSide(true, maxLevels);
        asks = new BookSide(false, maxLevels);
    }
}
