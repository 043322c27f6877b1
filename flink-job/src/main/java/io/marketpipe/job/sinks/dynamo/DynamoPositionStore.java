package io.marketpipe.job.sinks.dynamo;

import io.marketpipe.job.config.AwsSettings;
import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.model.EquityPoint;
import io.marketpipe.schemas.tables.DynamoTables;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * A strategy's position per venue and symbol, as of its latest bar: conditional PutItem, only if
 * absent or older by bar time, so a replay of older data never overwrites newer state and rewriting
 * the same bar is a no-op.
 */
final class DynamoPositionStore implements ConditionalStore<EquityPoint> {
    static final String CONDITION = "attribute_not_exists(#pk) OR #t < :t";

    private final DynamoDbClient client;
    private final String table;

    DynamoPositionStore(AwsSettings aws, String table, int connections) {
        this.client = DynamoClients.create(aws, connections);
        this.table = table;
    }

    static Map<String, AttributeValue> item(EquityPoint p) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(
                DynamoTables.POSITIONS_PK,
                AttributeValue.fromS(
                        DynamoTables.strategyKey(p.strategy, p.venue.name(), p.symbol)));
        item.put("strategy", AttributeValue.fromS(p.strategy));
        item.put("venue", AttributeValue.fromS(p.venue.name()));
        item.put("symbol", AttributeValue.fromS(p.symbol));
        item.put("bar_time", AttributeValue.fromN(Long.toString(p.barTime)));
        item.put("quantity", number(p.position));
        if (p.position != 0) {
            item.put("average_entry", number(p.averageEntry));
        }
        item.put("mark", number(p.mark));
        item.put("realized_pnl", number(p.realizedPnl));
        item.put("unrealized_pnl", number(p.unrealizedPnl));
        item.put("equity", number(p.equity));
        return item;
    }

    @Override
    public boolean putIfNewer(EquityPoint point) {
        Map<String, AttributeValue> item = item(point);
        try {
            client.putItem(
                    r ->
                            r.tableName(table)
                                    .item(item)
                                    .conditionExpression(CONDITION)
                                    .expressionAttributeNames(
                                            Map.of(
                                                    "#pk",
                                                    DynamoTables.POSITIONS_PK,
                                                    "#t",
                                                    "bar_time"))
                                    .expressionAttributeValues(Map.of(":t", item.get("bar_time"))));
            return true;
        } catch (ConditionalCheckFailedException newerStored) {
            return false;
        }
    }

    private static AttributeValue number(long units) {
        return AttributeValue.fromN(Decimals.toPlainString(units));
    }

    @Override
    public void close() {
        client.close();
    }
}
