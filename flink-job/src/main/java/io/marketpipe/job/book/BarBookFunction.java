package io.marketpipe.job.book;

import io.marketpipe.job.model.Bar;
import io.marketpipe.job.model.BookWindow;
import io.marketpipe.job.model.Decimals;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Gives one interval's closed bars their book fields: the time-weighted spread, the mid and the
 * imbalance at the close, and how long the book was in sync in the window ({@link BookWindow}, from
 * {@link BookFunction}). Keyed by instrument. A bar waits for the watermark to pass its window, by
 * which time its book window has come if the instrument has a book; a bar with none keeps its book
 * fields null. Nothing else about a bar changes, and none is held past the watermark that closed
 * it.
 */
public final class BarBookFunction extends KeyedCoProcessFunction<String, Bar, BookWindow, Bar> {
    private static final long serialVersionUID = 1L;

    private transient MapState<Long, Bar> bars;
    private transient ListState<BookWindow> windows;

    public static String key(Bar bar) {
        return bar.venue.name() + ':' + bar.symbol;
    }

    @Override
    public void open(Configuration parameters) {
        bars =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "bars", Types.LONG, TypeInformation.of(Bar.class)));
        windows =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "book-windows", TypeInformation.of(BookWindow.class)));
    }

    @Override
    public void processElement1(Bar bar, Context ctx, Collector<Bar> out) throws Exception {
        long due = bar.windowEnd - 1;
        if (due <= ctx.timerService().currentWatermark()) {
            // not expected (a window's bar comes before the watermark that closed it), but never
            // lost
            out.collect(withBook(bar, windows.get()));
            return;
        }
        bars.put(bar.windowStart, bar);
        ctx.timerService().registerEventTimeTimer(due);
    }

    @Override
    public void processElement2(BookWindow window, Context ctx, Collector<Bar> out)
            throws Exception {
        windows.add(window);
        ctx.timerService().registerEventTimeTimer(window.runEnd - 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Bar> out) throws Exception {
        Iterable<BookWindow> known = windows.get();
        List<Long> done = new ArrayList<>();
        for (Map.Entry<Long, Bar> e : bars.entries()) {
            Bar bar = e.getValue();
            if (bar.windowEnd - 1 <= timestamp) {
                out.collect(withBook(bar, known));
                done.add(e.getKey());
            }
        }
        for (Long start : done) {
            bars.remove(start);
        }
        // every bar of a window this old has come: its book values are no longer needed
        List<BookWindow> kept = new ArrayList<>();
        for (BookWindow w : known) {
            if (w.runEnd - 1 > timestamp) {
                kept.add(w);
            }
        }
        windows.update(kept);
    }

    /** {@code bar} with the book fields of the book window that covers it, if one does. */
    static Bar withBook(Bar bar, Iterable<BookWindow> known) {
        if (known == null) {
            return bar;
        }
        for (Iterator<BookWindow> it = known.iterator(); it.hasNext(); ) {
            BookWindow w = it.next();
            if (w.covers(bar.windowStart)) {
                Bar b = bar.copy();
                b.bookInSyncMillis = w.inSyncMillis;
                b.bookSpread = w.spreadTimeWeighted;
                b.bookMid = w.closeBid > 0 ? Decimals.mid(w.closeBid, w.closeAsk) : null;
                b.bookImbalance = w.closeImbalance;
                return b;
            }
        }
        return bar;
    }
}
