package io.marketpipe.job.decode;

import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.model.Quarantined;
import io.marketpipe.job.model.ReasonCode;
import io.marketpipe.job.model.RoutedTrade;
import io.marketpipe.job.model.Text;
import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.envelope.Encoding;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Quarantines trades further behind the watermark than the allowed lateness ({@link
 * ReasonCode#LATE}), so every window downstream sees only on-time trades and no late trade
 * vanishes. A LATE record carries the raw frame the trade came from, which {@link
 * DecodedEventRouter} attached to its {@link RoutedTrade}; each late trade of a multi-trade frame
 * is its own record, named in the detail. Only a trade from a source split that resumed from
 * idleness behind the others can be late here without having been at risk upstream: its record
 * carries the decoded trade as JSON, encoding {@code DECODED}.
 */
public final class LateTradeFilter extends ProcessFunction<RoutedTrade, Trade> {
    private static final long serialVersionUID = 1L;
    public static final String LATE = "late";

    private final long allowedLatenessMillis;
    private transient Counter late;
    private transient LongCounter lateTotal;

    public LateTradeFilter(long allowedLatenessMillis) {
        this.allowedLatenessMillis = allowedLatenessMillis;
    }

    /** Whether {@code trade} is beyond the allowed lateness behind {@code watermark}. */
    static boolean isLate(Trade trade, long watermark, long allowedLatenessMillis) {
        return watermark != Long.MIN_VALUE && trade.tradeTime + allowedLatenessMillis <= watermark;
    }

    @Override
    public void open(Configuration parameters) {
        late = getRuntimeContext().getMetricGroup().addGroup("accounting").counter(LATE);
        lateTotal = new LongCounter();
        getRuntimeContext().addAccumulator(LATE, lateTotal);
    }

    @Override
    public void processElement(RoutedTrade routed, Context ctx, Collector<Trade> out) {
        Trade trade = routed.trade;
        long watermark = ctx.timerService().currentWatermark();
        if (!isLate(trade, watermark, allowedLatenessMillis)) {
            out.collect(trade);
            return;
        }
        late.inc();
        lateTotal.add(1);
        // what names the trade; how far behind it was depends on the run, so stays out of the id
        String identity =
                "trade "
                        + trade.symbol
                        + (trade.tradeId == Trade.NO_ID ? "" : " #" + trade.tradeId)
                        + " at "
                        + trade.tradeTime
                        + ": "
                        + Decimals.toPlainString(trade.price)
                        + " x "
                        + Decimals.toPlainString(trade.quantity);
        String detail =
                identity
                        + " is "
                        + (watermark - trade.tradeTime)
                        + " ms behind the watermark (allowed lateness "
                        + allowedLatenessMillis
                        + " ms)";
        Quarantined q;
        if (routed.lateFrame != null) {
            q = Quarantined.of(routed.lateFrame, ReasonCode.LATE, detail, identity);
        } else {
            q = new Quarantined();
            q.reason = ReasonCode.LATE;
            q.venue = trade.venue;
            q.encoding = Encoding.DECODED;
            q.raw = json(trade).getBytes(StandardCharsets.UTF_8);
            q.detail = Text.escaped(detail);
            q.ingestMicros = trade.receivedMicros;
            q.id =
                    Quarantined.idOf(
                            q.venue,
                            q.encoding,
                            0,
                            0,
                            q.ingestMicros,
                            ReasonCode.LATE,
                            identity,
                            Quarantined.sha256(q.raw));
        }
        ctx.output(DecodedEventRouter.QUARANTINE, q);
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
