package io.marketpipe.job.sinks.dynamo;

import io.marketpipe.job.config.AwsSettings;
import io.marketpipe.job.model.Trade;
import org.apache.flink.api.connector.sink2.SinkWriter;

/**
 * The latest price per venue and symbol in DynamoDB. Writes are coalesced per symbol and
 * conditional on (trade time, trade id), so the item never goes back to an older trade on replay,
 * restart or reordering, and rewriting the same trade is a no-op.
 */
public final class LatestPriceSink extends CoalescingSink<Trade> {
    private static final long serialVersionUID = 1L;

    public LatestPriceSink(AwsSettings aws, String table, long flushIntervalMillis, int inFlight) {
        super(aws, table, flushIntervalMillis, inFlight);
    }

    @Override
    public SinkWriter<Trade> createWriter(InitContext context) {
        return new LatestPriceWriter(
                new DynamoLatestPriceStore(aws, table, inFlight),
                context.getProcessingTimeService(),
                flushIntervalMillis,
                inFlight,
                context.metricGroup());
    }
}
