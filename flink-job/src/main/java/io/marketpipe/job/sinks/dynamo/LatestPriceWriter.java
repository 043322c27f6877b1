package io.marketpipe.job.sinks.dynamo;

import io.marketpipe.job.metrics.Latencies;
import io.marketpipe.job.model.Trade;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.metrics.MetricGroup;

/** Coalesces trades to the newest per instrument, by (trade time, trade id). */
final class LatestPriceWriter extends CoalescingWriter<Trade> {
    LatestPriceWriter(
            LatestPriceStore store,
            ProcessingTimeService time,
            long intervalMillis,
            int inFlight,
            MetricGroup metrics) {
        super(
                store,
                time,
                intervalMillis,
                inFlight,
                Trade::instrument,
                LatestPriceWriter::newer,
                metrics,
                "latestPrice");
        timingAcknowledgements(t -> t.receivedMicros, metrics, Latencies.RECEIVE_TO_LATEST_PRICE);
    }

    static Trade newer(Trade a, Trade b) {
        if (b.tradeTime != a.tradeTime) {
            return b.tradeTime > a.tradeTime ? b : a;
        }
        return b.tradeId > a.tradeId ? b : a;
    }
}
