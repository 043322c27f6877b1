package io.marketpipe.job.book;

import static io.marketpipe.job.book.Books.book;
import static io.marketpipe.job.book.Books.diff;
import static io.marketpipe.job.book.Books.quote;
import static io.marketpipe.job.book.Books.snapshot;
import static io.marketpipe.job.book.Books.top20;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.book.BookSync.Outcome;
import io.marketpipe.job.model.BookGap;
import io.marketpipe.job.model.BookUpdate;
import io.marketpipe.job.model.Decimals;
import org.junit.jupiter.api.Test;

class BookSyncTest {
    private final BookSync sync = new BookSync(1000, 100, 5);
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

    @Test
    void appliesTheFirstBufferedDiffThatStraddlesTheSnapshotAndDropsThoseItCovers() {
        feed(
                diff(95, 99, "10:1 | 11:1"),
                diff(100, 104, "10:2 | 11:2"), // straddles 102 + 1
                diff(105, 105, "9:5 |"),
                snapshot(102, "10:7 9:1 | 11:7 12:1"));

        assertThat(book.inSync).isTrue();
        assertThat(book.updateId).isEqualTo(105);
        assertThat(book(book)).isEqualTo("10:2 9:5 | 11:2 12:1");
        assertThat(out.count(Outcome.DIFF_BUFFERED)).isEqualTo(3);
        assertThat(out.count(Outcome.DIFF_COVERED)).isEqualTo(1);
        assertThat(out.count(Outcome.DIFF_APPLIED)).isEqualTo(2);
        assertThat(out.count(Outcome.SNAPSHOT_APPLIED)).isEqualTo(1);
        // one top for the snapshot, one per applied diff
        assertThat(out.tops).extracting(t -> t.updateId).containsExactly(102L, 104L, 105L);
        assertThat(out.gaps).isEmpty();
    }

    @Test
    void aSnapshotOlderThanTheFirstHeldDiffIsStaleAndTheBookWaitsForTheNext() {
        feed(diff(110, 112, "10:1 |"), snapshot(100, "10:7 | 11:7"));

        assertThat(book.inSync).isFalse();
        assertThat(out.count(Outcome.SNAPSHOT_STALE)).isEqualTo(1);
        assertThat(out.tops).isEmpty();

        feed(snapshot(111, "10:3 | 11:3"));

        assertThat(book.inSync).isTrue();
        assertThat(book.updateId).isEqualTo(112);
        assertThat(book(book)).isEqualTo("10:1 | 11:3");
        assertThat(out.gaps)
                .singleElement()
                .satisfies(
                        g -> {
                            assertThat(g.reason).isEqualTo(BookGap.Reason.STALE_SNAPSHOT);
                            assertThat(g.expectedId).isEqualTo(101);
                            assertThat(g.seenId).isEqualTo(110);
                            assertThat(g.staleSnapshots).isEqualTo(1);
                            assertThat(g.resyncTime).isEqualTo(Books.T0 + 111);
                        });
    }

    @Test
    void aDiffWhoseLastIdIsNotPastTheBookIsCoveredAndChangesNothing() {
        feed(snapshot(100, "10:7 | 11:7"), diff(101, 105, "10:1 |"));

        feed(diff(103, 104, "10:9 |"), diff(90, 105, "10:9 |"));

        assertThat(book(book)).isEqualTo("10:1 | 11:7");
        assertThat(out.count(Outcome.DIFF_COVERED)).isEqualTo(2);
        assertThat(book.inSync).isTrue();
    }

    @Test
    void aDiffBeyondTheNextIdIsAGapThatStopsTheInSyncOutputUntilTheNextSnapshot() {
        feed(snapshot(100, "10:7 | 11:7"), diff(101, 101, "10:1 |"));
        int topsBefore = out.tops.size();

        feed(diff(103, 104, "10:2 |"), diff(105, 106, "10:3 |"));

        assertThat(book.inSync).isFalse();
        assertThat(out.tops.subList(topsBefore, out.tops.size()))
                .singleElement()
                .satisfies(t -> assertThat(t.inSync).isFalse());
        assertThat(book.bids.size).isZero();

        feed(snapshot(104, "10:2 | 11:5"));

        assertThat(book.inSync).isTrue();
        assertThat(book(book)).isEqualTo("10:3 | 11:5");
        assertThat(out.gaps)
                .singleElement()
                .satisfies(
                        g -> {
                            assertThat(g.reason).isEqualTo(BookGap.Reason.GAP);
                            assertThat(g.expectedId).isEqualTo(102);
                            assertThat(g.seenId).isEqualTo(103);
                            assertThat(g.outOfSyncTime).isEqualTo(Books.T0 + 104);
                            assertThat(g.resyncTime).isEqualTo(Books.T0 + 104);
                            assertThat(g.framesSkipped).isZero(); // 103..104 covered, 105 applied
                        });
        assertThat(out.lastTop().inSync).isTrue();
        assertThat(out.lastTop().updateId).isEqualTo(106);
    }

