package io.marketpipe.job.book;

import static io.marketpipe.job.book.Books.T0;
import static io.marketpipe.job.book.Books.at;
import static io.marketpipe.job.book.Books.diff;
import static io.marketpipe.job.book.Books.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.marketpipe.job.model.Bar;
import io.marketpipe.job.model.BookSnapshot;
import io.marketpipe.job.model.BookUpdate;
import io.marketpipe.job.model.BookWindow;
import io.marketpipe.job.model.Decimals;
import io.marketpipe.schemas.envelope.Venue;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The book over event time, on hand-made books: 1 s bar windows, snapshots of two levels at bar
 * closes. The spread is 1 from 100 ms, 2 from 600 ms (the best ask goes), 1.5 from 1500 ms (a
 * better bid comes).
 */
class BookClockTest {
    private final BookClock clock =
            new BookClock(new String[] {"1s"}, new long[] {1_000}, 0, 2, 0, 5);
    private final BookSync sync = new BookSync(1000, 100, 5, clock);
    private final Books.Recorded out = new Books.Recorded();
    private BookState book;

    private void feed(BookUpdate... updates) {
        for (BookUpdate u : updates) {
            if (book == null) {
                book = sync.newBook(u);
            }
            sync.apply(book, u, out);
        }
    }

    private void threeSpreads() {
        feed(
                at(100, snapshot(10, "100:1 99:2 | 101:1 102:3")),
                at(600, diff(11, 11, "| 101:0")),
                at(1_500, diff(12, 12, "100.5:1 |")));
    }

    private static BigDecimal fine(String value) {
        return new BigDecimal(value).setScale(Decimals.FINE_SCALE);
    }

    @Test
    void aWindowsSpreadIsWeightedByTheTimeEachSpreadHeldWhileInSync() {
        threeSpreads();

        // [0, 1000): in sync from 100; spread 1 for 500 ms, 2 for 400 ms
        assertThat(out.windows)
                .singleElement()
                .satisfies(
                        w -> {
                            assertThat(w.windowStart).isEqualTo(T0);
                            assertThat(w.runEnd).isEqualTo(T0 + 1_000);
                            assertThat(w.inSyncMillis).isEqualTo(900);
                            assertThat(w.spreadTimeWeighted).isEqualTo(fine("1.4444444444444444"));
                            assertThat(w.closeBid).isEqualTo(Decimals.parse("100"));
                            assertThat(w.closeAsk).isEqualTo(Decimals.parse("102"));
                            assertThat(w.closeImbalance).isEqualTo(fine("0")); // 3 against 3
                        });
    }

    @Test
    void theWatermarkClosesTheWindowsOfAQuietBookWithTheTopItKept() {
        threeSpreads();

        sync.reach(book, T0 + 3_000, out);

        assertThat(out.windows)
                .extracting(w -> w.windowStart - T0, w -> w.inSyncMillis, w -> w.spreadTimeWeighted)
                .containsExactly(
                        tuple(0L, 900L, fine("1.4444444444444444")),
                        tuple(1_000L, 1_000L, fine("1.75")),
                        tuple(2_000L, 1_000L, fine("1.5")));
    }

    @Test
    void aSnapshotIsTheBookBeforeEveryUpdateDatedAtOrAfterItsInstant() {
        feed(
                at(100, snapshot(10, "100:1 99:2 98:4 | 101:1 102:3")),
                at(1_000, diff(11, 11, "100:9 |"))); // dated at the instant: not in it

        BookSnapshot s = out.snapshots.get(0);
        assertThat(s.snapshotTime).isEqualTo(T0 + 1_000);
        assertThat(s.updateId).isEqualTo(10);
        assertThat(s.bidDepth).isEqualTo(3);
        assertThat(s.bidPrices).containsExactly(Decimals.parse("100"), Decimals.parse("99"));
        assertThat(s.bidQuantities).containsExactly(Decimals.parse("1"), Decimals.parse("2"));
        assertThat(s.askPrices).containsExactly(Decimals.parse("101"), Decimals.parse("102"));
    }

    @Test
    void theSameUpdatesGiveTheSameWindowsWhetherTheWatermarkOrTheNextUpdateClosesThem() {
        threeSpreads();
        sync.reach(book, T0 + 2_000, out);
        feed(at(2_500, diff(13, 13, "| 102:0 103:1")));
        sync.reach(book, T0 + 4_000, out);
        List<String> byWatermark = describe(out.windows);

        BookClockTest other = new BookClockTest();
        other.threeSpreads();
        other.feed(at(2_500, diff(13, 13, "| 102:0 103:1")));
        other.sync.reach(other.book, T0 + 4_000, other.out);

        assertThat(describe(other.out.windows)).isEqualTo(byWatermark).hasSize(4);
        assertThat(other.out.snapshots).hasSameSizeAs(out.snapshots);
    }

