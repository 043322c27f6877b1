package io.marketpipe.job.book;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.model.BookTop;
import io.marketpipe.job.model.BookUpdate;
import io.marketpipe.schemas.envelope.Venue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * From any snapshot point, with any diffs dropped, duplicated or held back, and snapshots taken at
 * any time and delivered late, the book is at every step either exactly the true book at its update
 * id, through the depth it knows exactly, or out of sync: never another book that says it is in
 * sync. And every top it writes in sync is the true top at that id.
 */
class BookSyncPropertyTest {
    private static final int UPDATES = 300;

    @Property(tries = 400)
    void anInSyncBookIsAlwaysTheTrueBook(@ForAll long seed) {
        Random random = new Random(seed);
        Truth truth = new Truth(random);
        List<BookUpdate> diffs = new ArrayList<>();
        long id = 1000 + random.nextInt(1000);
        truth.snapshotAt.put(id, truth.copy());
        while (diffs.size() < UPDATES / 3) {
            long first = id + 1;
            id += 1 + random.nextInt(3); // one diff can span several update ids
            diffs.add(truth.step(first, id));
        }
        double dropRate = random.nextInt(3) * 0.02;
        double duplicateRate = random.nextInt(3) * 0.05;
        List<BookUpdate> stream = new ArrayList<>();
        List<long[]> pendingSnapshots = new ArrayList<>(); // {deliver at index, update id}
        for (int i = 0; i < diffs.size(); i++) {
            BookUpdate d = diffs.get(i);
            if (random.nextDouble() < 0.08 || i == 0) {
                // a snapshot as of the update before this diff, delivered now or a few diffs later
                pendingSnapshots.add(new long[] {i + random.nextInt(4), d.firstUpdateId - 1});
            }
            for (long[] p : new ArrayList<>(pendingSnapshots)) {
                if (p[0] <= i) {
                    stream.add(truth.snapshot(p[1]));
                    pendingSnapshots.remove(p);
                }
            }
            if (random.nextDouble() >= dropRate) {
                stream.add(d);
            }
            if (random.nextDouble() < duplicateRate) {
                stream.add(diffs.get(Math.max(0, i - random.nextInt(3))));
            }
        }

        BookSync sync = new BookSync(1000, 50, 5);
        Books.Recorded out = new Books.Recorded();
        BookState book = sync.newBook(stream.get(0));
        for (BookUpdate u : stream) {
            sync.apply(book, u, out);
            if (book.inSync) {
                assertThat(truth.levels(book))
                        .as("the in-sync book at update id %d", book.updateId)
                        .isEqualTo(Truth.within(book, truth.snapshotAt.get(book.updateId)));
            }
        }
        for (BookTop top : out.tops) {
            if (top.inSync) {
                TreeMap<Long, Long>[] at = truth.snapshotAt.get(top.updateId);
                assertThat(top.bidPrice).isEqualTo(at[0].isEmpty() ? 0 : at[0].lastKey());
                assertThat(top.askPrice).isEqualTo(at[1].isEmpty() ? 0 : at[1].firstKey());
            }
        }
    }

    /** The venue's true book: bids below 100, asks above, so it never crosses. */
    private static final class Truth {
        private final Random random;
        private final TreeMap<Long, Long> bids = new TreeMap<>();
        private final TreeMap<Long, Long> asks = new TreeMap<>();
        final Map<Long, TreeMap<Long, Long>[]> snapshotAt = new TreeMap<>();

        Truth(Random random) {
            this.random = random;
            for (int i = 0; i < 10; i++) {
                bids.put(90L + i, 1L + random.nextInt(9));
                asks.put(101L + i, 1L + random.nextInt(9));
            }
        }

        BookUpdate step(long first, long last) {
            TreeMap<Long, Long> bidChanges = new TreeMap<>();
            TreeMap<Long, Long> askChanges = new TreeMap<>();
            for (long u = first; u <= last; u++) {
                int changes = 1 + random.nextInt(3);
                for (int c = 0; c < changes; c++) {
                    boolean bid = random.nextBoolean();
                    // prices well inside the book, so no side ever runs out of levels
                    long price = bid ? 85 + random.nextInt(15) : 101 + random.nextInt(15);
                    long quantity = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(9);
                    if (bid && price == 99 && quantity == 0
                            || !bid && price == 101 && quantity == 0) {
                        quantity = 1; // keep a level on each side
                    }
                    (bid ? bids : asks).put(price, quantity);
                    (bid ? bidChanges : askChanges).put(price, quantity);
                }
                bids.values().removeIf(q -> q == 0);
                asks.values().removeIf(q -> q == 0);
                snapshotAt.put(u, copy());
            }
            BookUpdate d = update(BookUpdate.Kind.DIFF, first, last, bidChanges, askChanges);
            return d;
        }

        @SuppressWarnings("unchecked")
        TreeMap<Long, Long>[] copy() {
            return new TreeMap[] {new TreeMap<>(bids), new TreeMap<>(asks)};
        }

        BookUpdate snapshot(long id) {
            TreeMap<Long, Long>[] at = snapshotAt.get(id);
            return update(BookUpdate.Kind.SNAPSHOT, id, id, at[0], at[1]);
        }

        private static BookUpdate update(
                BookUpdate.Kind kind,
                long first,
                long last,
                TreeMap<Long, Long> bidLevels,
                TreeMap<Long, Long> askLevels) {
            BookUpdate u = new BookUpdate();
            u.kind = kind;
            u.venue = Venue.BINANCE;
            u.symbol = Books.SYMBOL;
            u.firstUpdateId = first;
            u.lastUpdateId = last;
            u.eventTime = Books.T0 + last;
            u.bidPrices =
                    bidLevels.descendingKeySet().stream().mapToLong(Long::longValue).toArray();
            u.bidQuantities =
                    bidLevels.descendingMap().values().stream()
                            .mapToLong(Long::longValue)
                            .toArray();
            u.askPrices = askLevels.keySet().stream().mapToLong(Long::longValue).toArray();
            u.askQuantities = askLevels.values().stream().mapToLong(Long::longValue).toArray();
            return u;
        }

        /** The true levels the book can know: at or better than each side's boundary. */
        @SuppressWarnings("unchecked")
        static TreeMap<Long, Long>[] within(BookState book, TreeMap<Long, Long>[] at) {
            TreeMap<Long, Long> b = new TreeMap<>(at[0]);
            TreeMap<Long, Long> a = new TreeMap<>(at[1]);
            if (!book.bids.knownToEnd()) {
                b.headMap(book.bids.boundary, false).clear();
            }
            if (!book.asks.knownToEnd()) {
                a.tailMap(book.asks.boundary, false).clear();
            }
            return new TreeMap[] {b, a};
        }

        @SuppressWarnings("unchecked")
        TreeMap<Long, Long>[] levels(BookState book) {
            TreeMap<Long, Long> b = new TreeMap<>(Comparator.naturalOrder());
            TreeMap<Long, Long> a = new TreeMap<>();
            for (int i = 0; i < book.bids.size; i++) {
                b.put(book.bids.prices[i], book.bids.quantities[i]);
            }
            for (int i = 0; i < book.asks.size; i++) {
                a.put(book.asks.prices[i], book.asks.quantities[i]);
            }
            return new TreeMap[] {b, a};
        }
    }
}
