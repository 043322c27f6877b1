package io.marketpipe.job.sinks.dynamo;

import io.marketpipe.job.model.Trade;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Keeps the newest trade per instrument and writes them every flush interval and on every
 * checkpoint (so nothing acknowledged by a checkpoint is unwritten: at-least-once, and idempotent).
 */
final class LatestPriceWriter implements SinkWriter<Trade> {
    private final LatestPriceStore store;
    private final ProcessingTimeService time;
    private final long intervalMillis;
    private final Map<String, Trade> pending = new LinkedHashMap<>();
    private final Counter written;
    private final Counter skippedStale;

    LatestPriceWriter(
            LatestPriceStore store,
            ProcessingTimeService time,
            long intervalMillis,
            MetricGroup metrics) {
        this.store = store;
        this.time = time;
        this.intervalMillis = intervalMillis;
        this.written = metrics.counter("latestPriceWrites");
        this.skippedStale = metrics.counter("latestPriceStaleSkips");
        schedule();
    }

    @Override
    public void write(Trade trade, Context context) {
        pending.merge(trade.instrument(), trade, LatestPriceWriter::newer);
    }

    @Override
    public void flush(boolean endOfInput) {
        writePending();
    }

    @Override
    public void close() {
        store.close();
    }

    private void schedule() {
        time.registerTimer(
                time.getCurrentProcessingTime() + intervalMillis,
                ts -> {
                    writePending();
                    schedule();
                });
    }

    private void writePending() {
        for (Trade trade : pending.values()) {
            if (store.putIfNewer(trade)) {
                written.inc();
            } else {
                skippedStale.inc();
            }
        }
        pending.clear();
    }

    static Trade newer(Trade a, Trade b) {
        if (b.tradeTime != a.tradeTime) {
            return b.tradeTime > a.tradeTime ? b : a;
        }
        return b.tradeId > a.tradeId ? b : a;
    }
}