    @Test
    void aCrossedBookGoesOutOfSyncAtOnce() {
        feed(snapshot(100, "10:7 | 11:7"));

        feed(diff(101, 101, "11:1 |"));

        assertThat(book.inSync).isFalse();
        assertThat(out.gaps).isEmpty(); // written when it resyncs
        assertThat(book.episode.reason).isEqualTo(BookGap.Reason.CROSSED);
        assertThat(book.episode.seenId).isEqualTo(101);
        assertThat(out.lastTop().inSync).isFalse();
        assertThat(out.tops.stream().filter(t -> t.inSync))
                .noneMatch(t -> t.bidPrice >= t.askPrice);
    }

    @Test
    void aZeroQuantityRemovesTheLevel() {
        feed(snapshot(100, "10:7 9:1 | 11:7 12:1"), diff(101, 101, "10:0 | 11:0 13:0"));

        assertThat(book(book)).isEqualTo("9:1 | 12:1");
        assertThat(out.lastTop().bidPrice).isEqualTo(Decimals.parse("9"));
        assertThat(out.lastTop().askPrice).isEqualTo(Decimals.parse("12"));
    }

    @Test
    void theLevelCapDropsTheWorstLevelsAndTheBookSaysHowDeepItIsExact() {
        BookSync capped = new BookSync(2, 100, 5);
        BookUpdate s = snapshot(100, "10:1 9:1 8:1 | 11:1 12:1");
        book = capped.newBook(s);
        capped.apply(book, s, out);

        assertThat(book(book)).isEqualTo("10:1 9:1 | 11:1 12:1");
        assertThat(out.count(Outcome.LEVELS_DROPPED)).isEqualTo(1);
        assertThat(out.lastTop().bidDepth).isEqualTo(2);

        // past the boundary nothing is known: a level there is dropped, not shown
        capped.apply(book, diff(101, 101, "8.5:4 | 10.5:2"), out);

        assertThat(book(book)).isEqualTo("10:1 9:1 | 10.5:2 11:1");
        assertThat(out.count(Outcome.LEVELS_DROPPED)).isEqualTo(3);
        assertThat(book.asks.knownToEnd()).isFalse();
    }

    @Test
    void aSideWhoseEveryKnownLevelIsGoneIsOutOfSyncNotEmpty() {
        feed(snapshot(100, "10:1 | 11:1"), diff(101, 101, "10:0 |"));

        assertThat(book.inSync).isFalse();
        assertThat(book.episode.reason).isEqualTo(BookGap.Reason.DEPTH_EXHAUSTED);
    }

    @Test
    void aTop20AtTheBooksIdThatContradictsItTakesTheBookOutOfSync() {
        feed(snapshot(100, "10:7 9:1 | 11:7 12:1"), diff(101, 102, "10:2 |"));

        feed(top20(102, "10:2 9:1 | 11:7 12:1"));
        assertThat(out.count(Outcome.TOP20_MATCHED)).isEqualTo(1);
        assertThat(book.inSync).isTrue();

        // held until the book reaches 103, then compared
        feed(top20(103, "10:2 9:1 | 11:7 12:9"));
        assertThat(book.inSync).isTrue();
        feed(diff(103, 103, "9:1 |"));

        assertThat(out.count(Outcome.TOP20_MISMATCHED)).isEqualTo(1);
        assertThat(book.inSync).isFalse();
        assertThat(book.episode.reason).isEqualTo(BookGap.Reason.TOP20_MISMATCH);
    }

    @Test
    void aTop20ListingFewerThanTwentyLevelsSaysTheSideHasNoMore() {
        feed(snapshot(100, "10:7 9:1 | 11:7"));

        feed(top20(100, "10:7 | 11:7"));

        assertThat(out.count(Outcome.TOP20_MISMATCHED)).isEqualTo(1);
    }