    @Test
    void outOfSyncTimeCountsForNothingAndAWindowWithNoneInSyncHasNoSpread() {
        feed(
                at(100, snapshot(10, "100:1 | 101:1")),
                at(400, diff(12, 12, "100:2 |")), // a gap: out of sync at 400
                at(2_200, snapshot(12, "100:2 | 101:1"))); // back at 2200

        assertThat(out.windows)
                .extracting(w -> w.windowStart - T0, w -> w.inSyncMillis)
                .containsExactly(tuple(0L, 300L), tuple(1_000L, 0L));
        BookWindow dark = out.windows.get(1);
        assertThat(dark.spreadTimeWeighted).isNull();
        assertThat(dark.closeBid).isZero();
        assertThat(dark.closeImbalance).isNull();
        assertThat(out.snapshots).isEmpty(); // no snapshot of a book out of sync
    }

    @Test
    void aLongQuietStretchIsOneRunOfWindowsWithTheSameValues() {
        threeSpreads();
        long later = 5_003_500;

        feed(at(later, diff(13, 13, "| 102:4")));

        // [0, 1000), then windows one by one as far as the walk goes, then the one open when the
        // jump came, then every window up to 5_003_000 at spread 1.5 as one run
        assertThat(out.windows).hasSize(1 + BookClock.MAX_STEPS + 2);
        BookWindow run = out.windows.get(out.windows.size() - 1);
        assertThat(run.runEnd - T0).isEqualTo(5_003_000);
        assertThat(run.inSyncMillis).isEqualTo(1_000);
        assertThat(run.spreadTimeWeighted).isEqualTo(fine("1.5"));
        Bar bar = new Bar();
        bar.venue = Venue.BINANCE;
        bar.symbol = Books.SYMBOL;
        bar.windowStart = T0 + 4_500_000;
        Bar withBook = BarBookFunction.withBook(bar, out.windows);
        assertThat(withBook.bookInSyncMillis).isEqualTo(1_000);
        assertThat(withBook.bookSpread).isEqualTo(fine("1.5"));
        assertThat(withBook.bookMid).isEqualTo(new BigDecimal("101.250000000"));
        assertThat(bar.bookSpread).isNull(); // the bar given is not changed
    }

    @Test
    void sampledTopsAreTheBookAsOfEachInstantOfTheGrid() {
        BookClock sampling = new BookClock(new String[0], new long[0], 0, 0, 500, 5);
        BookSync sampled = new BookSync(1000, 100, 5, sampling);
        BookState b = null;
        for (BookUpdate u :
                List.of(
                        at(100, snapshot(10, "100:1 99:1 | 101:1 102:2")),
                        at(600, diff(11, 11, "| 101:0")),
                        at(700, diff(12, 12, "100:0 |")),
                        at(1_600, diff(13, 13, "99:1 |")))) {
            if (b == null) {
                b = sampled.newBook(u);
            }
            sampled.apply(b, u, out);
        }

        // 500: as the snapshot left it; 1000 and 1500: as the diff dated 700 left it
        assertThat(out.sampled)
                .extracting(
                        t -> t.eventTime - T0, t -> t.updateId, t -> t.bidPrice, t -> t.askPrice)
                .containsExactly(
                        tuple(500L, 10L, Decimals.parse("100"), Decimals.parse("101")),
                        tuple(1_000L, 12L, Decimals.parse("99"), Decimals.parse("102")),
                        tuple(1_500L, 12L, Decimals.parse("99"), Decimals.parse("102")));
        assertThat(out.windows).isEmpty();
        assertThat(out.snapshots).isEmpty();
    }

    private static List<String> describe(List<BookWindow> windows) {
        return windows.stream()
                .map(
                        w ->
                                (w.windowStart - T0)
                                        + ".."
                                        + (w.runEnd - T0)
                                        + " "
                                        + w.inSyncMillis
                                        + " "
                                        + w.spreadTimeWeighted
                                        + " "
                                        + w.closeBid
                                        + "/"
                                        + w.closeAsk)
                .collect(Collectors.toList());
    }
}
