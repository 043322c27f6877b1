package io.marketpipe.job.reconcile;

import io.marketpipe.job.model.Bar;
import io.marketpipe.job.model.Kline;
import io.marketpipe.job.model.Reconciliation;
import java.util.List;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The venue's closed klines checked against our bars, keyed by instrument, interval and window
 * start: whichever comes first waits for the other until the watermark passes the window's end by
 * {@link #WAIT_MILLIS}. A match is counted; each difference is a {@link Reconciliation} row. A bar
 * with no kline is not (the kline stream may not be subscribed); a kline of trades with no bar is.
 */
public final class ReconcileFunction
        extends KeyedCoProcessFunction<String, Bar, Kline, Reconciliation> {
    private static final long serialVersionUID = 1L;

    public static final String MATCHED = "reconciliation.matched";
    public static final String MISMATCHED = "reconciliation.mismatched";

    /** How long past a window's end a bar or kline waits for the other, in event time. */
    static final long WAIT_MILLIS = 60_000;

    private transient ValueState<Bar> bar;
    private transient ValueState<Boolean> done;
    private transient ValueState<Kline> kline;
    private transient LongCounter matchedTotal;
    private transient LongCounter mismatchedTotal;
    private transient Counter matched;
    private transient Counter mismatched;

    /** The key both sides share. */
    public static String key(Bar b) {
        return b.venue.name() + ':' + b.symbol + '#' + b.interval + '#' + b.windowStart;
    }

    public static String key(Kline k) {
        return k.venue.name() + ':' + k.symbol + '#' + k.interval + '#' + k.openTime;
    }

    @Override
    public void open(Configuration parameters) {
        bar = getRuntimeContext().getState(new ValueStateDescriptor<>("reconcile-bar", Bar.class));
        kline =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("reconcile-kline", Kline.class));
        done =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("reconcile-done", Boolean.class));
        matchedTotal = new LongCounter();
        mismatchedTotal = new LongCounter();
        getRuntimeContext().addAccumulator(MATCHED, matchedTotal);
        getRuntimeContext().addAccumulator(MISMATCHED, mismatchedTotal);
        matched = getRuntimeContext().getMetricGroup().counter("klinesMatched");
        mismatched = getRuntimeContext().getMetricGroup().counter("klinesMismatched");
    }

    @Override
    public void processElement1(Bar b, Context ctx, Collector<Reconciliation> out)
            throws Exception {
        if (done.value() != null) {
            return; // compared already: a copy
        }
        Kline k = kline.value();
        if (k == null) {
            bar.update(b);
            ctx.timerService().registerEventTimeTimer(b.windowEnd + WAIT_MILLIS);
            return;
        }
        compare(b, k, out);
    }

    @Override
    public void processElement2(Kline k, Context ctx, Collector<Reconciliation> out)
            throws Exception {
        if (done.value() != null) {
            return; // compared already: the same kline again (a reconnect's overlap)
        }
        Bar b = bar.value();
        if (b == null) {
            kline.update(k);
            ctx.timerService().registerEventTimeTimer(k.closeTime + 1 + WAIT_MILLIS);
            return;
        }
        compare(b, k, out);
    }

    private void compare(Bar b, Kline k, Collector<Reconciliation> out) throws Exception {
        List<Reconciliation> differences = KlineCheck.differences(b, k);
        if (differences.isEmpty()) {
            matched.inc();
            matchedTotal.add(1);
        } else {
            mismatched.inc();
            mismatchedTotal.add(1);
            differences.forEach(out::collect);
        }
        bar.clear();
        kline.clear();
        done.update(true); // until the timer, so a copy of either is not taken for a new one
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Reconciliation> out)
            throws Exception {
        Kline k = kline.value();
        if (k != null && k.tradeCount > 0) {
            mismatched.inc();
            mismatchedTotal.add(1);
            out.collect(KlineCheck.noBar(k));
        }
        bar.clear();
        kline.clear();
        done.clear();
    }

    /** Closed klines of one interval. */
    public static FilterFunction<Kline> interval(String name) {
        return k -> k.closed && k.interval.equals(name);
    }
}