    @Test
    void aBestBidAskAtTheBooksIdIsCheckedAndNeverChangesTheBook() {
        feed(snapshot(100, "10:7 | 11:7"));

        sync.quote(book, quote(100, "10", "7", "11", "7"), out);
        sync.quote(book, quote(100, "10", "6", "11", "7"), out);
        sync.quote(book, quote(99, "10", "7", "11", "7"), out);
        sync.quote(book, quote(101, "10", "1", "11", "7"), out);
        feed(diff(101, 101, "10:1 |"));

        assertThat(out.count(Outcome.QUOTE_MATCHED)).isEqualTo(2);
        assertThat(out.count(Outcome.QUOTE_MISMATCHED)).isEqualTo(1);
        assertThat(out.count(Outcome.QUOTE_UNCHECKED)).isEqualTo(1); // 99: before the book
        assertThat(book.inSync).isTrue();
    }

    @Test
    void aBestBidAskThatComesAfterTheBookMovedOnIsCheckedAgainstTheTopItHad() {
        feed(snapshot(100, "10:7 | 11:7"), diff(101, 101, "10:1 |"), diff(102, 102, "10:2 |"));

        sync.quote(book, quote(101, "10", "1", "11", "7"), out);
        sync.quote(book, quote(101, "10", "2", "11", "7"), out);

        assertThat(out.count(Outcome.QUOTE_MATCHED)).isEqualTo(1);
        assertThat(out.count(Outcome.QUOTE_MISMATCHED)).isEqualTo(1);
    }

    @Test
    void aSnapshotAtTheBooksOwnIdThatDiffersIsRecordedAndAdopted() {
        feed(snapshot(100, "10:7 | 11:7"), diff(101, 101, "10:1 |"));

        feed(snapshot(101, "10:2 | 11:7"));

        assertThat(book(book)).isEqualTo("10:2 | 11:7");
        assertThat(out.gaps)
                .singleElement()
                .satisfies(g -> assertThat(g.reason).isEqualTo(BookGap.Reason.SNAPSHOT_MISMATCH));
        assertThat(book.inSync).isTrue();
    }

    @Test
    void anOlderSnapshotThanTheInSyncBookIsSuperseded() {
        feed(snapshot(100, "10:7 | 11:7"), diff(101, 101, "10:1 |"));

        feed(snapshot(100, "10:7 | 11:7"));

        assertThat(out.count(Outcome.SNAPSHOT_SUPERSEDED)).isEqualTo(1);
        assertThat(book(book)).isEqualTo("10:1 | 11:7");
    }

    @Test
    void theBufferLetsTheOldestDiffsGoAndCountsThemUnsynced() {
        BookSync small = new BookSync(1000, 2, 5);
        BookUpdate first = diff(1, 1, "10:1 |");
        book = small.newBook(first);
        for (long id = 1; id <= 5; id++) {
            small.apply(book, diff(id, id, "10:" + id + " |"), out);
        }

        assertThat(book.bufferedCount).isEqualTo(2);
        assertThat(out.count(Outcome.DIFF_UNSYNCED)).isEqualTo(3);

        small.finish(book, out);

        assertThat(out.count(Outcome.DIFF_UNSYNCED)).isEqualTo(5);
        assertThat(book.bufferedCount).isZero();
    }

    @Test
    void everyDiffEndsAppliedCoveredOrUnsynced() {
        feed(
                diff(1, 2, "10:1 |"),
                snapshot(1, "10:1 | 11:1"),
                diff(3, 3, "10:2 |"),
                diff(3, 3, "10:2 |"),
                diff(6, 7, "10:3 |"), // gap
                diff(8, 8, "10:4 |"),
                diff(9, 9, "10:4 |"));
        sync.finish(book, out);

        long diffs = 6;
        assertThat(
                        out.count(Outcome.DIFF_APPLIED)
                                + out.count(Outcome.DIFF_COVERED)
                                + out.count(Outcome.DIFF_UNSYNCED))
                .isEqualTo(diffs);
        assertThat(out.gaps)
                .singleElement()
                .satisfies(
                        g -> {
                            assertThat(g.resyncTime).isEqualTo(BookGap.NOT_RESYNCED);
                            assertThat(g.framesSkipped).isEqualTo(3);
                        });
    }
}
