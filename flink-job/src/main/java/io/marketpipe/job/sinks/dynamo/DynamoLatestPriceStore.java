package io.marketpipe.job.sinks.dynamo;

import io.marketpipe.job.config.AwsSettings;
import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.tables.DynamoTables;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Conditional PutItem: only if absent, or older by (trade_time, trade_id). */
final class DynamoLatestPriceStore implements LatestPriceStore {
    static final String CONDITION =
            "attribute_not_exists(#pk) OR #t < :t OR (#t = :t AND #id < :id)";

    private final DynamoDbClient client;
    private final String table;

    DynamoLatestPriceStore(AwsSettings aws, String table, int connections) {
        this.client = DynamoClients.create(aws, connections);
        this.table = table;
    }

    @Override
    public boolean putIfNewer(Trade trade) {
        Map<String, AttributeValue> item =
                Map.of(
                        DynamoTables.LATEST_PK,
                        AttributeValue.fromS(
                                DynamoTables.latestKey(trade.venue.name(), trade.symbol)),
                        "venue",
                        AttributeValue.fromS(trade.venue.name()),
                        "symbol",
                        AttributeValue.fromS(trade.symbol),
                        "price",
                        AttributeValue.fromN(Decimals.toPlainString(trade.price)),
                        "quantity",
                        AttributeValue.fromN(Decimals.toPlainString(trade.quantity)),
                        "trade_time",
                        AttributeValue.fromN(Long.toString(trade.tradeTime)),
                        "trade_id",
                        AttributeValue.fromN(Long.toString(trade.tradeId)));
        try {
            client.putItem(
                    r ->
                            r.tableName(table)
                                    .item(item)
                                    .conditionExpression(CONDITION)
                                    .expressionAttributeNames(
                                            Map.of(
                                                    "#pk",
                                                    DynamoTables.LATEST_PK,
                                                    "#t",
                                                    "trade_time",
                                                    "#id",
                                                    "trade_id"))
                                    .expressionAttributeValues(
                                            Map.of(
                                                    ":t",
                                                    item.get("trade_time"),
                                                    ":id",
                                                    item.get("trade_id"))));
            return true;
        } catch (ConditionalCheckFailedException newerStored) {
            return false;
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
