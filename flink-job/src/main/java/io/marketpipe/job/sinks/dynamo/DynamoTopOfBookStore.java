package io.marketpipe.job.sinks.dynamo;

import io.marketpipe.job.config.AwsSettings;
import io.marketpipe.job.model.BookTop;
import io.marketpipe.schemas.tables.DynamoTables;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Conditional PutItem: only if absent, or of an older update id. */
final class DynamoTopOfBookStore implements ConditionalStore<BookTop> {
    static final String CONDITION = "attribute_not_exists(#pk) OR #u < :u";

    private final DynamoDbClient client;
    private final String table;

    DynamoTopOfBookStore(AwsSettings aws, String table, int connections) {
        this.client = DynamoClients.create(aws, connections);
        this.table = table;
    }

    static Map<String, AttributeValue> item(BookTop top) {
        return Map.of(
                DynamoTables.TOP_OF_BOOK_PK,
                AttributeValue.fromS(DynamoTables.latestKey(top.venue.name(), top.symbol)),
                "venue",
                AttributeValue.fromS(top.venue.name()),
                "symbol",
                AttributeValue.fromS(top.symbol),
                "bid_price",
                PartiqlUpdates.number(top.bidPrice),
                "bid_quantity",
                PartiqlUpdates.number(top.bidQuantity),
                "ask_price",
                PartiqlUpdates.number(top.askPrice),
                "ask_quantity",
                PartiqlUpdates.number(top.askQuantity),
                "update_id",
                AttributeValue.fromN(Long.toString(top.updateId)),
                "event_time",
                AttributeValue.fromN(Long.toString(top.eventTime)));
    }

    @Override
    public boolean putIfNewer(BookTop top) {
        Map<String, AttributeValue> item = item(top);
        return ConditionalStore.put(
                client,
                table,
                item,
                CONDITION,
                Map.of("#pk", DynamoTables.TOP_OF_BOOK_PK, "#u", "update_id"),
                Map.of(":u", item.get("update_id")));
    }

    @Override
    public void close() {
        client.close();
    }
}
