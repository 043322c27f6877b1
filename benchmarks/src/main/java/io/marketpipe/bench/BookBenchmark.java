package io.marketpipe.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

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
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Level changes an order book applies a second on one core: the simulator's depth diffs (every 20
 * trades of a random walk, each a few dozen level changes near the top), applied in sync by {@link
 * BookSync} to a book of {@code depth} levels a side, as decoded updates ({@code apply}) and from
 * their JSON frames through the job's decoder ({@code decodeAndApply}). Deeper books cost more per
 * change near the top (the levels behind it move). One invocation replays the whole sequence onto a
 * fresh book; the score is per level change.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BookBenchmark {
    static final int DIFFS = 2_000;
    private static final long T0 = 1_700_000_000_000L;

    /** Levels a side of the book the diffs apply to. */
    @Param({"40", "1000", "5000"})
    public int depth;

    private final FrameDecoder decoder = new FrameDecoder();
    private final BookSync sync = new BookSync(5_000, 1_000, 5);
    private BookUpdate snapshot;
    private final List<BookUpdate> diffs = new ArrayList<>();
    private final List<RawFrame> frames = new ArrayList<>();
    private long levelChanges;
    private Blackhole sink;
    private BookSync.Events events;

    @Setup
    public void setUp(Blackhole blackhole) {
        sink = blackhole;
        events =
                new BookSync.Events() {
                    @Override
                    public void top(BookTop top) {
                        sink.consume(top);
                    }

                    @Override
                    public void gap(BookGap gap) {
                        throw new IllegalStateException("the benchmark's book lost sync: " + gap);
                    }

                    @Override
                    public void count(BookSync.Outcome outcome, long n) {}
                };
        SimBook sim = new SimBook("BTCUSDT", 5, 10_000_000);
        Random random = new Random(5);
        long price = 6_800_000_000_000L;
        List<SimTrade> warmup = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            warmup.add(new SimTrade("BTCUSDT", i, price, 1_000_000, T0 + i, random.nextBoolean()));
        }
        warmup.forEach(sim::trade);
        sim.flush(SimBook.FAST, false);
        snapshot = deepen(decode(snapshotLine(sim)), depth);
        long trade = 20;
        while (diffs.size() < DIFFS) {
            for (int i = 0; i < 20; i++, trade++) {
                price += (random.nextInt(21) - 10) * 1_000_000L;
                sim.trade(
                        new SimTrade(
                                "BTCUSDT",
                                trade,
                                price,
                                1_000_000,
                                T0 + trade,
                                random.nextBoolean()));
            }
            RawFrame frame =
                    frame(
                            "{\"stream\":\"btcusdt@depth@100ms\",\"data\":"
                                    + sim.flush(SimBook.FAST, false)
                                    + "}");
            frames.add(frame);
            BookUpdate d = decode(frame);
            diffs.add(d);
            levelChanges += d.levels();
        }
        // the sequence keeps a book in sync: checked once, so the score counts only sound work
        replay(diffs);
    }

    /** Level changes one invocation applies; the JMH score is invocations/s times this. */
    public long levelChanges() {
        return levelChanges;
    }

    private static String snapshotLine(SimBook sim) {
        return "{\"symbol\":\"BTCUSDT\",\"limit\":5000,\"snapshot\":" + sim.snapshot(5_000) + "}";
    }

    private static RawFrame frame(String json) {
        return new RawFrame(
                Venue.BINANCE,
                Encoding.JSON,
                Origin.LIVE,
                1,
                1,
                (T0 + 3_600_000) * 1_000,
                json.getBytes(UTF_8));
    }

    private BookUpdate decode(String json) {
        return decode(frame(json));
    }

    private BookUpdate decode(RawFrame frame) {
        BookUpdate[] out = new BookUpdate[1];
        decoder.decode(
                frame,
                e -> {
                    if (e.kind != MarketEvent.Kind.BOOK) {
                        throw new IllegalStateException("not a book update: " + e.quarantined);
                    }
                    out[0] = e.book;
                });
        return out[0];
    }

    /** The snapshot with levels added past its worst up to {@code depth} a side. */
    static BookUpdate deepen(BookUpdate s, int depth) {
        s.bidPrices = extend(s.bidPrices, depth, -1);
        s.askPrices = extend(s.askPrices, depth, 1);
        s.bidQuantities = quantities(s.bidQuantities, depth);
        s.askQuantities = quantities(s.askQuantities, depth);
        s.limit = 5_000;
        return s;
    }

    private static long[] extend(long[] prices, int depth, int direction) {
        long[] out = java.util.Arrays.copyOf(prices, Math.max(depth, prices.length));
        long step = Math.abs(prices[1] - prices[0]);
        for (int i = prices.length; i < out.length; i++) {
            out[i] = out[i - 1] + direction * step;
        }
        return out;
    }

    private static long[] quantities(long[] quantities, int depth) {
        long[] out = java.util.Arrays.copyOf(quantities, Math.max(depth, quantities.length));
        for (int i = quantities.length; i < out.length; i++) {
            out[i] = 100_000_000;
        }
        return out;
    }

    private BookState replay(List<BookUpdate> updates) {
        BookState book = sync.newBook(snapshot);
        sync.apply(book, snapshot, events);
        for (BookUpdate d : updates) {
            sync.apply(book, d, events);
        }
        if (!book.inSync) {
            throw new IllegalStateException("the benchmark's book lost sync");
        }
        return book;
    }

    @Benchmark
    public BookState apply() {
        return replay(diffs);
    }

    @Benchmark
    public BookState decodeAndApply() {
        BookState book = sync.newBook(snapshot);
        sync.apply(book, snapshot, events);
        for (RawFrame frame : frames) {
            sync.apply(book, decode(frame), events);
        }
        return book;
    }
}
