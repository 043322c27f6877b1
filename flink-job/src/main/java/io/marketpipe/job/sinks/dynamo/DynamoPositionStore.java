package io.marketpipe.job.sinks.dynamo;

import io.marketpipe.job.config.AwsSettings;
import io.marketpipe.job.model.EquityPoint;
import io.marketpipe.schemas.tables.DynamoTables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementRequest;

/**
 * A strategy's position per venue and symbol, as of its latest bar: conditional PutItem, only if
 * absent or older by bar time, so a replay of older data never overwrites newer state and rewriting
 * the same bar is a no-op. Many at once go as one batch of conditional UPDATEs ({@link
 * PartiqlUpdates}), each one the batch did not apply retried as the PutItem.
 */
final class DynamoPositionStore implements PartiqlStore<EquityPoint> {
    static final String CONDITION = "attribute_not_exists(#pk) OR #t < :t";

    /** Every attribute but the key, in the UPDATE's order; an open position's entry last. */
    static final List<String> ATTRIBUTES =
            List.of(
                    "strategy",
                    "venue",
                    "symbol",
                    "bar_time",
                    "quantity",
                    "mark",
                    "realized_pnl",
                    "unrealized_pnl",
                    "equity",
                    "average_entry");

    private final DynamoDbClient client;
    private final String table;
    private final String updateOpen;
    private final String updateFlat;

    DynamoPositionStore(AwsSettings aws, String table, int connections) {
        this.client = DynamoClients.create(aws, connections);
        this.table = table;
        this.updateOpen = update(table, ATTRIBUTES, "");
        // a flat position has no entry price: the item loses it
        this.updateFlat =
                update(
                        table,
                        ATTRIBUTES.subList(0, ATTRIBUTES.size() - 1),
                        " REMOVE \"average_entry\"");
    }

    private static String update(String table, List<String> set, String remove) {
        return PartiqlUpdates.statement(
                table, set, remove, DynamoTables.POSITIONS_PK, "\"bar_time\" < ?");
    }

    @Override
    public boolean[] updateAll(List<EquityPoint> points) {
        List<BatchStatementRequest> statements = new ArrayList<>(points.size());
        for (EquityPoint point : points) {
            Map<String, AttributeValue> item = item(point);
            List<AttributeValue> parameters = new ArrayList<>(ATTRIBUTES.size() + 2);
            for (String attribute : ATTRIBUTES) {
                AttributeValue value = item.get(attribute);
                if (value != null) {
                    parameters.add(value);
                }
            }
            parameters.add(item.get(DynamoTables.POSITIONS_PK));
            parameters.add(item.get("bar_time"));
            statements.add(
                    BatchStatementRequest.builder()
                            .statement(item.containsKey("average_entry") ? updateOpen : updateFlat)
                            .parameters(parameters)
                            .build());
        }
        return PartiqlUpdates.applied(client, statements);
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
        return ConditionalStore.put(
                client,
                table,
                item,
                CONDITION,
                Map.of("#pk", DynamoTables.POSITIONS_PK, "#t", "bar_time"),
                Map.of(":t", item.get("bar_time")));
    }

    private static AttributeValue number(long units) {
        return PartiqlUpdates.number(units);
    }

    @Override
    public void close() {
        client.close();
    }
}
