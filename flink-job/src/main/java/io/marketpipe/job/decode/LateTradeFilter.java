package io.marketpipe.job.decode;

import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.model.Quarantined;
import io.marketpipe.job.model.ReasonCode;
import io.marketpipe.job.model.Trade;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Quarantines trades further behind the watermark than the allowed lateness ({@link
 * ReasonCode#LATE}), so every window downstream sees only on-time trades and no late trade
 * vanishes. A LATE record carries the decoded trade as JSON in place of the raw frame.
 */
public final class LateTradeFilter extends ProcessFunction<Trade, Trade> {
    private static final long serialVersionUID = 1L;
    public static final String LATE = "late";

    private final long allowedLatenessMillis;
    private transient Counter late;
    private transient LongCounter lateTotal;

    public LateTradeFilter(long allowedLatenessMillis) {
        this.allowedLatenessMillis = allowedLatenessMillis;
    }

    @Override
    public void open(Configuration parameters) {
        late = getRuntimeContext().getMetricGroup().addGroup("accounting").counter(LATE);
        lateTotal = new LongCounter();
        getRuntimeContext().addAccumulator(LATE, lateTotal);
    }

    @Override
    public void processElement(Trade trade, Context ctx, Collector<Trade> out) {
        long watermark = ctx.timerService().currentWatermark();
        if (watermark != Long.MIN_VALUE && trade.tradeTime + allowedLatenessMillis <= watermark) {
            late.inc();
            lateTotal.add(1);
            Quarantined q = new Quarantined();
            q.reason = ReasonCode.LATE.name();
            q.venue = trade.venue;
            q.encoding = "DECODED";
            q.raw = json(trade).getBytes(StandardCharsets.UTF_8);
            q.detail =
                    "trade time "
                            + trade.tradeTime
                            + " is "
                            + (watermark - trade.tradeTime)
                            + " ms behind the watermark"
                            + " (allowed lateness "
                            + allowedLatenessMillis
                            + " ms)";
            q.ingestMicros = trade.receivedMicros;
            ctx.output(DecodeFunction.QUARANTINE, q);
            return;
        }
        out.collect(trade);
    }

    private static String json(Trade t) {
        return "{\"venue\":\""
                + t.venue
                + "\",\"symbol\":\""
                + t.symbol
                + "\",\"trade_id\":"
                + t.tradeId
                + ",\"price\":\""
                + Decimals.toPlainString(t.price)
                + "\",\"quantity\":\""
                + Decimals.toPlainString(t.quantity)
                + "\",\"trade_time\":"
                + t.tradeTime
                + ",\"buyer_is_maker\":"
                + t.buyerIsMaker
                + "}";
    }
}
