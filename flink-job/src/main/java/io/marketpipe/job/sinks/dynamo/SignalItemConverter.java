package io.marketpipe.job.sinks.dynamo;

import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.model.Signal;
import io.marketpipe.schemas.tables.DynamoTables;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.dynamodb.sink.DynamoDbWriteRequest;
import org.apache.flink.connector.dynamodb.sink.DynamoDbWriteRequestType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A signal as a DynamoDB item keyed by (STRATEGY#VENUE#SYMBOL, bar and side): rewriting it is
 * idempotent.
 */
public final class SignalItemConverter implements ElementConverter<Signal, DynamoDbWriteRequest> {
    private static final long serialVersionUID = 1L;

    @Override
    public DynamoDbWriteRequest apply(Signal signal, SinkWriter.Context context) {
        return DynamoDbWriteRequest.builder()
                .setType(DynamoDbWriteRequestType.PUT)
                .setItem(item(signal))
                .build();
    }

    static Map<String, AttributeValue> item(Signal s) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(
                DynamoTables.SIGNALS_PK,
                AttributeValue.fromS(DynamoTables.strategyKey(s.strategy, s.venue, s.symbol)));
        item.put(
                DynamoTables.SIGNALS_SK,
                AttributeValue.fromS(DynamoTables.signalSortKey(s.barTime, s.side)));
        item.put("strategy", AttributeValue.fromS(s.strategy));
        item.put("venue", AttributeValue.fromS(s.venue));
        item.put("symbol", AttributeValue.fromS(s.symbol));
        item.put("interval", AttributeValue.fromS(s.interval));
        item.put("side", AttributeValue.fromS(s.side));
        item.put("reason", AttributeValue.fromS(s.reason));
        item.put("bar_time", AttributeValue.fromN(Long.toString(s.barTime)));
        item.put("price", AttributeValue.fromN(Decimals.toPlainString(s.price)));
        return item;
    }
}
