package io.marketpipe.job.signals;

import io.marketpipe.job.metrics.Latencies;
import io.marketpipe.job.model.EquityPoint;
import io.marketpipe.job.model.Fill;
import io.marketpipe.job.model.RoundTrip;
import io.marketpipe.job.model.Signal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The Flink shell around {@link StrategyEngine}: keyed by {@code STRATEGY#VENUE#SYMBOL}, it loads
 * the key's state, applies the bar and stores the state. Signals are the main output; fills, round
 * trips and equity go to side outputs. A flat key with no bar for the idle TTL (event time) forgets
 * its rule state (bars, averages, trend) by a timer, never its money: a key that has traded keeps
 * its realised PnL, fees and round-trip count in three longs, and its next bar starts from them. An
 * open position is kept, bounded, until it closes.
 */
public final class StrategyFunction extends KeyedProcessFunction<String, StrategyBar, Signal> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<Fill> FILLS = new OutputTag<Fill>("fills") {};
    public static final OutputTag<RoundTrip> ROUND_TRIPS =
            new OutputTag<RoundTrip>("round-trips") {};
    public static final OutputTag<EquityPoint> EQUITY = new OutputTag<EquityPoint>("equity") {};

    /** Accumulator and metric names. */
    public static final String SIGNALS = "strategies.signals";

    public static final String ROUND_TRIP_COUNT = "strategies.round-trips";

    private final List<StrategySpec> specs;
    private final long idleTtlMillis;
    private transient Map<String, StrategyEngine> engines;
    private transient ValueState<StrategyState> state;
    private transient ValueState<Long> cleanupAt;

    /** Realised PnL, fees paid and round trips of a key whose rule state was dropped. */
    private transient ValueState<long[]> money;

    private transient Counter signals;
    private transient Counter roundTrips;
    private transient Histogram receiveToSignal;

    public StrategyFunction(List<StrategySpec> specs, long idleTtlMillis) {
        this.specs = List.copyOf(specs);
        this.idleTtlMillis = idleTtlMillis;
    }

    @Override
    public void open(Configuration parameters) {
        engines = new HashMap<>();
        specs.forEach(spec -> engines.put(spec.id, new StrategyEngine(spec)));
        state =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "strategy", TypeInformation.of(StrategyState.class)));
        cleanupAt =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("strategy-cleanup-at", Long.class));
        money =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "strategy-money",
                                        PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        signals = getRuntimeContext().getMetricGroup().addGroup("strategies").counter("signals");
        roundTrips =
                getRuntimeContext().getMetricGroup().addGroup("strategies").counter("roundTrips");
        receiveToSignal =
                Latencies.histogram(
                        getRuntimeContext().getMetricGroup(), Latencies.RECEIVE_TO_SIGNAL);
        getRuntimeContext()
                .addAccumulator(
                        SIGNALS, new org.apache.flink.api.common.accumulators.LongCounter());
        getRuntimeContext()
                .addAccumulator(
                        ROUND_TRIP_COUNT,
                        new org.apache.flink.api.common.accumulators.LongCounter());
    }

    @Override
    public void processElement(StrategyBar in, Context ctx, Collector<Signal> out)
            throws Exception {
        StrategyEngine engine = engines.get(in.strategy);
        if (engine == null) {
            return; // a strategy removed from the configuration: its bars were routed before
        }
        StrategyState s = state.value();
        if (s == null) {
            s = engine.newState();
            long[] kept = money.value();
            if (kept != null) {
                s.realizedPnl = kept[0];
                s.feesPaid = kept[1];
                s.roundTrips = kept[2];
            }
        }
        boolean applied =
                engine.onBar(
                        s,
                        in.bar,
                        new StrategyOutput() {
                            @Override
                            public void signal(Signal signal) {
                                signals.inc();
                                getRuntimeContext().getLongCounter(SIGNALS).add(1);
                                if (in.bar.lastReceivedMicros > 0) {
                                    receiveToSignal.update(
                                            Latencies.sinceReceive(
                                                    in.bar.lastReceivedMicros,
                                                    ctx.timerService().currentProcessingTime()));
                                }
                                out.collect(signal);
                            }

                            @Override
                            public void fill(Fill fill) {
                                ctx.output(FILLS, fill);
                            }

                            @Override
                            public void roundTrip(RoundTrip roundTrip) {
                                roundTrips.inc();
                                getRuntimeContext().getLongCounter(ROUND_TRIP_COUNT).add(1);
                                ctx.output(ROUND_TRIPS, roundTrip);
                            }

                            @Override
                            public void equity(EquityPoint point) {
                                ctx.output(EQUITY, point);
                            }
                        });
        if (!applied) {
            return;
        }
        state.update(s);
        Long previous = cleanupAt.value();
        if (previous != null) {
            ctx.timerService().deleteEventTimeTimer(previous);
        }
        long at = s.lastBarEnd + idleTtlMillis;
        ctx.timerService().registerEventTimeTimer(at);
        cleanupAt.update(at);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Signal> out)
            throws Exception {
        StrategyState s = state.value();
        cleanupAt.clear();
        if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
            // the end of event time (a drain, the end of a replay): nothing is left to forget, and
            // a last bar can still be on its way from a window subtask that was idle when another
            // subtask's final watermark arrived here; it needs this key's state
            return;
        }
        if (s != null && s.flat() && s.pendingSide == null) {
            if (s.realizedPnl != 0 || s.feesPaid != 0 || s.roundTrips != 0) {
                money.update(new long[] {s.realizedPnl, s.feesPaid, s.roundTrips});
            }
            state.clear();
        }
    }
}
