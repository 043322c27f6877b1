package io.marketpipe.job.sinks.dynamo;

import io.marketpipe.job.config.AwsSettings;
import io.marketpipe.job.model.EquityPoint;
import io.marketpipe.schemas.tables.DynamoTables;
import org.apache.flink.api.connector.sink2.SinkWriter;

/**
 * Each strategy's position per venue and symbol in DynamoDB, from its equity points: coalesced to
 * the latest bar per key and written conditionally on bar time.
 */
public final class PositionsSink extends CoalescingSink<EquityPoint> {
    private static final long serialVersionUID = 1L;

    public PositionsSink(AwsSettings aws, String table, long flushIntervalMillis, int inFlight) {
        super(aws, table, flushIntervalMillis, inFlight);
    }

    @Override
    public SinkWriter<EquityPoint> createWriter(InitContext context) {
        return new CoalescingWriter<>(
                new DynamoPositionStore(aws, table, inFlight),
                context.getProcessingTimeService(),
                flushIntervalMillis,
                inFlight,
                p -> DynamoTables.strategyKey(p.strategy, p.venue.name(), p.symbol),
                (a, b) -> b.barTime >= a.barTime ? b : a,
                context.metricGroup(),
                "position");
    }
}
