package io.marketpipe.launcher;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.book.BookState;
import io.marketpipe.job.book.BookSync;
import io.marketpipe.job.decode.FrameDecoder;
import io.marketpipe.job.model.BookGap;
import io.marketpipe.job.model.BookTop;
import io.marketpipe.job.model.BookUpdate;
import io.marketpipe.job.model.MarketEvent;
import io.marketpipe.job.model.RawFrame;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import io.marketpipe.simulator.SimBook;
import io.marketpipe.simulator.SimTrade;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The simulator's book is one the job can follow: its diffs and its REST snapshot, decoded as the
 * job decodes them, keep a book in sync that ends equal to the simulator's own; and each of its
 * faults (a dropped diff, a crossed update) takes that book out of sync, never to a wrong top.
 */
class SimulatedBookTest {
    private static final long T0 = 1_700_000_000_000L;

    private final FrameDecoder decoder = new FrameDecoder();
    private final BookSync sync = new BookSync(5_000, 1_000, 5);
    private final RecordedBookEvents events = new RecordedBookEvents();
    private final List<BookTop> tops = events.tops;
    private final List<BookGap> gaps = events.gaps;
    private BookState book;

    private void apply(String json) {
        RawFrame frame =
                new RawFrame(
                        Venue.BINANCE,
                        Encoding.JSON,
                        Origin.LIVE,
                        1,
                        1,
                        (T0 + 3_600_000) * 1_000,
                        json.getBytes(UTF_8));
        List<MarketEvent> out = new ArrayList<>();
        decoder.decode(frame, out::add);
        assertThat(out)
                .singleElement()
                .satisfies(e -> assertThat(e.kind).isEqualTo(MarketEvent.Kind.BOOK));
        BookUpdate u = out.get(0).book;
        if (book == null) {
            book = sync.newBook(u);
        }
        sync.apply(book, u, events);
    }

    /** Trades of a random walk around 68,000, as the simulator's generator makes them. */
    private static List<SimTrade> trades(int n) {
        Random random = new Random(11);
        List<SimTrade> trades = new ArrayList<>();
        long price = 6_800_000_000_000L;
        for (int i = 0; i < n; i++) {
            price += (random.nextInt(21) - 10) * 1_000_000L;
            trades.add(
                    new SimTrade("BTCUSDT", i + 1, price, 1_000_000, T0 + i, random.nextBoolean()));
        }
        return trades;
    }

    private static String snapshotLine(SimBook sim, int limit) {
        return "{\"symbol\":\"BTCUSDT\",\"limit\":"
                + limit
                + ",\"snapshot\":"
                + sim.snapshot(limit)
                + "}";
    }

    @Test
    void itsDiffsAndSnapshotKeepABookInSyncThatEndsAsItsOwn() {
        SimBook sim = new SimBook("BTCUSDT", 3, 5_000_000);
        List<SimTrade> trades = trades(5_000);
        for (int i = 0; i < trades.size(); i++) {
            sim.trade(trades.get(i));
            if (i % 20 == 19) {
                apply(
                        "{\"stream\":\"btcusdt@depth@100ms\",\"data\":"
                                + sim.flush(SimBook.FAST, false)
                                + "}");
            }
            if (i == 100) {
                apply(
                        snapshotLine(
                                sim, 1_000)); // taken while diffs are held, as the forwarder does
            }
        }

        assertThat(gaps).isEmpty();
        assertThat(book.inSync).isTrue();
        long[] truth = sim.top();
        BookTop last = tops.get(tops.size() - 1);
        assertThat(last.updateId).isEqualTo(sim.updateId());
        assertThat(new long[] {last.bidPrice, last.bidQuantity, last.askPrice, last.askQuantity})
                .containsExactly(truth);
    }

    @Test
    void aDroppedDiffAndACrossedUpdateEachTakeTheBookOutOfSyncUntilTheNextSnapshot() {
        SimBook sim = new SimBook("BTCUSDT", 3, 5_000_000);
        List<SimTrade> trades = trades(2_000);
        for (int i = 0; i < trades.size(); i++) {
            sim.trade(trades.get(i));
            if (i % 20 == 19) {
                String diff = sim.flush(SimBook.FAST, i == 1_499);
                if (i != 999) { // the diff lost on the way
                    apply(diff);
                }
            }
            if (i == 10 || i == 1_200 || i == 1_700) {
                apply(snapshotLine(sim, 1_000));
            }
        }

        assertThat(gaps)
                .extracting(g -> g.reason)
                .containsExactly(BookGap.Reason.GAP, BookGap.Reason.CROSSED);
        assertThat(book.inSync).isTrue();
        assertThat(tops.stream().filter(t -> t.inSync)).noneMatch(t -> t.bidPrice >= t.askPrice);
    }
}
