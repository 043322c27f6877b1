package io.marketpipe.job.book;

import io.marketpipe.job.model.BookGap;
import io.marketpipe.job.model.BookSnapshot;
import io.marketpipe.job.model.BookTop;
import io.marketpipe.job.model.BookUpdate;
import io.marketpipe.job.model.BookWindow;
import io.marketpipe.job.model.Quote;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The thin Flink shell of {@link BookSync}: one book per instrument in keyed state, fed the
 * instrument's depth frames in the order its source read them (never held for the watermark, so a
 * diff is applied as soon as it comes) and its best bid/ask quotes as witnesses. Writes a {@link
 * BookTop} per applied update, {@link BookGap} episodes to {@link #GAPS}, and counts every outcome
 * as a metric and an accumulator ({@code book.<outcome>}); the {@link BookClock}'s windows,
 * snapshots and sampled tops to side outputs, its instants reached by event-time timers when a book
 * goes quiet. At the end of input (the final watermark) each book writes what it still held.
 */
public final class BookFunction extends KeyedCoProcessFunction<String, BookUpdate, Quote, BookTop> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<BookGap> GAPS = new OutputTag<BookGap>("book-gaps") {};

    /** What each book was like over each bar window, for the bars. */
    public static final OutputTag<BookWindow> WINDOWS =
            new OutputTag<BookWindow>("book-windows") {};

    public static final OutputTag<BookSnapshot> SNAPSHOTS =
            new OutputTag<BookSnapshot>("book-snapshots") {};

    /** Tops on a grid of event time, when {@code book / top.sample.ms} asks for them. */
    public static final OutputTag<BookTop> SAMPLED_TOPS =
            new OutputTag<BookTop>("book-sampled-tops") {};

    /** Books in sync now, summed over subtasks: +1 as a book syncs, -1 as it loses sync. */
    public static final String IN_SYNC = "book.in_sync";

    /** Times a book that had been in sync came back in sync. */
    public static final String RESYNCS = "book.resyncs";

    /** The accumulator of an outcome: {@code book.diff_applied}, ... */
    public static String accumulator(BookSync.Outcome outcome) {
        return "book." + outcome.name().toLowerCase(Locale.ROOT);
    }

    private final int maxLevels;
    private final int maxBuffered;
    private final int imbalanceLevels;
    private final BookClock clock;

    private transient BookSync sync;
    private transient ValueState<BookState> book;
    private transient Map<BookSync.Outcome, Counter> counters;
    private transient Map<BookSync.Outcome, LongCounter> totals;
    private transient LongCounter inSync;
    private transient LongCounter resyncs;

    public BookFunction(int maxLevels, int maxBuffered, int imbalanceLevels, BookClock clock) {
        this.maxLevels = maxLevels;
        this.maxBuffered = maxBuffered;
        this.imbalanceLevels = imbalanceLevels;
        this.clock = clock;
    }

    @Override
    public void open(Configuration parameters) {
        sync = new BookSync(maxLevels, maxBuffered, imbalanceLevels, clock);
        book =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "book", TypeInformation.of(BookState.class)));
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("book");
        inSync = new LongCounter();
        resyncs = new LongCounter();
        getRuntimeContext().addAccumulator(IN_SYNC, inSync);
        getRuntimeContext().addAccumulator(RESYNCS, resyncs);
        group.gauge("inSync", (Gauge<Long>) inSync::getLocalValue);
        counters = new EnumMap<>(BookSync.Outcome.class);
        totals = new EnumMap<>(BookSync.Outcome.class);
        for (BookSync.Outcome outcome : BookSync.Outcome.values()) {
            counters.put(outcome, group.counter(outcome.name().toLowerCase(Locale.ROOT)));
            LongCounter total = new LongCounter();
            totals.put(outcome, total);
            getRuntimeContext().addAccumulator(accumulator(outcome), total);
        }
    }

    @Override
    public void processElement1(BookUpdate update, Context ctx, Collector<BookTop> out)
            throws Exception {
        BookState state = book.value();
        if (state == null) {
            state = sync.newBook(update);
            // fires with the final watermark, at the end of input
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }
        boolean wasInSync = state.inSync;
        boolean wasEverInSync = state.everInSync;
        sync.apply(state, update, events(ctx, out));
        if (state.inSync != wasInSync) {
            inSync.add(state.inSync ? 1 : -1);
            if (state.inSync && wasEverInSync) {
                resyncs.add(1);
            }
        }
        book.update(state);
    }

    @Override
    public void processElement2(Quote quote, Context ctx, Collector<BookTop> out) throws Exception {
        BookState state = book.value();
        if (state == null || quote.updateId < 0) {
            return; // no book to check it against
        }
        sync.quote(state, quote, events(ctx, out));
        book.update(state);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<BookTop> out)
            throws Exception {
        BookState state = book.value();
        if (state == null) {
            return;
        }
        if (timestamp == Long.MAX_VALUE) {
            sync.finish(state, events(ctx, out));
        } else {
            sync.reach(state, timestamp + 1, events(ctx, out));
        }
        book.update(state);
    }

    private BookSync.Events events(Context ctx, Collector<BookTop> out) {
        return new BookSync.Events() {
            @Override
            public void top(BookTop top) {
                out.collect(top);
            }

            @Override
            public void gap(BookGap gap) {
                ctx.output(GAPS, gap);
            }

            @Override
            public void window(BookWindow window) {
                ctx.output(WINDOWS, window);
            }

            @Override
            public void snapshot(BookSnapshot snapshot) {
                ctx.output(SNAPSHOTS, snapshot);
            }

            @Override
            public void sampledTop(BookTop top) {
                ctx.output(SAMPLED_TOPS, top);
            }

            @Override
            public void timer(long time) {
                ctx.timerService().registerEventTimeTimer(time);
            }

            @Override
            public void count(BookSync.Outcome outcome, long n) {
                if (n != 0) {
                    counters.get(outcome).inc(n);
                    totals.get(outcome).add(n);
                }
            }
        };
    }
}
