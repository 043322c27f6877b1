package io.marketpipe.job.decode;

import io.marketpipe.job.model.MarketEvent;
import io.marketpipe.job.model.Quarantined;
import io.marketpipe.job.model.ReasonCode;
import io.marketpipe.job.model.Trade;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Routes decoded events: trades on, quarantine records to the side output {@link #QUARANTINE},
 * control frames counted and dropped. Every frame is counted, as Flink metrics (dashboards) and
 * accumulators (summaries).
 */
public final class DecodeFunction extends ProcessFunction<MarketEvent, Trade> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<Quarantined> QUARANTINE =
            new OutputTag<Quarantined>("quarantine") {};

    public static final String FRAMES = "frames";
    public static final String TRADES = "trades";
    public static final String CONTROL = "control";
    public static final String QUARANTINED = "quarantined";

    private transient Accounting accounting;

    @Override
    public void open(Configuration parameters) {
        accounting = new Accounting(getRuntimeContext().getMetricGroup().addGroup("accounting"));
        getRuntimeContext().addAccumulator(FRAMES, accounting.framesTotal);
        getRuntimeContext().addAccumulator(TRADES, accounting.tradesTotal);
        getRuntimeContext().addAccumulator(CONTROL, accounting.controlTotal);
        getRuntimeContext().addAccumulator(QUARANTINED, accounting.quarantinedTotal);
    }

    @Override
    public void processElement(MarketEvent event, Context ctx, Collector<Trade> out) {
        if (event.firstOfFrame) {
            accounting.frame();
        }
        switch (event.kind) {
            case TRADE:
                accounting.trade();
                out.collect(event.trade);
                break;
            case CONTROL:
                accounting.control();
                break;
            default:
                accounting.quarantined(ReasonCode.valueOf(event.quarantined.reason));
                ctx.output(QUARANTINE, event.quarantined);
        }
    }

    /** Counters per outcome. */
    private static final class Accounting {
        final LongCounter framesTotal = new LongCounter();
        final LongCounter tradesTotal = new LongCounter();
        final LongCounter controlTotal = new LongCounter();
        final LongCounter quarantinedTotal = new LongCounter();
        final Counter frames;
        final Counter trades;
        final Counter control;
        final Map<ReasonCode, Counter> quarantined = new EnumMap<>(ReasonCode.class);

        Accounting(MetricGroup group) {
            frames = group.counter(FRAMES);
            trades = group.counter(TRADES);
            control = group.counter(CONTROL);
            MetricGroup reasons = group.addGroup(QUARANTINED);
            for (ReasonCode reason : ReasonCode.values()) {
                quarantined.put(reason, reasons.counter(reason.name()));
            }
        }

        void frame() {
            frames.inc();
            framesTotal.add(1);
        }

        void trade() {
            trades.inc();
            tradesTotal.add(1);
        }

        void control() {
            control.inc();
            controlTotal.add(1);
        }

        void quarantined(ReasonCode reason) {
            quarantined.get(reason).inc();
            quarantinedTotal.add(1);
        }
    }
}
