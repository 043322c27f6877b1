package io.marketpipe.job.sinks.dynamo;

import io.marketpipe.job.config.AwsSettings;
import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.tables.DynamoTables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementRequest;

/**
 * Conditional PutItem: only if absent, or older by (trade_time, trade_id). Many at once go as one
 * batch of up to {@value PartiqlUpdates#BATCH} conditional UPDATEs ({@link PartiqlUpdates}), so in
 * the steady state of known symbols one request carries that many prices; one the batch did not
 * apply (newer stored, or absent) is retried as the PutItem.
 */
final class DynamoLatestPriceStore implements LatestPriceStore, PartiqlStore<Trade> {
    static final String CONDITION =
            "attribute_not_exists(#pk) OR #t < :t OR (#t = :t AND #id < :id)";

    private final DynamoDbClient client;
    private final String table;
    private final String update;

    DynamoLatestPriceStore(AwsSettings aws, String table, int connections) {
        this.client = DynamoClients.create(aws, connections);
        this.table = table;
        this.update =
                PartiqlUpdates.statement(
                        table,
                        List.of("venue", "symbol", "price", "quantity", "trade_time", "trade_id"),
                        "",
                        DynamoTables.LATEST_PK,
                        "\"trade_time\" < ? OR (\"trade_time\" = ? AND \"trade_id\" < ?)");
    }

    @Override
    public boolean[] updateAll(List<Trade> trades) {
        List<BatchStatementRequest> statements = new ArrayList<>(trades.size());
        for (Trade trade : trades) {
            Map<String, AttributeValue> item = item(trade);
            AttributeValue time = item.get("trade_time");
            AttributeValue id = item.get("trade_id");
            statements.add(
                    BatchStatementRequest.builder()
                            .statement(update)
                            .parameters(
                                    item.get("venue"),
                                    item.get("symbol"),
                                    item.get("price"),
                                    item.get("quantity"),
                                    time,
                                    id,
                                    item.get(DynamoTables.LATEST_PK),
                                    time,
                                    time,
                                    id)
                            .build());
        }
        return PartiqlUpdates.applied(client, statements);
    }

    static Map<String, AttributeValue> item(Trade trade) {
        return Map.of(
                DynamoTables.LATEST_PK,
                AttributeValue.fromS(DynamoTables.latestKey(trade.venue.name(), trade.symbol)),
                "venue",
                AttributeValue.fromS(trade.venue.name()),
                "symbol",
                AttributeValue.fromS(trade.symbol),
                "price",
                PartiqlUpdates.number(trade.price),
                "quantity",
                PartiqlUpdates.number(trade.quantity),
                "trade_time",
                AttributeValue.fromN(Long.toString(trade.tradeTime)),
                "trade_id",
                AttributeValue.fromN(Long.toString(trade.tradeId)));
    }

    @Override
    public boolean putIfNewer(Trade trade) {
        Map<String, AttributeValue> item = item(trade);
        return ConditionalStore.put(
                client,
                table,
                item,
                CONDITION,
                Map.of("#pk", DynamoTables.LATEST_PK, "#t", "trade_time", "#id", "trade_id"),
                Map.of(":t", item.get("trade_time"), ":id", item.get("trade_id")));
    }

    @Override
    public void close() {
        client.close();
    }
}
