package io.marketpipe.bench;

import io.marketpipe.job.book.BookState;
import io.marketpipe.job.book.BookSync;
import io.marketpipe.job.model.BookGap;
import io.marketpipe.job.model.BookTop;
import io.marketpipe.job.model.BookUpdate;
import io.marketpipe.schemas.envelope.Venue;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * What a book costs in keyed state, as the job's own serializer writes it (what a checkpoint holds
 * per symbol): a book in sync with 1,000 and 5,000 levels a side, and 1,000 such books; and the
 * level changes one {@link BookBenchmark} invocation applies at each depth, to turn its score into
 * level changes a second.
 */
public final class BookStateSizes {
    private BookStateSizes() {}

    public static void main(String[] args) throws Exception {
        TypeSerializer<BookState> serializer =
                TypeInformation.of(BookState.class).createSerializer(new ExecutionConfig());
        System.out.println("state serializer: " + serializer.getClass().getSimpleName());
        for (int levels : new int[] {1_000, 5_000}) {
            BookState book = book(levels);
            DataOutputSerializer out = new DataOutputSerializer(1 << 20);
            serializer.serialize(book, out);
            System.out.printf(
                    "book of %,d levels a side: %,d bytes of state (%.1f bytes a level); 1,000 such"
                            + " books: %.1f MB a full checkpoint%n",
                    levels,
                    out.length(),
                    out.length() / (2.0 * levels),
                    out.length() * 1_000 / 1e6);
        }
        for (int depth : new int[] {40, 1_000, 5_000}) {
            BookBenchmark b = new BookBenchmark();
            b.depth = depth;
            b.setUp(
                    new org.openjdk.jmh.infra.Blackhole(
                            "Today's password is swordfish. I understand instantiating Blackholes"
                                    + " directly is dangerous."));
            System.out.printf(
                    "BookBenchmark depth=%d: %,d level changes an invocation (%d diffs)%n",
                    depth, b.levelChanges(), BookBenchmark.DIFFS);
        }
    }

    private static BookState book(int levels) {
        BookSync sync = new BookSync(5_000, 1_000, 5);
        BookUpdate s = new BookUpdate();
        s.kind = BookUpdate.Kind.SNAPSHOT;
        s.venue = Venue.BINANCE;
        s.symbol = "BTCUSDT";
        s.firstUpdateId = s.lastUpdateId = 1_000_000_000L;
        s.bidPrices = new long[levels];
        s.bidQuantities = new long[levels];
        s.askPrices = new long[levels];
        s.askQuantities = new long[levels];
        for (int i = 0; i < levels; i++) {
            s.bidPrices[i] = 6_800_000_000_000L - i * 1_000_000L;
            s.askPrices[i] = 6_800_001_000_000L + i * 1_000_000L;
            s.bidQuantities[i] = 12_345_678L + i;
            s.askQuantities[i] = 87_654_321L + i;
        }
        BookState book = sync.newBook(s);
        sync.apply(
                book,
                s,
                new BookSync.Events() {
                    @Override
                    public void top(BookTop top) {}

                    @Override
                    public void gap(BookGap gap) {}

                    @Override
                    public void count(BookSync.Outcome outcome, long n) {}
                });
        return book;
    }
}
