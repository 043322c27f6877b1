package io.marketpipe.job.book;

import io.marketpipe.job.model.BookGap;
import io.marketpipe.job.model.BookSnapshot;
import io.marketpipe.job.model.BookTop;
import io.marketpipe.job.model.BookUpdate;
import io.marketpipe.job.model.BookWindow;
import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.model.Quote;
import io.marketpipe.schemas.envelope.Venue;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Fixtures for book tests: updates written as {@code "price:qty"} levels, and an {@link
 * BookSync.Events} that records everything.
 */
final class Books {
    static final String SYMBOL = "BNBBTC";
    static final long T0 = 1_700_000_000_000L;

    private Books() {}

    /** A diff {@code U..u}; levels as {@code "price:qty"}, bids before {@code "|"}, asks after. */
    static BookUpdate diff(long first, long last, String levels) {
        return update(BookUpdate.Kind.DIFF, first, last, levels);
    }

    static BookUpdate snapshot(long lastUpdateId, String levels) {
        return update(BookUpdate.Kind.SNAPSHOT, lastUpdateId, lastUpdateId, levels);
    }

    static BookUpdate top20(long updateId, String levels) {
        return update(BookUpdate.Kind.TOP20, updateId, updateId, levels);
    }

    static BookUpdate update(BookUpdate.Kind kind, long first, long last, String levels) {
        BookUpdate u = new BookUpdate();
        u.kind = kind;
        u.venue = Venue.BINANCE;
        u.symbol = SYMBOL;
        u.firstUpdateId = first;
        u.lastUpdateId = last;
        u.eventTime = T0 + last;
        String[] sides = levels.split("\\|", -1);
        long[][] bids = levels(sides[0]);
        long[][] asks = levels(sides.length > 1 ? sides[1] : "");
        u.bidPrices = bids[0];
        u.bidQuantities = bids[1];
        u.askPrices = asks[0];
        u.askQuantities = asks[1];
        return u;
    }

    private static long[][] levels(String text) {
        String[] parts = text.trim().isEmpty() ? new String[0] : text.trim().split("\\s+");
        long[][] out = {new long[parts.length], new long[parts.length]};
        for (int i = 0; i < parts.length; i++) {
            String[] pq = parts[i].split(":");
            out[0][i] = Decimals.parse(pq[0]);
            out[1][i] = Decimals.parse(pq[1]);
        }
        return out;
    }

    static Quote quote(long updateId, String bid, String bidQty, String ask, String askQty) {
        Quote q = new Quote();
        q.venue = Venue.BINANCE;
        q.symbol = SYMBOL;
        q.updateId = updateId;
        q.bidPrice = Decimals.parse(bid);
        q.bidQuantity = Decimals.parse(bidQty);
        q.askPrice = Decimals.parse(ask);
        q.askQuantity = Decimals.parse(askQty);
        return q;
    }

    /** A side as {@code "price:qty ..."}, best first, for assertions. */
    static String side(BookSide side) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < side.size; i++) {
            if (i > 0) {
                s.append(' ');
            }
            s.append(plain(side.price(i))).append(':').append(plain(side.quantity(i)));
        }
        return s.toString();
    }

    private static String plain(long units) {
        return Decimals.toBigDecimal(units).stripTrailingZeros().toPlainString();
    }

    static String book(BookState book) {
        return side(book.bids) + " | " + side(book.asks);
    }

    /** {@code u}, dated {@code millis} after {@link #T0}. */
    static BookUpdate at(long millis, BookUpdate u) {
        u.eventTime = T0 + millis;
        return u;
    }

    /** Records what the procedure says. */
    static final class Recorded implements BookSync.Events {
        final List<BookTop> tops = new ArrayList<>();
        final List<BookGap> gaps = new ArrayList<>();
        final Map<BookSync.Outcome, Long> counts = new EnumMap<>(BookSync.Outcome.class);
        final List<BookWindow> windows = new ArrayList<>();
        final List<BookSnapshot> snapshots = new ArrayList<>();
        final List<BookTop> sampled = new ArrayList<>();
        final List<Long> timers = new ArrayList<>();

        @Override
        public void window(BookWindow window) {
            windows.add(window);
        }

        @Override
        public void snapshot(BookSnapshot snapshot) {
            snapshots.add(snapshot);
        }

        @Override
        public void sampledTop(BookTop top) {
            sampled.add(top);
        }

        @Override
        public void timer(long time) {
            timers.add(time);
        }

        @Override
        public void top(BookTop top) {
            tops.add(top);
        }

        @Override
        public void gap(BookGap gap) {
            gaps.add(gap);
        }

        @Override
        public void count(BookSync.Outcome outcome, long n) {
            if (n != 0) {
                counts.merge(outcome, n, Long::sum);
            }
        }

        long count(BookSync.Outcome outcome) {
            return counts.getOrDefault(outcome, 0L);
        }

        BookTop lastTop() {
            return tops.get(tops.size() - 1);
        }
    }
}
