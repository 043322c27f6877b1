package io.marketpipe.job.sinks.dynamo;

import io.marketpipe.job.config.AwsSettings;
import io.marketpipe.job.model.Signal;
import io.marketpipe.schemas.tables.DynamoTables;
import java.util.Map;
import org.apache.flink.api.connector.sink2.SinkWriter;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Strategy signals in DynamoDB, keyed by (STRATEGY#VENUE#SYMBOL, bar and side), so rewriting one is
 * idempotent. Written every flush interval and on every checkpoint, so a stop with a savepoint
 * leaves every signal it acknowledged in the table (the connector's async sink would keep its
 * buffer in the savepoint instead).
 */
public final class SignalsSink extends CoalescingSink<Signal> {
    private static final long serialVersionUID = 1L;

    public SignalsSink(AwsSettings aws, String table, long flushIntervalMillis, int inFlight) {
        super(aws, table, flushIntervalMillis, inFlight);
    }

    @Override
    public SinkWriter<Signal> createWriter(InitContext context) {
        return new CoalescingWriter<>(
                new Store(aws, table, inFlight),
                context.getProcessingTimeService(),
                flushIntervalMillis,
                inFlight,
                s ->
                        DynamoTables.strategyKey(s.strategy, s.venue.name(), s.symbol)
                                + '|'
                                + DynamoTables.signalSortKey(s.barTime, s.side),
                (a, b) -> b,
                context.metricGroup(),
                "signal");
    }

    /** PutItem per signal: its key is the signal itself, so a repeat overwrites it with itself. */
    private static final class Store implements ConditionalStore<Signal> {
        private final DynamoDbClient client;
        private final String table;

        Store(AwsSettings aws, String table, int connections) {
            this.client = DynamoClients.create(aws, connections);
            this.table = table;
        }

        @Override
        public boolean putIfNewer(Signal signal) {
            Map<String, AttributeValue> item = SignalItemConverter.item(signal);
            client.putItem(r -> r.tableName(table).item(item));
            return true;
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
