package io.marketpipe.job.sinks.dynamo;

import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.model.Signal;
import io.marketpipe.schemas.tables.DynamoTables;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A signal as a DynamoDB item keyed by (STRATEGY#VENUE#SYMBOL, bar and side). */
final class SignalItemConverter {
    private SignalItemConverter() {}

    static Map<String, AttributeValue> item(Signal s) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(
                DynamoTables.SIGNALS_PK,
                AttributeValue.fromS(
                        DynamoTables.strategyKey(s.strategy, s.venue.name(), s.symbol)));
        item.put(
                DynamoTables.SIGNALS_SK,
                AttributeValue.fromS(DynamoTables.signalSortKey(s.barTime, s.side)));
        item.put("strategy", AttributeValue.fromS(s.strategy));
        item.put("venue", AttributeValue.fromS(s.venue.name()));
        item.put("symbol", AttributeValue.fromS(s.symbol));
        item.put("interval", AttributeValue.fromS(s.interval));
        item.put("side", AttributeValue.fromS(s.side));
        item.put("reason", AttributeValue.fromS(s.reason));
        item.put("bar_time", AttributeValue.fromN(Long.toString(s.barTime)));
        item.put("price", AttributeValue.fromN(Decimals.toPlainString(s.price)));
        return item;
    }
}
