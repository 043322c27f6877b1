package io.marketpipe.launcher;

import io.marketpipe.localstack.StackConfig;
import io.marketpipe.schemas.tables.DynamoTables;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The local stack's latest-price item of one Binance symbol, read consistently. */
final class LatestPrices {
    private LatestPrices() {}

    /** The item, empty when the job has written none for {@code symbol}. */
    static Map<String, AttributeValue> of(DynamoDbClient dynamo, StackConfig stack, String symbol) {
        return dynamo.getItem(
                        r ->
                                r.tableName(stack.latestPriceTable())
                                        .consistentRead(true)
                                        .key(
                                                Map.of(
                                                        DynamoTables.LATEST_PK,
                                                        AttributeValue.fromS(
                                                                DynamoTables.latestKey(
                                                                        "BINANCE", symbol)))))
                .item();
    }

    /** Whether the latest price of every symbol of {@code lastIds} is the trade with that id. */
    static boolean areTrades(DynamoDbClient dynamo, StackConfig stack, Map<String, Long> lastIds) {
        for (Map.Entry<String, Long> last : lastIds.entrySet()) {
            Map<String, AttributeValue> item = of(dynamo, stack, last.getKey());
            if (item == null
                    || !item.containsKey("trade_id")
                    || Long.parseLong(item.get("trade_id").n()) != last.getValue()) {
                return false;
            }
        }
        return true;
    }
}
